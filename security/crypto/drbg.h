#pragma once
// Drbg: the device's only source of keys, IVs, nonces, salts and session identifiers: an
// SP 800-90A CTR_DRBG (AES-256 with derivation function) from OpenSSL 3's EVP_RAND, seeded from
// the operating system's entropy source and reseeded on OpenSSL's schedule.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "pipeline/status.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::security::crypto {

class Drbg {
 public:
  // Instantiates and seeds a DRBG; `personalization` is mixed into the seed (not secret).
  // Fails with internal when OpenSSL has no CTR-DRBG or the entropy source fails its health
  // test.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<Drbg>> create(
      std::string_view personalization = {}) noexcept;
  Drbg(const Drbg&) = delete;
  Drbg& operator=(const Drbg&) = delete;
  ~Drbg();

  // Fills `out` with random bytes. Thread-safe.
  [[nodiscard]] pipeline::Status generate(std::span<std::uint8_t> out) noexcept;
  // `n` random bytes in secure memory.
  [[nodiscard]] pipeline::Result<SecureBytes> bytes(std::size_t n) noexcept;
  // Forces a reseed from the entropy source.
  [[nodiscard]] pipeline::Status reseed() noexcept;

  // SP 800-90A / CAVP known-answer test of CTR_DRBG AES-256 (with df, no prediction
  // resistance) on a test instance fed fixed entropy: ok, or integrity_error naming the step.
  [[nodiscard]] static pipeline::Status known_answer_test() noexcept;

  struct Impl;

 private:
  explicit Drbg(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mfp::security::crypto
