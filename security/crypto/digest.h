#pragma once
// SHA-2 digests, HMAC-SHA-256 and HKDF-SHA-256 over OpenSSL 3 (EVP_MD, EVP_MAC, EVP_KDF).

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "pipeline/status.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::security::crypto {

using Sha256Digest = std::array<std::uint8_t, 32>;
using Sha512Digest = std::array<std::uint8_t, 64>;

[[nodiscard]] Sha256Digest sha256(std::span<const std::uint8_t> data) noexcept;
[[nodiscard]] Sha512Digest sha512(std::span<const std::uint8_t> data) noexcept;

// Incremental HMAC-SHA-256 with a key set once; reset() starts a new message with the same key.
class HmacSha256 {
 public:
  [[nodiscard]] static pipeline::Result<std::unique_ptr<HmacSha256>> create(
      std::span<const std::uint8_t> key) noexcept;
  HmacSha256(const HmacSha256&) = delete;
  HmacSha256& operator=(const HmacSha256&) = delete;
  ~HmacSha256();
  void update(std::span<const std::uint8_t> data) noexcept;
  [[nodiscard]] Sha256Digest finish() noexcept;  // and resets for the next message
  struct Impl;

 private:
  explicit HmacSha256(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

// One-shot HMAC-SHA-256.
[[nodiscard]] pipeline::Result<Sha256Digest> hmac_sha256(
    std::span<const std::uint8_t> key, std::span<const std::uint8_t> data) noexcept;

// HKDF-SHA-256 (RFC 5869): `length` bytes from `ikm`, with `salt` and `info` (the purpose).
[[nodiscard]] pipeline::Result<SecureBytes> hkdf_sha256(std::span<const std::uint8_t> ikm,
                                                        std::span<const std::uint8_t> salt,
                                                        std::string_view info,
                                                        std::size_t length) noexcept;

// Lowercase hex of bytes (for identifiers and checksums, never for secrets in logs).
[[nodiscard]] std::string to_hex(std::span<const std::uint8_t> bytes);

}  // namespace mfp::security::crypto
