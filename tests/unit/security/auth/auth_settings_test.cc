#include "security/auth/auth_settings.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "engine_hw/sim/manual_clock.h"
#include "security/audit/audit_catalog.h"
#include "security/audit/memory_audit_sink.h"
#include "security/auth/accounts.h"
#include "security/auth/authenticator.h"
#include "security/auth/session_manager.h"
#include "security/settings/settings_registry.h"
#include "security/settings/settings_store.h"
#include "tests/support/test_security.h"

namespace mfp::security::auth {
namespace {

using ownership::Role;
using ownership::Subject;
using pipeline::StatusCode;
using namespace std::chrono_literals;

std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

const Subject kKeyOperator = Subject::user(ownership::kKeyOperatorUserId, {Role::key_operator});

// The device's security services (settings, database) with the authentication services on its
// database, as the device core wires them.
class AuthSettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto accounts = Accounts::open(sec_.device().database(), sec_.device().drbg(), audit_,
                                   AccountsOptions::for_tests());
    ASSERT_TRUE(accounts.is_ok()) << accounts.status().to_string();
    accounts_ = std::move(accounts).value();
    auto auth = Authenticator::create(*accounts_, audit_, clock_, sec_.device().drbg());
    ASSERT_TRUE(auth.is_ok()) << auth.status().to_string();
    auth_ = std::move(auth).value();
    auto sessions = SessionManager::create(clock_, sec_.device().drbg());
    ASSERT_TRUE(sessions.is_ok()) << sessions.status().to_string();
    sessions_ = std::move(sessions).value();
    ASSERT_TRUE(apply().is_ok());
  }
  // What the device core does after every change.
  [[nodiscard]] pipeline::Status set(std::string_view key, settings::SettingValue value) {
    MFP_RETURN_IF_ERROR(sec_.device().set_setting(key, value, kKeyOperator));
    return apply();
  }
  [[nodiscard]] pipeline::Status apply() {
    return apply_auth_settings(sec_.device().settings(), *accounts_, *auth_, *sessions_);
  }
  std::uint64_t add(std::string_view login, std::string_view password, bool admin = false) {
    ownership::RoleSet roles{Role::general_user};
    if (admin) roles.add(Role::system_administrator);
    auto id = accounts_->add_user(ko(), login, login, roles, bytes(password));
    EXPECT_TRUE(id.is_ok()) << id.status().to_string();
    return id.is_ok() ? *id : 0;
  }
  Subject ko() {
    return Accounts::subject_of(accounts_->get(ownership::kKeyOperatorUserId).value());
  }
  bool login(std::string_view user, std::string_view password) {
    return auth_->verify(user, bytes(password), Interface::browser, "10.0.0.1").is_ok();
  }
  std::size_t changed_events() {
    std::size_t n = 0;
    for (const auto& e : audit_.events()) {
      if (e.id == audit::event_id(audit::EventKind::security_setting_changed)) ++n;
    }
    return n;
  }

  mfp::testing::TestSecurity sec_;
  audit::MemoryAuditSink audit_;
  engine_hw::sim::ManualClock clock_;
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<SessionManager> sessions_;
};

TEST_F(AuthSettingsTest, SecureConfigurationIsApplied) {
  EXPECT_EQ(accounts_->policy().minimum_length(), kPasswordMinLengthSecure);
}

TEST_F(AuthSettingsTest, MinimumLengthTwelveRefusesElevenCharacters) {
  ASSERT_TRUE(set("auth.password_min_length", std::int64_t{12}).is_ok());
  EXPECT_EQ(accounts_->policy().minimum_length(), 12u);
  auto short_one =
      accounts_->add_user(ko(), "eleven", "", {Role::general_user}, bytes("Abcdefgh-11"));
  ASSERT_FALSE(short_one.is_ok());
  EXPECT_EQ(short_one.status().code(), StatusCode::invalid_argument);
  EXPECT_NE(add("twelve", "Abcdefgh-112"), 0u);
}

