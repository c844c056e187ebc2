#pragma once
// AES key wrap with padding (RFC 5649 / SP 800-38F KWP) for any AES key-encryption-key size.
// The public key_wrap.h fixes the KEK at 256 bits; this form exists so the RFC 5649 test
// vectors (which use a 192-bit KEK) can be checked against the same code.

#include <cstdint>
#include <span>
#include <vector>

#include "pipeline/status.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::security::crypto::detail {

inline constexpr std::size_t kMaxWrappedKeyBytes = 4096;

// `kek` of 16, 24 or 32 bytes; `key` of 1..4096 bytes.
[[nodiscard]] pipeline::Result<std::vector<std::uint8_t>> kwp_wrap(
    std::span<const std::uint8_t> kek, std::span<const std::uint8_t> key) noexcept;
// integrity_error when the integrity check fails (altered bytes or another KEK).
[[nodiscard]] pipeline::Result<SecureBytes> kwp_unwrap(
    std::span<const std::uint8_t> kek, std::span<const std::uint8_t> wrapped) noexcept;

}  // namespace mfp::security::crypto::detail
