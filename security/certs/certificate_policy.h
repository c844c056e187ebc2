#pragma once
// check_certificate(): the device's acceptance rules for any certificate it imports or loads,
// each failure a Status naming the rule:
//   - public key RSA of at least 2,048 bits, or ECDSA on P-256, P-384 or P-521 (unsupported
//     otherwise: an RSA-1024 key, DSA, other curves);
//   - signature not made with MD5 or SHA-1 (unsupported);
//   - valid at `now`: not expired, not yet valid (invalid_argument).

#include <chrono>

#include "pipeline/status.h"
#include "security/certs/certificate.h"

namespace mfp::security::certs {

inline constexpr int kMinRsaBits = 2048;

[[nodiscard]] pipeline::Status check_public_key(const KeyInfo& key);
[[nodiscard]] pipeline::Status check_certificate(const Certificate& certificate,
                                                 std::chrono::system_clock::time_point now);

}  // namespace mfp::security::certs
