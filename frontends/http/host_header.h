#pragma once
// HostHeader: the host and port of an HTTP Host field (RFC 9110 section 7.2), parsed once for
// every front end that builds URIs or redirects from it. Accepts a DNS name (letters, digits,
// '-', '.'), an IPv4 literal or a bracketed IPv6 literal, and an optional decimal port
// 1..65535; anything else (user info, paths, control characters, over 253 characters) is not
// a host, so a caller falls back to its own name and never echoes the field.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mfp::frontends::http {

struct HostHeader {
  std::string host;                   // "printer.example", "192.0.2.1", "[::1]"
  std::optional<std::uint16_t> port;  // absent when the field has none

  // nullopt when `field` is not a plausible Host value.
  [[nodiscard]] static std::optional<HostHeader> parse(std::string_view field);
};

}  // namespace mfp::frontends::http