TEST_F(AuthSettingsTest, MinimumLengthOffAppliesThePolicyFloor) {
  ASSERT_TRUE(set("auth.password_min_length", std::int64_t{0}).is_ok());
  EXPECT_EQ(accounts_->policy().minimum_length(), 1u);
  EXPECT_NE(add("shorty", "x"), 0u);
  auto empty = accounts_->add_user(ko(), "empty", "", {Role::general_user}, bytes(""));
  EXPECT_FALSE(empty.is_ok());
  // The weakening is visible: the registry reports the deviation.
  bool reported = false;
  for (const auto& d : sec_.device().settings().conformance()) {
    reported |= d.key == "auth.password_min_length";
  }
  EXPECT_TRUE(reported);
}

TEST_F(AuthSettingsTest, ApplyingDoesNotAuditAgainUnderAnotherName) {
  ASSERT_TRUE(set("auth.password_min_length", std::int64_t{12}).is_ok());
  ASSERT_TRUE(set("auth.max_login_attempts.local_user", std::int64_t{3}).is_ok());
  // The registry audited both changes in the device's log; the services recorded nothing.
  EXPECT_EQ(changed_events(), 0u);
}

TEST_F(AuthSettingsTest, LocalUserLimitThreeLocksAfterThreeFailures) {
  add("alice", "Alice-Pass-1");
  ASSERT_TRUE(set("auth.max_login_attempts.local_user", std::int64_t{3}).is_ok());
  const std::uint64_t alice = accounts_->find("alice")->id;
  EXPECT_FALSE(login("alice", "wrong-1"));
  EXPECT_FALSE(login("alice", "wrong-2"));
  EXPECT_FALSE(auth_->locked(alice));
  EXPECT_FALSE(login("alice", "wrong-3"));
  EXPECT_TRUE(auth_->locked(alice));
  EXPECT_FALSE(login("alice", "Alice-Pass-1"));
}

TEST_F(AuthSettingsTest, AdministratorLimitThreeLocksAfterThreeFailures) {
  const std::uint64_t sam = add("sam", "Sam-Pass-12", /*admin=*/true);
  ASSERT_TRUE(set("auth.max_login_attempts.administrator", std::int64_t{3}).is_ok());
  for (int i = 0; i < 2; ++i) EXPECT_FALSE(login("sam", "wrong"));
  EXPECT_FALSE(auth_->locked(sam));
  EXPECT_FALSE(login("sam", "wrong"));
  EXPECT_TRUE(auth_->locked(sam));
}

TEST_F(AuthSettingsTest, BrowserTimeoutTenMinutes) {
  ASSERT_TRUE(set("cwis.session_timeout_minutes", std::int64_t{10}).is_ok());
  const Subject alice = Subject::user(7, {Role::general_user});
  auto early = sessions_->start(SessionKind::browser, alice);
  auto late = sessions_->start(SessionKind::browser, alice);
  ASSERT_TRUE(early.is_ok() && late.is_ok());
  clock_.advance(9min + 59s);
  EXPECT_TRUE(sessions_->touch(early->id, SessionKind::browser).is_ok());
  clock_.advance(2s);  // `late` has been idle 10:01
  EXPECT_FALSE(sessions_->touch(late->id, SessionKind::browser).is_ok());
}

TEST_F(AuthSettingsTest, PanelAutoClearSixtySeconds) {
  ASSERT_TRUE(set("panel.auto_clear.seconds", std::int64_t{60}).is_ok());
  const Subject alice = Subject::user(7, {Role::general_user});
  auto s = sessions_->start(SessionKind::panel, alice);
  ASSERT_TRUE(s.is_ok());
  clock_.advance(59s);
  EXPECT_TRUE(sessions_->touch(s->id, SessionKind::panel).is_ok());
  clock_.advance(61s);
  EXPECT_FALSE(sessions_->touch(s->id, SessionKind::panel).is_ok());
}

