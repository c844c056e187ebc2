#pragma once
// OpenSslDeleter and the owning smart pointers for OpenSSL 3 handles: one alias per handle type,
// each freeing with the matching *_free function. Every OpenSSL object in security/crypto lives in
// one of these.

#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <memory>

namespace mfp::security::crypto {

template <typename T, void (*Free)(T*)>
struct OpenSslDeleter {
  void operator()(T* p) const noexcept { Free(p); }
};

using EvpCipherCtxPtr =
    std::unique_ptr<EVP_CIPHER_CTX, OpenSslDeleter<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>>;
using EvpCipherPtr = std::unique_ptr<EVP_CIPHER, OpenSslDeleter<EVP_CIPHER, EVP_CIPHER_free>>;
using EvpMacPtr = std::unique_ptr<EVP_MAC, OpenSslDeleter<EVP_MAC, EVP_MAC_free>>;
using EvpMacCtxPtr = std::unique_ptr<EVP_MAC_CTX, OpenSslDeleter<EVP_MAC_CTX, EVP_MAC_CTX_free>>;
using EvpRandPtr = std::unique_ptr<EVP_RAND, OpenSslDeleter<EVP_RAND, EVP_RAND_free>>;
using EvpRandCtxPtr =
    std::unique_ptr<EVP_RAND_CTX, OpenSslDeleter<EVP_RAND_CTX, EVP_RAND_CTX_free>>;
using EvpKdfPtr = std::unique_ptr<EVP_KDF, OpenSslDeleter<EVP_KDF, EVP_KDF_free>>;
using EvpKdfCtxPtr = std::unique_ptr<EVP_KDF_CTX, OpenSslDeleter<EVP_KDF_CTX, EVP_KDF_CTX_free>>;
using EvpMdPtr = std::unique_ptr<EVP_MD, OpenSslDeleter<EVP_MD, EVP_MD_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, OpenSslDeleter<EVP_MD_CTX, EVP_MD_CTX_free>>;

}  // namespace mfp::security::crypto
