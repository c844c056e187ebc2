#include "security/settings/settings_store.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine_hw/sim/file_nvram.h"
#include "security/audit/memory_audit_sink.h"
#include "security/crypto/digest.h"
#include "security/crypto/drbg.h"
#include "security/keys/key_manager.h"
#include "tests/support/temp_dir.h"

namespace mfp::security::settings {
namespace {

using ownership::Role;
using ownership::Subject;
using pipeline::StatusCode;

const Subject kKeyOperator = Subject::user(ownership::kKeyOperatorUserId, {Role::key_operator});

// A device's key material: a DRBG and a key manager over its own NVRAM file.
struct Device {
  explicit Device(const std::filesystem::path& nvram_path) {
    auto d = crypto::Drbg::create("settings-store-test");
    EXPECT_TRUE(d.is_ok()) << d.status().to_string();
    drbg = std::move(d).value();
    auto nv = engine_hw::sim::FileNvram::open(nvram_path);
    EXPECT_TRUE(nv.is_ok()) << nv.status().to_string();
    nvram = std::move(nv).value();
    auto km = keys::KeyManager::open(*nvram, *drbg);
    EXPECT_TRUE(km.is_ok()) << km.status().to_string();
    keys = std::move(km).value();
  }
  std::unique_ptr<crypto::Drbg> drbg;
  std::unique_ptr<engine_hw::sim::FileNvram> nvram;
  std::unique_ptr<keys::KeyManager> keys;
};

class SettingsStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<store::MetadataDb> open_db() {
    auto key = device_.keys->derive("metadata-db");
    EXPECT_TRUE(key.is_ok());
    auto db = store::MetadataDb::open(dir_.path() / "meta.db", key.value().span(), *device_.drbg);
    EXPECT_TRUE(db.is_ok()) << db.status().to_string();
    return db.is_ok() ? std::move(db).value() : nullptr;
  }

  void exec(std::string_view sql) {
    auto db = open_db();
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(db->exec(sql).is_ok()) << sql;
  }

  testing::TempDir dir_{"settings-store"};
  Device device_{dir_.path() / "nvram.bin"};
  audit::MemoryAuditSink sink_;
  SettingsRegistry registry_{sink_};
};

TEST_F(SettingsStoreTest, FirstStartLoadsTheSecureConfiguration) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  registry_.reset_to_factory_defaults();
  ASSERT_TRUE(SettingsStore::load(registry_, *db, *device_.keys).is_ok());
  EXPECT_TRUE(registry_.conformance().empty());
}

TEST_F(SettingsStoreTest, RoundTripsEveryValue) {
  ASSERT_TRUE(registry_.set("network.port9100.enabled", true, kKeyOperator).is_ok());
  ASSERT_TRUE(registry_.set("panel.auto_clear.seconds", std::int64_t{120}, kKeyOperator).is_ok());
  ASSERT_TRUE(registry_.set("security.overwrite_storage", "3", kKeyOperator).is_ok());
  {
    auto db = open_db();
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(SettingsStore::save(registry_, *db, *device_.keys).is_ok());
    ASSERT_TRUE(SettingsStore::save(registry_, *db, *device_.keys).is_ok());  // idempotent
  }
  audit::MemoryAuditSink sink;
  SettingsRegistry loaded(sink);
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(SettingsStore::load(loaded, *db, *device_.keys).is_ok());
  EXPECT_EQ(loaded.snapshot(), registry_.snapshot());
  EXPECT_TRUE(loaded.get<bool>("network.port9100.enabled").value());
  EXPECT_EQ(loaded.get<std::int64_t>("panel.auto_clear.seconds").value(), 120);
  EXPECT_EQ(loaded.get<std::string>("security.overwrite_storage").value(), "3");
  EXPECT_EQ(loaded.conformance().size(), 1u);
  EXPECT_TRUE(sink.events().empty());  // loading is not a change by a user
}

TEST_F(SettingsStoreTest, FactoryDefaultsRoundTrip) {
  registry_.reset_to_factory_defaults();
  {
    auto db = open_db();
    ASSERT_TRUE(SettingsStore::save(registry_, *db, *device_.keys).is_ok());
  }
  SettingsRegistry loaded(sink_);
  auto db = open_db();
  ASSERT_TRUE(SettingsStore::load(loaded, *db, *device_.keys).is_ok());
  EXPECT_EQ(loaded.snapshot(), registry_.snapshot());
}

class TamperTest : public SettingsStoreTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(TamperTest, AlteredStorageFailsTheSelfTest) {
  {
    auto db = open_db();
    ASSERT_TRUE(SettingsStore::save(registry_, *db, *device_.keys).is_ok());
  }
  exec(GetParam());
  ASSERT_TRUE(registry_.set("network.ipp.enabled", false, kKeyOperator).is_ok());
  const auto before = registry_.snapshot();
  auto db = open_db();
  const pipeline::Status status = SettingsStore::load(registry_, *db, *device_.keys);
  EXPECT_EQ(status.code(), StatusCode::integrity_error) << status.to_string();
  EXPECT_EQ(registry_.snapshot(), before);  // unchanged on failure
}

