#pragma once
// DeviceCertificate: the device's own TLS identity — a private key and its certificate chain
// (leaf first, the leaf carrying the key's public half). Made self-signed (first start, "Create
// Self-Signed Certificate"), completed from a CSR (CertificateRequest::accept) or imported from
// PKCS#12. The certificates export as PEM; the private key leaves only inside
// to_sealed_bytes(), which the caller seals in the ObjectStore at once.

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"
#include "security/certs/certificate.h"
#include "security/certs/private_key.h"
#include "security/certs/self_signed_options.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::security::certs {

class DeviceCertificate {
 public:
  // Checks that `chain` is 1..16 certificates, that `key` matches the leaf, the key rules
  // (check_public_key) and check_certificate() for every certificate at `now`.
  // invalid_argument when the key does not match the leaf; otherwise the checks' Status.
  [[nodiscard]] static pipeline::Result<DeviceCertificate> assemble(
      PrivateKey key, std::vector<Certificate> chain, std::chrono::system_clock::time_point now);

  // assemble()'s checks alone, leaving `key` and `chain` with the caller.
  [[nodiscard]] static pipeline::Status check(const PrivateKey& key,
                                              const std::vector<Certificate>& chain,
                                              std::chrono::system_clock::time_point now);

  // A PKCS#12 file holding the key and its certificate (and optionally CA certificates):
  // parse_import()'s errors; invalid_argument when it holds no key; then assemble()'s checks.
  [[nodiscard]] static pipeline::Result<DeviceCertificate> import_pkcs12(
      std::span<const std::uint8_t> bytes, std::string_view password,
      std::chrono::system_clock::time_point now);

  // Reads what to_sealed_bytes() wrote (after the store authenticated it): malformed_data on a
  // bad layout, invalid_argument when key and leaf differ. Validity is not checked: an expired
  // device certificate still loads, for the administrator to replace.
  [[nodiscard]] static pipeline::Result<DeviceCertificate> from_sealed_bytes(
      std::span<const std::uint8_t> bytes);

  DeviceCertificate(DeviceCertificate&&) noexcept = default;
  DeviceCertificate& operator=(DeviceCertificate&&) noexcept = default;
  ~DeviceCertificate() = default;

  // DER PKCS#8 key and DER certificates in detail/sealed_container.h's layout.
  [[nodiscard]] pipeline::Result<crypto::SecureBytes> to_sealed_bytes() const;

  [[nodiscard]] const Certificate& leaf() const noexcept { return chain_.front(); }
  [[nodiscard]] const std::vector<Certificate>& chain() const noexcept { return chain_; }
  [[nodiscard]] const PrivateKey& key() const noexcept { return key_; }
  // The leaf certificate as PEM; chain_pem(): every certificate, leaf first.
  [[nodiscard]] std::string certificate_pem() const { return leaf().pem(); }
  [[nodiscard]] std::string chain_pem() const;

 private:
  DeviceCertificate(PrivateKey key, std::vector<Certificate> chain) noexcept
      : key_(std::move(key)), chain_(std::move(chain)) {}
  PrivateKey key_;
  std::vector<Certificate> chain_;  // never empty
};

// The self-signed certificate of "Create Self-Signed Certificate": a new key of options.key,
// subject = issuer = CN options.common_name, valid from `now` for options.validity_days days,
// a random 159-bit serial, basicConstraints CA:FALSE (critical), keyUsage digitalSignature
// (+ keyEncipherment for RSA), extendedKeyUsage serverAuth, subjectKeyIdentifier,
// subjectAltName with options' DNS names and IP addresses (when any); signed with
// options.digest. invalid_argument from options.validate(); internal when OpenSSL fails.
[[nodiscard]] pipeline::Result<DeviceCertificate> make_self_signed(
    const SelfSignedOptions& options, std::chrono::system_clock::time_point now);

}  // namespace mfp::security::certs
