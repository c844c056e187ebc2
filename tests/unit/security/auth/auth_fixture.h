#pragma once
// AuthFixture: the device's stack in a temporary directory: Drbg, KeyManager over a FileNvram,
// the encrypted MetadataDb under the KeyManager's "metadata-db" key, an in-memory audit sink, a
// ManualClock and Accounts (test-only PBKDF2 iterations). Test code only.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine_hw/sim/file_nvram.h"
#include "engine_hw/sim/manual_clock.h"
#include "security/audit/memory_audit_sink.h"
#include "security/auth/accounts.h"
#include "security/crypto/drbg.h"
#include "security/keys/key_manager.h"
#include "security/store/metadata_db.h"
#include "tests/support/temp_dir.h"

namespace mfp::security::auth::testing {

inline std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

inline std::string as_string(const crypto::SecureBytes& b) {
  return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

// The value of item `key` of `e`, or "".
inline std::string item(const audit::AuditEvent& e, std::string_view key) {
  for (const auto& [k, v] : e.items) {
    if (k == key) return v;
  }
  return "";
}

class AuthFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto drbg = crypto::Drbg::create("auth-test");
    ASSERT_TRUE(drbg.is_ok());
    drbg_ = std::move(drbg).value();
    auto nvram = engine_hw::sim::FileNvram::open(dir_.path() / "nvram.bin");
    ASSERT_TRUE(nvram.is_ok()) << nvram.status().to_string();
    nvram_ = std::move(nvram).value();
    auto keys = keys::KeyManager::open(*nvram_, *drbg_);
    ASSERT_TRUE(keys.is_ok()) << keys.status().to_string();
    keys_ = std::move(keys).value();
    auto key = keys_->derive("metadata-db");
    ASSERT_TRUE(key.is_ok());
    key_ = std::move(key).value();
    reopen_db();
    open_accounts();
  }
  void reopen_db() {
    accounts_.reset();
    db_.reset();
    auto db = store::MetadataDb::open(dir_.path() / "meta.db", key_.span(), *drbg_);
    ASSERT_TRUE(db.is_ok()) << db.status().to_string();
    db_ = std::move(db).value();
  }
  void open_accounts() {
    auto accounts = Accounts::open(*db_, *drbg_, audit_, AccountsOptions::for_tests());
    ASSERT_TRUE(accounts.is_ok()) << accounts.status().to_string();
    accounts_ = std::move(accounts).value();
    crypto::SecureBytes initial = accounts_->take_initial_password();
    if (!initial.empty()) ko_password_ = as_string(initial);
  }
  // The Key Operator, after the forced first change, with password "Admin-Pass-1".
  ownership::Subject key_operator() {
    const ownership::Subject ko =
        Accounts::subject_of(accounts_->get(ownership::kKeyOperatorUserId).value());
    if (accounts_->get(ownership::kKeyOperatorUserId)->must_change_password) {
      EXPECT_TRUE(accounts_->change_own_password(ko, bytes(ko_password_), bytes("Admin-Pass-1")));
    }
    return ko;
  }
  std::uint64_t add(std::string_view login, bool admin = false,
                    std::string_view password = "Secret-123") {
    ownership::RoleSet roles{ownership::Role::general_user};
    if (admin) roles.add(ownership::Role::system_administrator);
    auto id = accounts_->add_user(key_operator(), login, login, roles, bytes(password));
    EXPECT_TRUE(id.is_ok()) << id.status().to_string();
    return id.is_ok() ? *id : 0;
  }
  std::vector<audit::AuditEvent> events_named(std::string_view name) {
    std::vector<audit::AuditEvent> out;
    for (auto& e : audit_.events()) {
      if (e.name == name) out.push_back(e);
    }
    return out;
  }

  mfp::testing::TempDir dir_{"mfp-auth"};
  std::unique_ptr<crypto::Drbg> drbg_;
  std::unique_ptr<engine_hw::sim::FileNvram> nvram_;
  std::unique_ptr<keys::KeyManager> keys_;
  crypto::SecureBytes key_;
  std::unique_ptr<store::MetadataDb> db_;
  audit::MemoryAuditSink audit_;
  engine_hw::sim::ManualClock clock_;
  std::unique_ptr<Accounts> accounts_;
  std::string ko_password_;
};

}  // namespace mfp::security::auth::testing
