#pragma once
// CertificateOperations: the device certificate and the trusted CA certificates as
// device-service operations (show, make self-signed, request and accept a CA-signed one,
// import a PKCS#12 identity; list, add and remove trusted CAs). Every change is audited here as
// "Change Security Setting" with the interface used.
//
// A certificate signing request's new key waits in this object, in memory only, for the CA's
// answer (accept()); a newer request or a restart discards it.
//
// Errors: permission_denied; not_found (no device certificate, no such trusted CA); conflict
// (accept() without a request); the certificate layer's invalid_argument for a file that is
// not what it claims. Imported bytes and passwords stay the caller's; nothing here logs them.
// Thread-safe. Borrows the core, which must outlive it.

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/device/caller.h"
#include "pipeline/device/device_core.h"
#include "security/certs/certificate_request.h"
#include "security/certs/certificate_request_options.h"
#include "security/certs/self_signed_options.h"

namespace mfp::pipeline::device {

struct CertificateDetails {
  std::string subject;  // common names
  std::string issuer;
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
  std::string key;        // "EC prime256v1", "RSA 3072"
  std::string signature;  // digest name
  security::certs::Fingerprint sha256{};
  std::size_t chain_length = 0;  // leaf included
  std::string pem;               // the chain, leaf first (public data)
};

class CertificateOperations {
 public:
  explicit CertificateOperations(DeviceCore& core) : core_(core) {}

  [[nodiscard]] Result<CertificateDetails> show(const Caller& caller);
  [[nodiscard]] Status create_self_signed(const Caller& caller,
                                          const security::certs::SelfSignedOptions& options);
  // The request in PEM, for the CA.
  [[nodiscard]] Result<std::string> request(
      const Caller& caller, const security::certs::CertificateRequestOptions& options);
  [[nodiscard]] Status accept(const Caller& caller, std::span<const std::uint8_t> bytes,
                              security::certs::ImportFormat format);
  [[nodiscard]] Status import_pkcs12(const Caller& caller, std::span<const std::uint8_t> bytes,
                                     std::string_view password);

  [[nodiscard]] Result<std::vector<CertificateDetails>> trusted(const Caller& caller);
  // How many of the file's CA certificates were new.
  [[nodiscard]] Result<std::size_t> trust(const Caller& caller, std::span<const std::uint8_t> bytes,
                                          security::certs::ImportFormat format,
                                          std::string_view password);
  [[nodiscard]] Status untrust(const Caller& caller,
                               const security::certs::Fingerprint& fingerprint);
  // Drops a pending request's key (a factory reset leaves no key of the old device behind).
  void discard_request() noexcept;

 private:
  [[nodiscard]] Status install(const Caller& caller, security::certs::DeviceCertificate made);
  void audit_changed(const Caller& caller, std::string setting);

  DeviceCore& core_;
  security::ownership::AccessPolicy policy_;
  std::mutex mu_;
  std::optional<security::certs::CertificateRequest> pending_;  // guarded by mu_
};

}  // namespace mfp::pipeline::device
