#include "pipeline/device/certificate_operations.h"

#include "pipeline/device/authorize.h"
#include "security/audit/audit_events.h"

namespace mfp::pipeline::device {

namespace {

CertificateDetails details_of(const security::certs::Certificate& c) {
  CertificateDetails d;
  d.subject = c.subject_common_name();
  d.issuer = c.issuer_common_name();
  d.not_before = c.not_before();
  d.not_after = c.not_after();
  const auto key = c.public_key();
  d.key = key.algorithm + " " + (key.curve.empty() ? std::to_string(key.bits) : key.curve);
  d.signature = c.signature_digest();
  d.sha256 = c.sha256_fingerprint();
  d.chain_length = 1;
  d.pem = c.pem();
  return d;
}

constexpr std::string_view kDeviceCertificate = "Device Certificate";
constexpr std::string_view kTrustedCertificates = "Trusted CA Certificates";

}  // namespace

void CertificateOperations::audit_changed(const Caller& caller, std::string setting) {
  core_.security().audit().record(security::audit::events::security_setting_changed(
      core_.accounts().audit_name(caller.subject.user_id), std::move(setting),
      std::string(audit_name(caller.interface))));
}

Status CertificateOperations::install(const Caller& caller,
                                      security::certs::DeviceCertificate made) {
  MFP_RETURN_IF_ERROR(core_.set_device_certificate(caller.subject, std::move(made)));
  audit_changed(caller, std::string(kDeviceCertificate));
  return Status::ok();
}

void CertificateOperations::discard_request() noexcept {
  std::lock_guard lock(mu_);
  pending_.reset();
}

Result<CertificateDetails> CertificateOperations::show(const Caller& caller) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::certificate_show));
  auto certificate = core_.device_certificate();
  if (!certificate) return make_error(StatusCode::not_found, "no device certificate");
  CertificateDetails d = details_of(certificate->leaf());
  d.chain_length = certificate->chain().size();
  d.pem = certificate->chain_pem();
  return d;
}

Status CertificateOperations::create_self_signed(
    const Caller& caller, const security::certs::SelfSignedOptions& options) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::certificate_create_self_signed));
  MFP_ASSIGN_OR_RETURN(auto made, security::certs::make_self_signed(
                                      core_.with_device_names(options), core_.clock().wall_now()));
  return install(caller, std::move(made));
}

Result<std::string> CertificateOperations::request(
    const Caller& caller, const security::certs::CertificateRequestOptions& options) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::certificate_request));
  MFP_ASSIGN_OR_RETURN(auto request, security::certs::make_csr(options));
  std::lock_guard lock(mu_);
  pending_.emplace(std::move(request));
  return pending_->pem();
}

Status CertificateOperations::accept(const Caller& caller, std::span<const std::uint8_t> bytes,
                                     security::certs::ImportFormat format) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::certificate_accept));
  std::lock_guard lock(mu_);
  if (!pending_) return make_error(StatusCode::conflict, "no certificate request");
  MFP_ASSIGN_OR_RETURN(auto made, pending_->accept(bytes, format, core_.clock().wall_now()));
  pending_.reset();
  return install(caller, std::move(made));
}

Status CertificateOperations::import_pkcs12(const Caller& caller,
                                            std::span<const std::uint8_t> bytes,
                                            std::string_view password) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::certificate_import));
  MFP_ASSIGN_OR_RETURN(auto made, security::certs::DeviceCertificate::import_pkcs12(
                                      bytes, password, core_.clock().wall_now()));
  return install(caller, std::move(made));
}

Result<std::vector<CertificateDetails>> CertificateOperations::trusted(const Caller& caller) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::trust_list));
  const auto store = core_.trust_store();  // list() refers into it
  std::vector<CertificateDetails> out;
  for (const auto& c : store.list()) out.push_back(details_of(c));
  return out;
}

Result<std::size_t> CertificateOperations::trust(const Caller& caller,
                                                 std::span<const std::uint8_t> bytes,
                                                 security::certs::ImportFormat format,
                                                 std::string_view password) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::trust_add));
  MFP_ASSIGN_OR_RETURN(auto added, core_.import_trusted(caller.subject, bytes, format, password));
  if (added > 0) audit_changed(caller, std::string(kTrustedCertificates));
  return added;
}

Status CertificateOperations::untrust(const Caller& caller,
                                      const security::certs::Fingerprint& fingerprint) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::trust_remove));
  MFP_RETURN_IF_ERROR(core_.remove_trusted(caller.subject, fingerprint));
  audit_changed(caller, std::string(kTrustedCertificates));
  return Status::ok();
}

}  // namespace mfp::pipeline::device