TEST_F(AuthSettingsTest, AutoClearOffUsesTheLongestPanelIdle) {
  ASSERT_TRUE(set("panel.auto_clear.seconds", std::int64_t{60}).is_ok());
  ASSERT_TRUE(set("panel.auto_clear.enabled", false).is_ok());
  const Subject alice = Subject::user(7, {Role::general_user});
  auto s = sessions_->start(SessionKind::panel, alice);
  ASSERT_TRUE(s.is_ok());
  clock_.advance(899s);
  EXPECT_TRUE(sessions_->touch(s->id, SessionKind::panel).is_ok());
  clock_.advance(901s);
  EXPECT_FALSE(sessions_->touch(s->id, SessionKind::panel).is_ok());
}

// Accounts and SettingsStore share the device's database from two threads; each holds the
// database's lock across its statements and transactions, so neither sees the other's
// half-done work and nothing is corrupted.
TEST_F(AuthSettingsTest, AccountsAndSettingsStoreShareTheDatabaseAcrossThreads) {
  constexpr int kIterations = 200;
  store::MetadataDb& db = sec_.device().database();
  audit::MemoryAuditSink settings_audit;
  settings::SettingsRegistry registry(settings_audit);
  std::atomic<int> account_errors{0};
  std::atomic<int> settings_errors{0};
  const Subject ko_subject = ko();

  std::thread accounts_thread([&] {
    for (int i = 0; i < kIterations; ++i) {
      const std::string login = "user" + std::to_string(i);
      auto id = accounts_->add_user(ko_subject, login, login, {Role::general_user},
                                    bytes("Password-123"));
      if (!id.is_ok()) {
        ++account_errors;
        continue;
      }
      if (!accounts_->find(login).is_ok()) ++account_errors;
      if (!accounts_->edit_user(ko_subject, *id, "renamed", {Role::general_user}).is_ok()) {
        ++account_errors;
      }
      if (i % 2 == 0 && !accounts_->delete_user(ko_subject, *id).is_ok()) ++account_errors;
    }
  });
  std::thread settings_thread([&] {
    for (int i = 0; i < kIterations; ++i) {
      if (!registry.set("panel.auto_clear.seconds", std::int64_t{10 + i}, kKeyOperator).is_ok() ||
          !settings::SettingsStore::save(registry, db, sec_.device().keys()).is_ok()) {
        ++settings_errors;
        continue;
      }
      audit::MemoryAuditSink sink;
      settings::SettingsRegistry loaded(sink);
      if (!settings::SettingsStore::load(loaded, db, sec_.device().keys()).is_ok()) {
        ++settings_errors;
        continue;
      }
      auto seconds = loaded.get<std::int64_t>("panel.auto_clear.seconds");
      if (!seconds.is_ok() || *seconds != 10 + i) ++settings_errors;
    }
  });
  accounts_thread.join();
  settings_thread.join();

  EXPECT_EQ(account_errors.load(), 0);
  EXPECT_EQ(settings_errors.load(), 0);
  auto lock = db.lock();
  EXPECT_TRUE(db.integrity_check().is_ok());
  auto count = db.prepare("SELECT COUNT(*) FROM users");
  ASSERT_TRUE(count.is_ok());
  auto row = count->step();
  ASSERT_TRUE(row.is_ok() && *row);
  EXPECT_EQ(count->column_int64(0), 1 + kIterations / 2);  // the Key Operator and odd users
  for (int i = 1; i < kIterations; i += 2) {
    auto a = accounts_->find("user" + std::to_string(i));
    ASSERT_TRUE(a.is_ok()) << i;
    EXPECT_EQ(a->display_name, "renamed");
  }
  settings::SettingsRegistry reloaded(settings_audit);
  ASSERT_TRUE(settings::SettingsStore::load(reloaded, db, sec_.device().keys()).is_ok());
  EXPECT_EQ(reloaded.snapshot(), registry.snapshot());
}

}  // namespace
}  // namespace mfp::security::auth
