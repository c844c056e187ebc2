#pragma once
// signature_md(): the OpenSSL digest of a SignatureDigest (static EVP_MD objects; not freed).

#include <openssl/evp.h>

#include "security/certs/key_kind.h"

namespace mfp::security::certs::detail {

[[nodiscard]] inline const EVP_MD* signature_md(SignatureDigest digest) noexcept {
  switch (digest) {
    case SignatureDigest::sha256:
      return EVP_sha256();
    case SignatureDigest::sha384:
      return EVP_sha384();
    case SignatureDigest::sha512:
      return EVP_sha512();
  }
  return nullptr;
}

}  // namespace mfp::security::certs::detail
