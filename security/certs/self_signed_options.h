#pragma once
// SelfSignedOptions: the guide's "Create Self-Signed Certificate" screen — digital signature
// algorithm (key kind and digest), issuer (also the subject: 1..64 printable characters) and
// days of validity (1..9,999).

#include <cstdint>
#include <string>

#include "pipeline/status.h"
#include "security/certs/key_kind.h"

namespace mfp::security::certs {

inline constexpr std::int32_t kMinValidityDays = 1;
inline constexpr std::int32_t kMaxValidityDays = 9999;

struct SelfSignedOptions {
  KeyKind key = KeyKind::ecdsa_p256;
  SignatureDigest digest = SignatureDigest::sha256;
  std::string common_name = "OpenMFP";
  std::int32_t validity_days = 825;

  // The first-start certificate: ECDSA P-256 / SHA-256 (a fast key to make at first start,
  // 128-bit security, FIPS approved, accepted by every TLS 1.2/1.3 client), CN "OpenMFP", and
  // 825 days: the longest validity Apple platforms (AirPrint clients of IPPS) accept for a TLS
  // server certificate, which also caps how long one key serves before it is replaced.
  [[nodiscard]] static SelfSignedOptions first_start_defaults() { return {}; }

  // ok, or invalid_argument: common name not 1..64 printable characters, validity outside
  // 1..9999 days.
  [[nodiscard]] pipeline::Status validate() const;
};

}  // namespace mfp::security::certs
