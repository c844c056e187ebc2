#pragma once
// CertificateStore: keeps the device certificate (key and chain, in DeviceCertificate's sealed
// form) and the trusted CA certificates ("Verify Remote Server Certificate", DER) in the
// encrypted metadata database, so the private key never reaches storage outside
// AES-256-GCM pages and a replaced key's page is overwritten (the database runs with
// secure_delete).
//
// Failure: the database's Status (integrity_error for a tampered page); malformed_data when a
// stored entry does not parse back. Never throws except std::bad_alloc. Thread-safe: every call
// holds the database's lock. The database must outlive the store.

#include <memory>
#include <optional>
#include <vector>

#include "pipeline/status.h"
#include "security/certs/certificate.h"
#include "security/certs/device_certificate.h"
#include "security/store/metadata_db.h"

namespace mfp::security::certs {

class CertificateStore {
 public:
  // Creates the tables when absent.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<CertificateStore>> open(
      store::MetadataDb& db) noexcept;

  // The device certificate, or nullopt before the first one was saved.
  [[nodiscard]] pipeline::Result<std::optional<DeviceCertificate>> load_device() const;
  // Replaces the device certificate (one transaction).
  [[nodiscard]] pipeline::Status save_device(const DeviceCertificate& certificate);

  // The trusted CA certificates in the order they were added (malformed_data for an entry
  // that no longer parses).
  [[nodiscard]] pipeline::Result<std::vector<Certificate>> load_trusted() const;
  // Replaces the stored CA certificates with `anchors` (one transaction).
  [[nodiscard]] pipeline::Status save_trusted(const std::vector<Certificate>& anchors);

 private:
  explicit CertificateStore(store::MetadataDb& db) noexcept : db_(db) {}
  store::MetadataDb& db_;
};

}  // namespace mfp::security::certs
