#include "frontends/http/host_header.h"

#include <cctype>
#include <charconv>

namespace mfp::frontends::http {

namespace {

bool plausible_host(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return false;
    for (char c : host.substr(1, host.size() - 2)) {
      if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.')) return false;
    }
    return true;
  }
  for (char c : host) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) return false;
  }
  return true;
}

}  // namespace

std::optional<HostHeader> HostHeader::parse(std::string_view field) {
  std::string_view host = field;
  std::optional<std::uint16_t> port;
  const std::size_t colon = field.rfind(':');
  // A colon after the closing bracket (or in a name) starts the port; inside brackets it is
  // the IPv6 literal's.
  if (colon != std::string_view::npos && field.find(']', colon) == std::string_view::npos &&
      (field.front() == '[' ? field.find(']') < colon : true)) {
    const std::string_view digits = field.substr(colon + 1);
    std::uint16_t p = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), p);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || p == 0) {
      return std::nullopt;
    }
    port = p;
    host = field.substr(0, colon);
  }
  if (!plausible_host(host)) return std::nullopt;
  return HostHeader{std::string(host), port};
}

}  // namespace mfp::frontends::http
