#pragma once
// The CTR_DRBG known-answer test behind Drbg::known_answer_test(), parameterised by vector so
// tests can also show that a wrong answer is caught.

#include <cstdint>
#include <span>

#include "pipeline/status.h"

namespace mfp::security::crypto::detail {

// One NIST CAVP CTR_DRBG.rsp case for [AES-256 use df], [PredictionResistance = False], no
// reseed: instantiate(entropy, nonce, personalization), generate (additional_a), generate
// (additional_b); the second output must equal `returned_bits`.
struct CtrDrbgVector {
  const char* name;
  std::span<const std::uint8_t> entropy;
  std::span<const std::uint8_t> nonce;
  std::span<const std::uint8_t> personalization;
  std::span<const std::uint8_t> additional_a;
  std::span<const std::uint8_t> additional_b;
  std::span<const std::uint8_t> returned_bits;
};

// Runs `v` on a CTR-DRBG (AES-256-CTR, derivation function) whose parent is OpenSSL's TEST-RAND
// fed the vector's entropy and nonce. ok, or integrity_error naming the failing step.
[[nodiscard]] pipeline::Status run_ctr_drbg_kat(const CtrDrbgVector& v) noexcept;

// The vectors known_answer_test() runs.
[[nodiscard]] std::span<const CtrDrbgVector> ctr_drbg_kat_vectors() noexcept;

}  // namespace mfp::security::crypto::detail
