#pragma once
// CertificateRequest: "Create Certificate Signing Request (CSR)" — a new key held pending and
// its PKCS#10 request as PEM for the administrator to send to a CA. accept() turns the CA's
// answer (X.509 or PKCS#7) into the DeviceCertificate for the pending key.

#include <chrono>
#include <cstdint>
#include <span>
#include <string>

#include "pipeline/status.h"
#include "security/certs/certificate_import.h"
#include "security/certs/certificate_request_options.h"
#include "security/certs/device_certificate.h"
#include "security/certs/private_key.h"

namespace mfp::security::certs {

class CertificateRequest {
 public:
  CertificateRequest(CertificateRequest&&) noexcept = default;
  CertificateRequest& operator=(CertificateRequest&&) noexcept = default;

  // "-----BEGIN CERTIFICATE REQUEST-----" ... (no key material).
  [[nodiscard]] const std::string& pem() const noexcept { return pem_; }
  [[nodiscard]] const PrivateKey& pending_key() const noexcept { return key_; }

  // The issued certificate, optionally followed by its CA chain (X.509 or PKCS#7; pkcs12 is
  // refused with invalid_argument): parse_import()'s errors, then the leaf is the certificate
  // whose key is the pending key (invalid_argument when none is), then
  // DeviceCertificate::assemble()'s checks. Consumes the pending key on success only.
  [[nodiscard]] pipeline::Result<DeviceCertificate> accept(
      std::span<const std::uint8_t> bytes, ImportFormat format,
      std::chrono::system_clock::time_point now);

 private:
  friend pipeline::Result<CertificateRequest> make_csr(const CertificateRequestOptions& options);
  CertificateRequest(PrivateKey key, std::string pem) noexcept
      : key_(std::move(key)), pem_(std::move(pem)) {}
  PrivateKey key_;
  std::string pem_;
};

// A new key of options.key and a PKCS#10 request (version 1) for options.subject (C, ST, L, O,
// OU, CN, emailAddress; empty optional fields left out) signed with options.digest.
// invalid_argument from options.validate(); internal when OpenSSL fails.
[[nodiscard]] pipeline::Result<CertificateRequest> make_csr(
    const CertificateRequestOptions& options);

}  // namespace mfp::security::certs
