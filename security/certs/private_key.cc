#include "security/certs/private_key.h"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <climits>
#include <cstddef>

#include "security/crypto/openssl_error.h"

namespace mfp::security::certs {

pipeline::Result<PrivateKey> PrivateKey::generate(KeyKind kind) {
  EVP_PKEY* key = nullptr;
  switch (kind) {
    case KeyKind::rsa_2048:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(2048));
      break;
    case KeyKind::rsa_3072:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(3072));
      break;
    case KeyKind::ecdsa_p256:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
      break;
    case KeyKind::ecdsa_p384:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
      break;
    case KeyKind::ecdsa_p521:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-521");
      break;
  }
  if (key == nullptr) {
    return crypto::openssl_error(pipeline::StatusCode::internal, "key generation");
  }
  return PrivateKey(detail::EvpPkeyPtr(key));
}

pipeline::Result<PrivateKey> PrivateKey::from_pkcs8_der(std::span<const std::uint8_t> der) {
  if (der.empty() || der.size() > INT_MAX) {
    return pipeline::make_error(pipeline::StatusCode::malformed_data, "PKCS#8: no key");
  }
  const unsigned char* p = der.data();
  detail::Pkcs8InfoPtr info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(der.size())));
  if (!info || p != der.data() + der.size()) {
    crypto::clear_openssl_errors();
    return pipeline::make_error(pipeline::StatusCode::malformed_data, "PKCS#8: not a private key");
  }
  detail::EvpPkeyPtr key(EVP_PKCS82PKEY(info.get()));
  if (!key) {
    crypto::clear_openssl_errors();
    return pipeline::make_error(pipeline::StatusCode::malformed_data, "PKCS#8: not a private key");
  }
  return PrivateKey(std::move(key));
}

PrivateKey PrivateKey::adopt(detail::EvpPkeyPtr key) noexcept {
  return PrivateKey(std::move(key));
}

pipeline::Result<crypto::SecureBytes> PrivateKey::to_pkcs8_der() const {
  detail::Pkcs8InfoPtr info(EVP_PKEY2PKCS8(key_.get()));
  if (!info) return crypto::openssl_error(pipeline::StatusCode::internal, "PKCS#8");
  const int n = i2d_PKCS8_PRIV_KEY_INFO(info.get(), nullptr);
  if (n <= 0) return crypto::openssl_error(pipeline::StatusCode::internal, "PKCS#8");
  crypto::SecureBytes out(static_cast<std::size_t>(n));
  unsigned char* p = out.data();
  if (i2d_PKCS8_PRIV_KEY_INFO(info.get(), &p) != n) {
    return crypto::openssl_error(pipeline::StatusCode::internal, "PKCS#8");
  }
  return out;
}

bool PrivateKey::matches(const Certificate& certificate) const noexcept {
  const EVP_PKEY* pub = X509_get0_pubkey(certificate.native());
  const bool same = pub != nullptr && key_ && EVP_PKEY_eq(key_.get(), pub) == 1;
  crypto::clear_openssl_errors();
  return same;
}

}  // namespace mfp::security::certs
