#include "security/certs/certificate_request.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <utility>
#include <vector>

#include "security/certs/detail/openssl_ptr.h"
#include "security/certs/detail/signature_md.h"
#include "security/crypto/openssl_error.h"

namespace mfp::security::certs {
namespace {

using pipeline::StatusCode;

pipeline::Status fail(std::string_view what) {
  return crypto::openssl_error(StatusCode::internal, what);
}

pipeline::Status add_entry(X509_NAME* name, int nid, const std::string& value) {
  if (value.empty()) return pipeline::Status::ok();
  if (X509_NAME_add_entry_by_NID(name, nid, MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(value.data()),
                                 static_cast<int>(value.size()), -1, 0) != 1) {
    return fail("CSR: subject");
  }
  return pipeline::Status::ok();
}

pipeline::Result<std::string> build_csr(const CertificateRequestOptions& options,
                                        const PrivateKey& key) {
  detail::X509ReqPtr req(X509_REQ_new());
  if (!req || X509_REQ_set_version(req.get(), X509_REQ_VERSION_1) != 1) return fail("CSR: new");
  detail::X509NamePtr name(X509_NAME_new());
  if (!name) return fail("CSR: subject");
  const SubjectName& s = options.subject;
  MFP_RETURN_IF_ERROR(add_entry(name.get(), NID_countryName, s.country));
  MFP_RETURN_IF_ERROR(add_entry(name.get(), NID_stateOrProvinceName, s.state));
  MFP_RETURN_IF_ERROR(add_entry(name.get(), NID_localityName, s.locality));
  MFP_RETURN_IF_ERROR(add_entry(name.get(), NID_organizationName, s.organization));
  MFP_RETURN_IF_ERROR(add_entry(name.get(), NID_organizationalUnitName, s.organizational_unit));
  MFP_RETURN_IF_ERROR(add_entry(name.get(), NID_commonName, s.common_name));
  MFP_RETURN_IF_ERROR(add_entry(name.get(), NID_pkcs9_emailAddress, s.email));
  if (X509_REQ_set_subject_name(req.get(), name.get()) != 1 ||
      X509_REQ_set_pubkey(req.get(), key.native()) != 1) {
    return fail("CSR: subject or key");
  }
  if (X509_REQ_sign(req.get(), key.native(), detail::signature_md(options.digest)) <= 0) {
    return fail("CSR: sign");
  }
  detail::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509_REQ(bio.get(), req.get()) != 1) return fail("CSR: PEM");
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  if (n <= 0) return fail("CSR: PEM");
  return std::string(data, static_cast<std::size_t>(n));
}

}  // namespace

pipeline::Result<CertificateRequest> make_csr(const CertificateRequestOptions& options) {
  try {
    MFP_RETURN_IF_ERROR(options.validate());
    MFP_ASSIGN_OR_RETURN(PrivateKey key, PrivateKey::generate(options.key));
    MFP_ASSIGN_OR_RETURN(std::string pem, build_csr(options, key));
    return CertificateRequest(std::move(key), std::move(pem));
  } catch (...) {
    crypto::clear_openssl_errors();
    return pipeline::make_error(StatusCode::resource_exhausted, "CSR: no memory");
  }
}

pipeline::Result<DeviceCertificate> CertificateRequest::accept(
    std::span<const std::uint8_t> bytes, ImportFormat format,
    std::chrono::system_clock::time_point now) {
  try {
    if (format == ImportFormat::pkcs12) {
      return pipeline::make_error(StatusCode::invalid_argument,
                                  "CSR: the issued certificate must be X.509 or PKCS#7");
    }
    MFP_ASSIGN_OR_RETURN(ImportedCertificates imported, parse_import(bytes, format, {}));
    std::vector<Certificate> chain;
    for (Certificate& c : imported.certificates) {
      if (chain.empty() && key_.matches(c)) chain.push_back(std::move(c));
    }
    if (chain.empty()) {
      return pipeline::make_error(StatusCode::invalid_argument,
                                  "CSR: no certificate in the file is for the pending key");
    }
    for (Certificate& c : imported.certificates) {
      if (c.native() != nullptr) chain.push_back(std::move(c));
    }
    MFP_RETURN_IF_ERROR(DeviceCertificate::check(key_, chain, now));
    return DeviceCertificate::assemble(std::move(key_), std::move(chain), now);
  } catch (...) {
    crypto::clear_openssl_errors();
    return pipeline::make_error(StatusCode::resource_exhausted, "CSR: no memory");
  }
}

}  // namespace mfp::security::certs
