#pragma once
// new_ctr_drbg(): an EVP_RAND "CTR-DRBG" context configured as the device uses it (AES-256-CTR
// with the derivation function), shared by the device Drbg and its known-answer test.

#include <openssl/evp.h>

#include "security/crypto/openssl_deleter.h"

namespace mfp::security::crypto::detail {

// Security strength requested at instantiate and generate (bits).
inline constexpr unsigned int kCtrDrbgStrength = 256;

// Not yet instantiated; `parent` supplies entropy and nonce (it is up-referenced, so it lives at
// least as long as the returned context). Null on failure; the OpenSSL error queue says why.
[[nodiscard]] EvpRandCtxPtr new_ctr_drbg(EVP_RAND_CTX* parent) noexcept;

}  // namespace mfp::security::crypto::detail
