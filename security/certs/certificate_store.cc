#include "security/certs/certificate_store.h"

#include <new>

namespace mfp::security::certs {

namespace {

constexpr std::string_view kSchema =
    "CREATE TABLE IF NOT EXISTS device_certificate ("
    "  slot INTEGER PRIMARY KEY CHECK (slot = 1),"
    "  sealed BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS trusted_certificates ("
    "  position INTEGER PRIMARY KEY,"
    "  der BLOB NOT NULL);";

}  // namespace

pipeline::Result<std::unique_ptr<CertificateStore>> CertificateStore::open(
    store::MetadataDb& db) noexcept {
  auto lock = db.lock();
  MFP_RETURN_IF_ERROR(db.exec(kSchema));
  std::unique_ptr<CertificateStore> out(new (std::nothrow) CertificateStore(db));  // NOLINT
  if (!out) return pipeline::make_error(pipeline::StatusCode::resource_exhausted, "out of memory");
  return out;
}

pipeline::Result<std::optional<DeviceCertificate>> CertificateStore::load_device() const {
  auto lock = db_.lock();
  MFP_ASSIGN_OR_RETURN(auto select,
                       db_.prepare("SELECT sealed FROM device_certificate WHERE slot = 1"));
  MFP_ASSIGN_OR_RETURN(bool row, select.step());
  if (!row) return std::optional<DeviceCertificate>{};
  const crypto::SecureBytes sealed = select.column_secret(0);
  auto certificate = DeviceCertificate::from_sealed_bytes(sealed.span());
  if (!certificate.is_ok()) {
    return pipeline::make_error(pipeline::StatusCode::malformed_data,
                                "stored device certificate: " + certificate.status().message());
  }
  return std::optional<DeviceCertificate>(std::move(certificate).value());
}

pipeline::Status CertificateStore::save_device(const DeviceCertificate& certificate) {
  MFP_ASSIGN_OR_RETURN(const crypto::SecureBytes sealed, certificate.to_sealed_bytes());
  auto lock = db_.lock();
  MFP_ASSIGN_OR_RETURN(auto tx, db_.begin());
  MFP_ASSIGN_OR_RETURN(auto put, db_.prepare("INSERT OR REPLACE INTO device_certificate (slot, "
                                             "sealed) VALUES (1, ?1)"));
  MFP_RETURN_IF_ERROR(put.bind_blob(1, sealed.span()));
  MFP_RETURN_IF_ERROR(put.run());
  return tx.commit();
}

pipeline::Result<std::vector<Certificate>> CertificateStore::load_trusted() const {
  auto lock = db_.lock();
  MFP_ASSIGN_OR_RETURN(auto select,
                       db_.prepare("SELECT der FROM trusted_certificates ORDER BY position"));
  std::vector<Certificate> out;
  for (;;) {
    MFP_ASSIGN_OR_RETURN(bool row, select.step());
    if (!row) break;
    const auto der = select.column_blob(0);
    auto certificate = Certificate::from_der(der);
    if (!certificate.is_ok()) {
      return pipeline::make_error(pipeline::StatusCode::malformed_data,
                                  "stored CA certificate: " + certificate.status().message());
    }
    out.push_back(std::move(certificate).value());
  }
  return out;
}

pipeline::Status CertificateStore::save_trusted(const std::vector<Certificate>& anchors) {
  auto lock = db_.lock();
  MFP_ASSIGN_OR_RETURN(auto tx, db_.begin());
  MFP_RETURN_IF_ERROR(db_.exec("DELETE FROM trusted_certificates"));
  MFP_ASSIGN_OR_RETURN(auto put, db_.prepare("INSERT INTO trusted_certificates (position, der) "
                                             "VALUES (?1, ?2)"));
  std::int64_t position = 1;
  for (const Certificate& c : anchors) {
    MFP_RETURN_IF_ERROR(put.reset());
    MFP_RETURN_IF_ERROR(put.bind_int64(1, position++));
    const auto der = c.der();
    MFP_RETURN_IF_ERROR(put.bind_blob(2, der));
    MFP_RETURN_IF_ERROR(put.run());
  }
  return tx.commit();
}

}  // namespace mfp::security::certs
