#pragma once
// Owning smart pointers for the OpenSSL 3 libssl handles security/tls uses: one alias per handle
// type, each freeing with its *_free function, on the deleter of
// security/crypto/openssl_deleter.h. Needs OpenSSL::SSL at link time.

#include <openssl/ssl.h>

#include <memory>

#include "security/crypto/openssl_deleter.h"

namespace mfp::security::tls::detail {

using crypto::OpenSslDeleter;

using SslCtxPtr = std::unique_ptr<SSL_CTX, OpenSslDeleter<SSL_CTX, SSL_CTX_free>>;
using SslPtr = std::unique_ptr<SSL, OpenSslDeleter<SSL, SSL_free>>;

}  // namespace mfp::security::tls::detail
