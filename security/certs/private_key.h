#pragma once
// PrivateKey: a device private key (RSA or ECDSA) held in an OpenSSL EVP_PKEY. Move-only; never
// printed or logged. It leaves the process only as DER PKCS#8 in SecureBytes, for the caller to
// seal (to_pkcs8_der()).

#include <openssl/types.h>

#include <cstdint>
#include <memory>
#include <span>

#include "pipeline/status.h"
#include "security/certs/certificate.h"
#include "security/certs/detail/openssl_ptr.h"
#include "security/certs/key_kind.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::security::certs {

class PrivateKey {
 public:
  // A fresh key of `kind` from OpenSSL's default DRBG; internal on failure.
  [[nodiscard]] static pipeline::Result<PrivateKey> generate(KeyKind kind);
  // Unencrypted DER PKCS#8 (as to_pkcs8_der() writes); malformed_data otherwise. The caller
  // zeroes its own copy of `der`.
  [[nodiscard]] static pipeline::Result<PrivateKey> from_pkcs8_der(
      std::span<const std::uint8_t> der);
  // Takes ownership of `key` (non-null).
  [[nodiscard]] static PrivateKey adopt(detail::EvpPkeyPtr key) noexcept;

  PrivateKey(PrivateKey&&) noexcept = default;
  PrivateKey& operator=(PrivateKey&&) noexcept = default;
  PrivateKey(const PrivateKey&) = delete;
  PrivateKey& operator=(const PrivateKey&) = delete;
  ~PrivateKey() = default;

  [[nodiscard]] pipeline::Result<crypto::SecureBytes> to_pkcs8_der() const;
  [[nodiscard]] KeyInfo info() const { return key_info_of(key_.get()); }
  // True when `certificate` carries this key's public half.
  [[nodiscard]] bool matches(const Certificate& certificate) const noexcept;
  // Borrowed; valid while this object lives.
  [[nodiscard]] EVP_PKEY* native() const noexcept { return key_.get(); }

 private:
  explicit PrivateKey(detail::EvpPkeyPtr key) noexcept : key_(std::move(key)) {}
  detail::EvpPkeyPtr key_;
};

}  // namespace mfp::security::certs
