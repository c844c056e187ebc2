#include "security/crypto/detail/ctr_drbg_kat.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <new>
#include <string>

#include "security/crypto/detail/ctr_drbg.h"
#include "security/crypto/openssl_deleter.h"
#include "security/crypto/openssl_error.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::security::crypto {

using pipeline::make_error;
using pipeline::Status;
using pipeline::StatusCode;

namespace detail {
namespace {

constexpr unsigned int kStrength = kCtrDrbgStrength;

const unsigned char* nonnull(std::span<const std::uint8_t> s) noexcept {
  static const unsigned char kEmpty = 0;
  return s.empty() ? &kEmpty : s.data();
}

// Vectors from NIST CAVP drbgtestvectors.zip, CTR_DRBG.rsp (no reseed); the same cases appear
// in OpenSSL's test/recipes/30-test_evp_data/evprand.txt.

// CTR_DRBG.rsp [AES-256 use df] [PredictionResistance = False] [EntropyInputLen = 256]
// [NonceLen = 128] [PersonalizationStringLen = 256] [AdditionalInputLen = 0]
// [ReturnedBitsLen = 512] COUNT = 0
constexpr std::uint8_t kPersEntropy[] = {
    0x54, 0x16, 0xe7, 0x7b, 0x5e, 0x1d, 0x87, 0x2d, 0x4f, 0xf9, 0x19, 0x73, 0xb1, 0xbe, 0x66, 0xbc,
    0x07, 0xf4, 0xa9, 0x9e, 0x30, 0xdb, 0x7d, 0x00, 0x06, 0xda, 0x00, 0x6f, 0xcf, 0xb0, 0x82, 0xdb};
constexpr std::uint8_t kPersNonce[] = {0x7a, 0x81, 0x1c, 0xe6, 0x2b, 0x9f, 0xd3, 0x4a,
                                       0xf1, 0x86, 0xb2, 0xb3, 0xe5, 0x0e, 0xaf, 0x5d};
constexpr std::uint8_t kPersPersonalization[] = {
    0x71, 0xee, 0x0c, 0x76, 0x99, 0xac, 0x0e, 0x80, 0x56, 0x32, 0xf2, 0x05, 0x8d, 0xe3, 0x8b, 0xf8,
    0x72, 0xb8, 0x34, 0x0f, 0x89, 0x99, 0x8f, 0x7a, 0x8a, 0x2a, 0xd4, 0xac, 0x04, 0x5a, 0xe6, 0xef};
constexpr std::uint8_t kPersReturnedBits[] = {
    0x68, 0xf5, 0x85, 0x9c, 0xf7, 0x6f, 0x94, 0xc4, 0x45, 0xd9, 0xfc, 0xd3, 0x4f, 0xc1, 0x7a, 0xc2,
    0x24, 0xc3, 0xd7, 0xd7, 0xc2, 0xfc, 0x38, 0xfa, 0xaf, 0x3c, 0x24, 0xbe, 0x6c, 0xd3, 0xcd, 0x93,
    0xb7, 0xf9, 0xd8, 0xa6, 0x14, 0x6f, 0x5a, 0xc8, 0x3a, 0xc1, 0xd7, 0xb1, 0xb2, 0xb7, 0xe7, 0xec,
    0xbc, 0x1a, 0x2e, 0x38, 0x76, 0x0e, 0xf8, 0x6a, 0x57, 0x7d, 0x40, 0x2d, 0x85, 0x99, 0x0d, 0x9b};

// CTR_DRBG.rsp [AES-256 use df] [PredictionResistance = False] [EntropyInputLen = 256]
// [NonceLen = 128] [PersonalizationStringLen = 256] [AdditionalInputLen = 256]
// [ReturnedBitsLen = 512] COUNT = 0
constexpr std::uint8_t kAddEntropy[] = {
    0x87, 0xb5, 0x6e, 0x96, 0x4e, 0xba, 0x22, 0x71, 0x54, 0x72, 0x4b, 0xb9, 0x48, 0x4b, 0x81, 0x2d,
    0x3e, 0x2c, 0x0c, 0x43, 0xb3, 0xd1, 0x7f, 0x60, 0x98, 0xd9, 0x52, 0x6e, 0x16, 0xe6, 0xd0, 0xef};
constexpr std::uint8_t kAddNonce[] = {0x9b, 0xea, 0x6a, 0x7f, 0xf2, 0x35, 0x8d, 0xf1,
                                      0x42, 0xe6, 0xc2, 0x3e, 0x21, 0x57, 0xfb, 0x83};
constexpr std::uint8_t kAddPersonalization[] = {
    0x98, 0x60, 0xb4, 0x32, 0xed, 0xd5, 0x8d, 0x1c, 0xcb, 0xfe, 0xec, 0xbc, 0xe9, 0x9f, 0xfa, 0xee,
    0x7d, 0x93, 0x5a, 0x61, 0x48, 0x60, 0xd4, 0xe9, 0x65, 0xbd, 0x67, 0x04, 0x14, 0x03, 0x09, 0x6b};
constexpr std::uint8_t kAddAdditionalA[] = {
    0x99, 0xa5, 0xcc, 0x87, 0x92, 0x4e, 0x8e, 0xa6, 0x5a, 0x59, 0x6f, 0x81, 0xfd, 0x17, 0xd6, 0x3f,
    0x5b, 0x45, 0x42, 0xfe, 0x6e, 0x8e, 0x15, 0x11, 0xb5, 0xd3, 0x5c, 0x83, 0x5d, 0xfa, 0xdb, 0x0b};
constexpr std::uint8_t kAddAdditionalB[] = {
    0x9a, 0x8d, 0xec, 0x54, 0x73, 0x4a, 0x34, 0x58, 0x2a, 0x23, 0x32, 0xf3, 0x45, 0x2e, 0x82, 0x31,
    0x35, 0x24, 0xc3, 0xe0, 0xdf, 0xb4, 0x85, 0xfa, 0xea, 0xc6, 0xca, 0x5f, 0xc0, 0xff, 0x50, 0x4d};
constexpr std::uint8_t kAddReturnedBits[] = {
    0xdb, 0xc6, 0xa2, 0x33, 0x0b, 0x19, 0xb5, 0xcd, 0xdd, 0x8c, 0xd6, 0x39, 0x2e, 0xc1, 0xfb, 0x50,
    0x86, 0x78, 0xc8, 0x05, 0xe8, 0x7d, 0x1a, 0xca, 0x07, 0xac, 0x26, 0x50, 0x07, 0x63, 0x25, 0x03,
    0x04, 0x4a, 0x00, 0x61, 0x0c, 0x79, 0xd9, 0x83, 0x75, 0xaf, 0xa7, 0xab, 0x4c, 0xca, 0x1a, 0x90,
    0x98, 0x9c, 0xbf, 0xe7, 0xc6, 0x74, 0xaf, 0x5d, 0x82, 0x3c, 0xed, 0x11, 0xc4, 0x7e, 0x9a, 0xf6};

constexpr CtrDrbgVector kVectors[] = {
    {"CTR_DRBG AES-256 df personalization",
     kPersEntropy,
     kPersNonce,
     kPersPersonalization,
     {},
     {},
     kPersReturnedBits},
    {"CTR_DRBG AES-256 df personalization+additional", kAddEntropy, kAddNonce, kAddPersonalization,
     kAddAdditionalA, kAddAdditionalB, kAddReturnedBits},
};

Status kat_failure(const CtrDrbgVector& v, const char* step) {
  clear_openssl_errors();
  return make_error(StatusCode::integrity_error,
                    std::string("DRBG known-answer test (") + v.name + "): " + step);
}

}  // namespace

std::span<const CtrDrbgVector> ctr_drbg_kat_vectors() noexcept {
  return kVectors;
}

Status run_ctr_drbg_kat(const CtrDrbgVector& v) noexcept {
  try {
    EvpRandPtr test_rand(EVP_RAND_fetch(nullptr, "TEST-RAND", nullptr));
    if (!test_rand) return kat_failure(v, "no TEST-RAND");
    EvpRandCtxPtr parent(EVP_RAND_CTX_new(test_rand.get(), nullptr));
    if (!parent) return kat_failure(v, "TEST-RAND context");
    unsigned int strength = kStrength;
    const OSSL_PARAM feed[] = {
        OSSL_PARAM_construct_uint(OSSL_RAND_PARAM_STRENGTH, &strength),
        OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_ENTROPY,
                                          const_cast<std::uint8_t*>(v.entropy.data()),
                                          v.entropy.size()),
        OSSL_PARAM_construct_octet_string(
            OSSL_RAND_PARAM_TEST_NONCE, const_cast<std::uint8_t*>(v.nonce.data()), v.nonce.size()),
        OSSL_PARAM_construct_end()};
    if (EVP_RAND_CTX_set_params(parent.get(), feed) != 1 ||
        EVP_RAND_instantiate(parent.get(), kStrength, 0, nullptr, 0, nullptr) != 1) {
      return kat_failure(v, "feeding test entropy");
    }
    EvpRandCtxPtr drbg = new_ctr_drbg(parent.get());
    if (!drbg) return kat_failure(v, "CTR-DRBG context");
    if (EVP_RAND_instantiate(drbg.get(), kStrength, 0, nonnull(v.personalization),
                             v.personalization.size(), nullptr) != 1) {
      return kat_failure(v, "instantiate");
    }
    // CAVP procedure: generate twice, compare the second output only.
    SecureBytes out(v.returned_bits.size());
    if (EVP_RAND_generate(drbg.get(), out.data(), out.size(), kStrength, 0,
                          v.additional_a.empty() ? nullptr : v.additional_a.data(),
                          v.additional_a.size()) != 1) {
      return kat_failure(v, "first generate");
    }
    if (EVP_RAND_generate(drbg.get(), out.data(), out.size(), kStrength, 0,
                          v.additional_b.empty() ? nullptr : v.additional_b.data(),
                          v.additional_b.size()) != 1) {
      return kat_failure(v, "second generate");
    }
    if (!constant_time_equal(out.span(), v.returned_bits)) return kat_failure(v, "output mismatch");
    if (EVP_RAND_uninstantiate(drbg.get()) != 1 || EVP_RAND_verify_zeroization(drbg.get()) != 1) {
      return kat_failure(v, "zeroization");
    }
    return Status::ok();
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "DRBG known-answer test: out of memory");
  }
}

}  // namespace detail
}  // namespace mfp::security::crypto
