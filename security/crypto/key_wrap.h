#pragma once
// AES-256 key wrap with padding (RFC 5649, NIST SP 800-38F KWP): data keys wrapped under the
// device master key. A wrapped key is not secret; the unwrapped one is.

#include <cstdint>
#include <span>
#include <vector>

#include "pipeline/status.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::security::crypto {

// Wraps `key` (1..4096 bytes) under the 32-byte `kek`.
[[nodiscard]] pipeline::Result<std::vector<std::uint8_t>> wrap_key(
    std::span<const std::uint8_t> kek, std::span<const std::uint8_t> key) noexcept;
// Unwraps; integrity_error when the wrapped bytes or the KEK are wrong.
[[nodiscard]] pipeline::Result<SecureBytes> unwrap_key(
    std::span<const std::uint8_t> kek, std::span<const std::uint8_t> wrapped) noexcept;

}  // namespace mfp::security::crypto