INSTANTIATE_TEST_SUITE_P(
    SettingsStore, TamperTest,
    ::testing::Values(
        "UPDATE settings SET value = 'true' WHERE key = 'network.port9100.enabled'",
        "UPDATE settings SET value = 'off' WHERE key = 'security.overwrite_storage'",
        "DELETE FROM settings WHERE key = 'system.audit_log.enabled'",
        "INSERT INTO settings(key, value) VALUES ('future.setting', 'x')",
        "UPDATE settings SET key = 'network.lpd.enabledX' WHERE key = 'network.lpd.enabled'",
        "DELETE FROM settings_integrity", "UPDATE settings_integrity SET mac = x'00'",
        "UPDATE settings_integrity SET mac = zeroblob(32)"));

TEST_F(SettingsStoreTest, AllRowsDeletedWithTheMacIsAFirstStart) {
  {
    auto db = open_db();
    ASSERT_TRUE(registry_.set("network.lpd.enabled", true, kKeyOperator).is_ok());
    ASSERT_TRUE(SettingsStore::save(registry_, *db, *device_.keys).is_ok());
  }
  exec("DELETE FROM settings; DELETE FROM settings_integrity;");
  auto db = open_db();
  ASSERT_TRUE(SettingsStore::load(registry_, *db, *device_.keys).is_ok());
  EXPECT_TRUE(registry_.conformance().empty());  // the secure configuration, never weaker
}

TEST_F(SettingsStoreTest, UnknownKeysAreIgnoredButCoveredByTheCheck) {
  // Rows written by a newer version (with its MAC) load; the unknown key is ignored.
  std::map<std::string, std::string> rows = registry_.snapshot();
  rows["future.setting"] = "x";
  rows.erase("panel.auto_clear.seconds");  // missing -> secure value
  rows["network.lpd.enabled"] = "true";
  auto key = device_.keys->derive("settings");
  ASSERT_TRUE(key.is_ok());
  const auto mac = crypto::hmac_sha256(key.value().span(), SettingsStore::canonical_bytes(rows));
  ASSERT_TRUE(mac.is_ok());
  {
    auto db = open_db();
    ASSERT_TRUE(SettingsStore::save(registry_, *db, *device_.keys).is_ok());
    ASSERT_TRUE(db->exec("DELETE FROM settings; DELETE FROM settings_integrity;").is_ok());
    auto insert = db->prepare("INSERT INTO settings(key, value) VALUES (?1, ?2)");
    ASSERT_TRUE(insert.is_ok());
    for (const auto& [k, v] : rows) {
      ASSERT_TRUE(insert->bind_text(1, k).is_ok());
      ASSERT_TRUE(insert->bind_text(2, v).is_ok());
      ASSERT_TRUE(insert->run().is_ok());
      ASSERT_TRUE(insert->reset().is_ok());
    }
    auto put = db->prepare("INSERT INTO settings_integrity(id, mac) VALUES (1, ?1)");
    ASSERT_TRUE(put.is_ok());
    ASSERT_TRUE(put->bind_blob(1, mac.value()).is_ok());
    ASSERT_TRUE(put->run().is_ok());
  }
  registry_.reset_to_factory_defaults();
  auto db = open_db();
  ASSERT_TRUE(SettingsStore::load(registry_, *db, *device_.keys).is_ok());
  EXPECT_EQ(registry_.get<std::int64_t>("panel.auto_clear.seconds").value(), 30);
  EXPECT_TRUE(registry_.get<bool>("network.lpd.enabled").value());
  EXPECT_EQ(registry_.conformance().size(), 1u);

  // The unknown row is covered: altering it fails the check.
  exec("UPDATE settings SET value = 'y' WHERE key = 'future.setting'");
  auto db2 = open_db();
  EXPECT_EQ(SettingsStore::load(registry_, *db2, *device_.keys).code(),
            StatusCode::integrity_error);
}

TEST_F(SettingsStoreTest, ADifferentMasterKeyFailsTheCheck) {
  {
    auto db = open_db();
    ASSERT_TRUE(SettingsStore::save(registry_, *db, *device_.keys).is_ok());
  }
  Device other(dir_.path() / "other-nvram.bin");
  auto db = open_db();
  EXPECT_EQ(SettingsStore::load(registry_, *db, *other.keys).code(), StatusCode::integrity_error);
  // And the database itself under another device's key does not open.
  auto key = other.keys->derive("metadata-db");
  ASSERT_TRUE(key.is_ok());
  db.reset();
  auto wrong = store::MetadataDb::open(dir_.path() / "meta.db", key.value().span(), *other.drbg);
  EXPECT_FALSE(wrong.is_ok());
}

TEST(SettingsStoreCanonical, DependsOnEveryKeyAndValue) {
  const std::map<std::string, std::string> a{{"a", "1"}, {"b", "2"}};
  EXPECT_NE(SettingsStore::canonical_bytes(a),
            SettingsStore::canonical_bytes({{"a", "12"}, {"b", ""}}));
  EXPECT_NE(SettingsStore::canonical_bytes(a), SettingsStore::canonical_bytes({{"a", "1"}}));
  EXPECT_NE(SettingsStore::canonical_bytes(a),
            SettingsStore::canonical_bytes({{"a", "1"}, {"b", "3"}}));
}

}  // namespace
}  // namespace mfp::security::settings
