#pragma once
// PasswordHasher: hashes passwords with PBKDF2-HMAC-SHA256 (OpenSSL EVP_KDF "PBKDF2") under a
// fresh 16-byte salt from the Drbg, into a versioned text record
// "pbkdf2-sha256$1$<iterations>$<salt hex>$<hash hex>" (32-byte hash), and verifies a password
// against such a record in constant time using the record's own iteration count, so the
// production count can rise without invalidating stored records.
//
// Iterations: PasswordHasherOptions{} is the production default, 600,000; create() refuses fewer
// than kMinPbkdf2Iterations. PasswordHasherOptions::for_tests() (1,000 iterations) is the only
// way below it and exists so unit tests stay fast; production code must never call it.
//
// Failure: Status/Result, never throws; invalid_argument for a malformed record (the record is
// never quoted), internal when OpenSSL fails. Ownership: borrows the Drbg (must outlive it).
// Thread-safe (the run counter is atomic). Passwords are taken as spans; the caller keeps them
// in SecureBytes. Intermediate hashes live in SecureBytes.
#include <atomic>
#include <cstdint>
#include <span>
#include <string>

#include "pipeline/status.h"
#include "security/crypto/drbg.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::security::auth {

inline constexpr std::uint32_t kMinPbkdf2Iterations = 600'000;
// Records claiming more are malformed (a bound on the work one verification may cost).
inline constexpr std::uint32_t kMaxPbkdf2Iterations = 10'000'000;
inline constexpr std::size_t kPasswordSaltBytes = 16;
inline constexpr std::size_t kPasswordHashBytes = 32;

struct PasswordHasherOptions {
  std::uint32_t pbkdf2_iterations = kMinPbkdf2Iterations;
  bool allow_weak_for_tests = false;
  // TEST ONLY: 1,000 iterations, so unit tests do not spend seconds per hash.
  [[nodiscard]] static PasswordHasherOptions for_tests() noexcept { return {1'000, true}; }
};

class PasswordHasher {
 public:
  // invalid_argument when the iterations are below kMinPbkdf2Iterations (unless for_tests()).
  [[nodiscard]] static pipeline::Result<PasswordHasher> create(PasswordHasherOptions options,
                                                               crypto::Drbg& drbg) noexcept;
  PasswordHasher(PasswordHasher&& other) noexcept
      : options_(other.options_), drbg_(other.drbg_), runs_(other.runs_.load()) {}

  // A new record for `password` with a fresh salt.
  [[nodiscard]] pipeline::Result<std::string> hash(std::span<const std::uint8_t> password) noexcept;
  // True when `password` matches `record` (constant-time comparison of the derived hashes).
  [[nodiscard]] pipeline::Result<bool> verify(std::span<const std::uint8_t> password,
                                              const std::string& record) noexcept;
  // How many times the KDF has run (tests check the IPP verification cache).
  [[nodiscard]] std::uint64_t kdf_runs() const noexcept { return runs_.load(); }
  [[nodiscard]] std::uint32_t iterations() const noexcept { return options_.pbkdf2_iterations; }

 private:
  PasswordHasher(PasswordHasherOptions options, crypto::Drbg& drbg) noexcept
      : options_(options), drbg_(&drbg) {}
  [[nodiscard]] pipeline::Result<crypto::SecureBytes> derive(std::span<const std::uint8_t> password,
                                                             std::span<const std::uint8_t> salt,
                                                             std::uint32_t iterations) noexcept;

  PasswordHasherOptions options_;
  crypto::Drbg* drbg_;
  std::atomic<std::uint64_t> runs_{0};
};

}  // namespace mfp::security::auth
