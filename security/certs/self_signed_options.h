#pragma once
// SelfSignedOptions: the guide's "Create Self-Signed Certificate" screen — digital signature
// algorithm (key kind and digest), issuer (also the subject: 1..64 printable characters) and
// days of validity (1..9,999).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"
#include "security/certs/key_kind.h"

namespace mfp::security::certs {

inline constexpr std::int32_t kMinValidityDays = 1;
inline constexpr std::int32_t kMaxValidityDays = 9999;
inline constexpr std::size_t kMaxAltNames = 64;

// Whether `name` may stand in a certificate's subjectAltName as a DNS name: 1..253 letters,
// digits, '-' and '.', not starting with '.' or '-'.
[[nodiscard]] bool is_dns_name(std::string_view name) noexcept;

struct SelfSignedOptions {
  KeyKind key = KeyKind::ecdsa_p256;
  SignatureDigest digest = SignatureDigest::sha256;
  std::string common_name = "OpenMFP";
  std::int32_t validity_days = 825;
  // subjectAltName: the host names and IP addresses clients reach the device by. Browsers
  // accept a server certificate only for a name listed here (never the common name), even
  // when the user installed it as a trusted root, as the guide asks.
  std::vector<std::string> dns_names;     // "localhost", "printer.example"
  std::vector<std::string> ip_addresses;  // "127.0.0.1", "::1"

  // The first-start certificate: ECDSA P-256 / SHA-256 (a fast key to make at first start,
  // 128-bit security, FIPS approved, accepted by every TLS 1.2/1.3 client), CN "OpenMFP", and
  // 825 days: the longest validity Apple platforms (AirPrint clients of IPPS) accept for a TLS
  // server certificate, which also caps how long one key serves before it is replaced.
  [[nodiscard]] static SelfSignedOptions first_start_defaults() { return {}; }

  // ok, or invalid_argument: common name not 1..64 printable characters, validity outside
  // 1..9999 days, a DNS name that is not 1..253 letters, digits, '-' and '.', an IP address
  // that is not an IPv4 or IPv6 literal, more than 64 names in all.
  [[nodiscard]] pipeline::Status validate() const;
};

}  // namespace mfp::security::certs
