#pragma once
// Aes256Gcm: authenticated encryption (AES-256-GCM, 96-bit nonces, 128-bit tags) with a key set
// once, for sealing storage chunks, audit records and database pages.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "pipeline/status.h"

namespace mfp::security::crypto {

inline constexpr std::size_t kAeadKeyBytes = 32;
inline constexpr std::size_t kAeadNonceBytes = 12;
inline constexpr std::size_t kAeadTagBytes = 16;

// One key, many messages. Not thread-safe: use one instance per thread (they are cheap: an
// expanded key schedule). The key is copied in and zeroed on destruction.
class Aes256Gcm {
 public:
  // invalid_argument unless key is 32 bytes.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<Aes256Gcm>> create(
      std::span<const std::uint8_t> key) noexcept;
  Aes256Gcm(const Aes256Gcm&) = delete;
  Aes256Gcm& operator=(const Aes256Gcm&) = delete;
  ~Aes256Gcm();

  // Encrypts `plaintext` into `ciphertext` (same length; may alias) and writes the tag. The
  // nonce must never repeat under this key (callers take it from the Drbg).
  [[nodiscard]] pipeline::Status seal(std::span<const std::uint8_t, kAeadNonceBytes> nonce,
                                      std::span<const std::uint8_t> aad,
                                      std::span<const std::uint8_t> plaintext,
                                      std::span<std::uint8_t> ciphertext,
                                      std::span<std::uint8_t, kAeadTagBytes> tag) noexcept;
  // Decrypts and verifies. On a wrong tag, key, nonce or AAD: integrity_error, and `plaintext`
  // is zeroed (nothing unauthenticated is ever released).
  [[nodiscard]] pipeline::Status open(std::span<const std::uint8_t, kAeadNonceBytes> nonce,
                                      std::span<const std::uint8_t> aad,
                                      std::span<const std::uint8_t> ciphertext,
                                      std::span<const std::uint8_t, kAeadTagBytes> tag,
                                      std::span<std::uint8_t> plaintext) noexcept;

  struct Impl;

 private:
  explicit Aes256Gcm(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mfp::security::crypto
