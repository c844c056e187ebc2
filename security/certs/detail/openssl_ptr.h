#pragma once
// Owning smart pointers for the OpenSSL 3 handles security/certs uses (X.509, CSR, PKCS#7,
// PKCS#12, keys, BIOs): one alias per handle type, each freeing with its *_free function, on the
// deleter of security/crypto/openssl_deleter.h.

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "security/crypto/openssl_deleter.h"

namespace mfp::security::certs::detail {

using crypto::OpenSslDeleter;

// sk_X509_pop_free is a macro; this frees a STACK_OF(X509) and every certificate in it.
inline void free_x509_stack(STACK_OF(X509) * stack) noexcept {
  sk_X509_pop_free(stack, X509_free);
}
// BIO_free returns int; BIO_free_all frees a whole chain and returns void.
inline void free_bio(BIO* bio) noexcept {
  BIO_free_all(bio);
}

using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509, X509_free>>;
using X509ReqPtr = std::unique_ptr<X509_REQ, OpenSslDeleter<X509_REQ, X509_REQ_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, OpenSslDeleter<X509_NAME, X509_NAME_free>>;
using X509ExtensionPtr =
    std::unique_ptr<X509_EXTENSION, OpenSslDeleter<X509_EXTENSION, X509_EXTENSION_free>>;
using X509StackPtr =
    std::unique_ptr<STACK_OF(X509), OpenSslDeleter<STACK_OF(X509), free_x509_stack>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY, EVP_PKEY_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, OpenSslDeleter<PKCS7, PKCS7_free>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, OpenSslDeleter<PKCS12, PKCS12_free>>;
using Pkcs8InfoPtr = std::unique_ptr<PKCS8_PRIV_KEY_INFO,
                                     OpenSslDeleter<PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free>>;
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO, free_bio>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BIGNUM, BN_free>>;

}  // namespace mfp::security::certs::detail
