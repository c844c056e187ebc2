#pragma once
// SettingsStore: saves a SettingsRegistry to the encrypted metadata database and loads it
// back, with an integrity check: an HMAC-SHA-256 (key KeyManager::derive("settings")) over the
// canonical serialization of every stored row, kept alongside the values, verified at load
// (the guide's setting-data self-test).
//
// Tables: settings(key TEXT PRIMARY KEY, value TEXT NOT NULL), one row per setting in
// canonical text; settings_integrity(id INTEGER PRIMARY KEY CHECK (id = 1), mac BLOB NOT NULL).
// Canonical serialization: "OpenMFP settings v1\n", the row count, then every row sorted by
// key bytes as (u32 big-endian length, key, u32 length, value).
//
// save(): replaces every stored row with the registry's values (rows of unknown keys are
// dropped) and the MAC, in one transaction; nothing changes on error.
// load(): verifies the MAC over all stored rows, unknown keys included, then restores the
// registry (unknown keys ignored; missing keys and values not allowed for their row get the
// secure value). A database with neither rows nor MAC (first start) loads as the secure
// configuration. integrity_error when the MAC is missing, malformed or does not match (a value
// altered, added or removed outside the API, or a different master key); the registry is then
// left unchanged. Database errors pass through (io_error, integrity_error, ...).
//
// Ownership: borrows its arguments for the call only. Stateless; never throws. Thread-safe:
// save() and load() hold the database's lock() for their whole run (the database is shared
// with other services on other threads).

#include <map>
#include <string>
#include <vector>

#include "pipeline/status.h"
#include "security/keys/key_manager.h"
#include "security/settings/settings_registry.h"
#include "security/store/metadata_db.h"

namespace mfp::security::settings {

class SettingsStore {
 public:
  [[nodiscard]] static pipeline::Status save(const SettingsRegistry& registry,
                                             store::MetadataDb& db,
                                             const keys::KeyManager& keys) noexcept;
  [[nodiscard]] static pipeline::Status load(SettingsRegistry& registry, store::MetadataDb& db,
                                             const keys::KeyManager& keys) noexcept;

  // The bytes the MAC covers, for `rows` (canonical text by key).
  [[nodiscard]] static std::vector<std::uint8_t> canonical_bytes(
      const std::map<std::string, std::string>& rows);
};

}  // namespace mfp::security::settings
