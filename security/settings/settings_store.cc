#include "security/settings/settings_store.h"

#include <cstdint>
#include <exception>
#include <optional>
#include <string_view>
#include <utility>

#include "security/crypto/digest.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::security::settings {
namespace {

using pipeline::StatusCode;

constexpr std::string_view kSchema =
    "CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS settings_integrity("
    "id INTEGER PRIMARY KEY CHECK (id = 1), mac BLOB NOT NULL);";
constexpr std::string_view kMagic = "OpenMFP settings v1\n";
constexpr std::string_view kKeyPurpose = "settings";

void put_u32(std::vector<std::uint8_t>& out, std::size_t n) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<std::uint8_t>((n >> shift) & 0xffu));
  }
}

void put_bytes(std::vector<std::uint8_t>& out, std::string_view s) {
  put_u32(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

pipeline::Result<crypto::Sha256Digest> mac_of(const std::map<std::string, std::string>& rows,
                                              const keys::KeyManager& keys) {
  MFP_ASSIGN_OR_RETURN(crypto::SecureBytes key, keys.derive(kKeyPurpose));
  const std::vector<std::uint8_t> bytes = SettingsStore::canonical_bytes(rows);
  return crypto::hmac_sha256(key.span(), bytes);
}

pipeline::Status save_impl(const SettingsRegistry& registry, store::MetadataDb& db,
                           const keys::KeyManager& keys) {
  const std::map<std::string, std::string> rows = registry.snapshot();
  MFP_ASSIGN_OR_RETURN(crypto::Sha256Digest mac, mac_of(rows, keys));
  // Held until the transaction and statements below are gone (they are declared after it, so
  // they are destroyed first): another service's statement must not run inside our transaction.
  auto lock = db.lock();
  MFP_RETURN_IF_ERROR(db.exec(kSchema));
  MFP_ASSIGN_OR_RETURN(store::MetadataDb::Transaction tx, db.begin());
  MFP_RETURN_IF_ERROR(db.exec("DELETE FROM settings; DELETE FROM settings_integrity;"));
  MFP_ASSIGN_OR_RETURN(store::MetadataDb::Statement insert,
                       db.prepare("INSERT INTO settings(key, value) VALUES (?1, ?2)"));
  for (const auto& [key, value] : rows) {
    MFP_RETURN_IF_ERROR(insert.bind_text(1, key));
    MFP_RETURN_IF_ERROR(insert.bind_text(2, value));
    MFP_RETURN_IF_ERROR(insert.run());
    MFP_RETURN_IF_ERROR(insert.reset());
  }
  MFP_ASSIGN_OR_RETURN(store::MetadataDb::Statement put_mac,
                       db.prepare("INSERT INTO settings_integrity(id, mac) VALUES (1, ?1)"));
  MFP_RETURN_IF_ERROR(put_mac.bind_blob(1, mac));
  MFP_RETURN_IF_ERROR(put_mac.run());
  return tx.commit();
}

pipeline::Status load_impl(SettingsRegistry& registry, store::MetadataDb& db,
                           const keys::KeyManager& keys) {
  // Held for the whole load, so the rows and the MAC are read as one consistent state (no save()
  // from another thread between the two reads).
  auto lock = db.lock();
  MFP_RETURN_IF_ERROR(db.exec(kSchema));
  std::map<std::string, std::string> rows;
  {
    MFP_ASSIGN_OR_RETURN(store::MetadataDb::Statement select,
                         db.prepare("SELECT key, value FROM settings"));
    while (true) {
      MFP_ASSIGN_OR_RETURN(bool row, select.step());
      if (!row) break;
      if (select.column_is_null(0) || select.column_is_null(1)) {
        return pipeline::make_error(StatusCode::integrity_error,
                                    "settings self-test: a stored row is incomplete");
      }
      rows[select.column_text(0)] = select.column_text(1);
    }
  }
  std::optional<std::vector<std::uint8_t>> stored_mac;
  {
    MFP_ASSIGN_OR_RETURN(store::MetadataDb::Statement select,
                         db.prepare("SELECT mac FROM settings_integrity WHERE id = 1"));
    MFP_ASSIGN_OR_RETURN(bool row, select.step());
    if (row) stored_mac = select.column_blob(0);
  }
  if (!stored_mac.has_value()) {
    if (rows.empty()) {  // first start: nothing saved yet
      registry.reset_to_secure();
      return pipeline::Status::ok();
    }
    return pipeline::make_error(StatusCode::integrity_error,
                                "settings self-test: the integrity check value is missing");
  }
  MFP_ASSIGN_OR_RETURN(crypto::Sha256Digest mac, mac_of(rows, keys));
  if (stored_mac->size() != mac.size() || !crypto::constant_time_equal(*stored_mac, mac)) {
    return pipeline::make_error(StatusCode::integrity_error,
                                "settings self-test: stored settings fail the integrity check");
  }
  registry.restore(rows);
  return pipeline::Status::ok();
}

}  // namespace

std::vector<std::uint8_t> SettingsStore::canonical_bytes(
    const std::map<std::string, std::string>& rows) {
  std::vector<std::uint8_t> out(kMagic.begin(), kMagic.end());
  put_u32(out, rows.size());
  for (const auto& [key, value] : rows) {
    put_bytes(out, key);
    put_bytes(out, value);
  }
  return out;
}

pipeline::Status SettingsStore::save(const SettingsRegistry& registry, store::MetadataDb& db,
                                     const keys::KeyManager& keys) noexcept {
  try {
    return save_impl(registry, db, keys);
  } catch (...) {
    return pipeline::current_exception_status("settings save");
  }
}

pipeline::Status SettingsStore::load(SettingsRegistry& registry, store::MetadataDb& db,
                                     const keys::KeyManager& keys) noexcept {
  try {
    return load_impl(registry, db, keys);
  } catch (...) {
    return pipeline::current_exception_status("settings load");
  }
}

}  // namespace mfp::security::settings
