// Issue 4's authentication acceptance items on a whole device (DeviceCore with an injected
// ManualClock, the secure configuration applied from the settings), where the unit tests of
// Authenticator and SessionManager use default options: lockout across the control panel, the
// browser and IPP Basic; the lock kept over time and cleared by an administrator or a restart;
// browser session expiry at 5:59 vs 6:01 idle and the panel's Auto Clear; new session IDs at
// every login. (Role x operation tables: tests/unit/pipeline/jobs/service_access_test.cc.)

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "engine_hw/sim/file_nvram.h"
#include "engine_hw/sim/manual_clock.h"
#include "engine_hw/sim/simulated_engine.h"
#include "pipeline/device/device_core.h"
#include "security/auth/accounts.h"
#include "security/auth/authenticator.h"
#include "security/auth/session_manager.h"
#include "security/settings/setting_keys.h"
#include "tests/support/temp_dir.h"

namespace mfp::security::auth {
namespace {

using namespace std::chrono_literals;
using ownership::Role;
using ownership::Subject;
using pipeline::StatusCode;

constexpr std::string_view kPassword = "Secret-pass-123";

std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

class AuthAcceptance : public ::testing::Test {
 protected:
  void SetUp() override {
    open();
    const auto initial = core_->take_initial_password();
    const std::string first(reinterpret_cast<const char*>(initial.data()), initial.size());
    const Subject ko = login("admin", first).subject;
    ASSERT_TRUE(core_->accounts().change_own_password(ko, bytes(first), bytes("Admin-pass-1")));
    ko_ = ko;
    for (auto [name, admin] : {std::pair{"alice", false}, {"bob", false}, {"carol", true}}) {
      ownership::RoleSet roles{Role::general_user};
      if (admin) roles.add(Role::system_administrator);
      ASSERT_TRUE(core_->accounts().add_user(ko_, name, name, roles, bytes(kPassword)).is_ok());
    }
    alice_ = core_->accounts().find("alice").value().id;
    carol_ = core_->accounts().find("carol").value().id;
  }

  // Opens (or, after a restart, reopens) the device on the same directories and clock.
  void open() {
    core_.reset();
    pipeline::device::DeviceCoreOptions o;
    o.data_dir = dir_.path() / "data";
    o.nvram_path = dir_.path() / "nvram" / "nvram.bin";
    o.nvram = engine_hw::sim::FileNvram::open_in_private_dir(o.nvram_path).value();
    engine_hw::sim::SimulatedEngineOptions engine;
    engine.pacing = engine_hw::sim::Pacing::unthrottled;
    o.engine = engine_hw::sim::SimulatedEngine::create(engine, clock_).value();
    o.accounts = AccountsOptions::for_tests();
    o.clock = clock_;
    auto core = pipeline::device::DeviceCore::open(std::move(o));
    ASSERT_TRUE(core.is_ok()) << core.status().message();
    core_ = std::move(core).value();
  }

  pipeline::Result<LoginResult> verify(std::string_view user, std::string_view password,
                                       Interface where, std::string_view source = "10.0.0.1") {
    return core_->authenticator().verify(user, bytes(password), where, source);
  }
  LoginResult login(std::string_view user, std::string_view password = kPassword,
                    Interface where = Interface::panel) {
    auto r = verify(user, password, where);
    EXPECT_TRUE(r.is_ok()) << user << ": " << r.status().message();
    return r.is_ok() ? std::move(r).value() : LoginResult{};
  }
  static void expect_refused(const pipeline::Result<LoginResult>& r) {
    ASSERT_FALSE(r.is_ok());
    EXPECT_EQ(r.status().code(), StatusCode::permission_denied);
    EXPECT_EQ(r.status().message(), kLoginFailedMessage);
  }
  Session start(SessionKind kind, const Subject& who, std::string_view previous = {}) {
    auto s = core_->sessions().start(kind, who, previous);
    EXPECT_TRUE(s.is_ok()) << s.status().message();
    return s.is_ok() ? std::move(s).value() : Session{};
  }
  bool live(const Session& s) { return core_->sessions().touch(s.id, s.kind).is_ok(); }

  mfp::testing::TempDir dir_{"mfp-auth-acceptance"};
  std::shared_ptr<engine_hw::sim::ManualClock> clock_ =
      std::make_shared<engine_hw::sim::ManualClock>();
  std::unique_ptr<pipeline::device::DeviceCore> core_;
  Subject ko_;
  std::uint64_t alice_ = 0;
  std::uint64_t carol_ = 0;
};

// "Set Limit Login Attempts" (Local User: 5): failures on the control panel, the browser and IPP
// Basic count together; the locked account refuses its right password everywhere, and time
// does not unlock it.
TEST_F(AuthAcceptance, LockoutCountsEveryInterfaceAndTimeDoesNotClearIt) {
  expect_refused(verify("alice", "wrong-pass-1", Interface::panel, "panel"));
  expect_refused(verify("alice", "wrong-pass-1", Interface::browser, "10.0.0.2"));
  expect_refused(verify("alice", "wrong-pass-1", Interface::ipp_basic, "10.0.0.3"));
  expect_refused(verify("alice", "wrong-pass-1", Interface::panel, "panel"));
  EXPECT_FALSE(core_->authenticator().locked(alice_));
  expect_refused(verify("alice", "wrong-pass-1", Interface::ipp_basic, "10.0.0.4"));
  EXPECT_TRUE(core_->authenticator().locked(alice_));
  for (Interface where : {Interface::panel, Interface::browser, Interface::ipp_basic}) {
    expect_refused(verify("alice", kPassword, where, "10.0.0.5"));
  }
  clock_->advance(24h);
  expect_refused(verify("alice", kPassword, Interface::panel, "panel"));
  // Others are unaffected; a General User cannot unlock, a System Administrator can.
  const Subject bob = login("bob").subject;
  EXPECT_EQ(core_->authenticator().unlock(bob, alice_).code(), StatusCode::permission_denied);
  ASSERT_TRUE(core_->authenticator().unlock(login("carol").subject, alice_));
  EXPECT_TRUE(verify("alice", kPassword, Interface::ipp_basic, "10.0.0.6").is_ok());
}

// The administrators' limit, changed through the device's settings, applies at once; a
// restart clears every lock (the guide: lockout state does not survive a restart).
TEST_F(AuthAcceptance, AdministratorLimitFromTheSettingsAndRestartClearsLocks) {
  ASSERT_TRUE(
      core_->set_setting(settings::kMaxLoginAttemptsAdministrator.name, std::int64_t{3}, ko_));
  expect_refused(verify("carol", "wrong-pass-1", Interface::browser, "10.0.0.2"));
  expect_refused(verify("carol", "wrong-pass-1", Interface::ipp_basic, "10.0.0.3"));
  EXPECT_FALSE(core_->authenticator().locked(carol_));
  expect_refused(verify("carol", "wrong-pass-1", Interface::panel, "panel"));
  EXPECT_TRUE(core_->authenticator().locked(carol_));
  for (int i = 0; i < 5; ++i) expect_refused(verify("alice", "wrong-pass-1", Interface::panel));
  EXPECT_TRUE(core_->authenticator().locked(alice_));
  expect_refused(verify("carol", kPassword, Interface::browser, "10.0.0.4"));

  core_->shutdown();
  open();
  EXPECT_FALSE(core_->authenticator().locked(carol_));
  EXPECT_FALSE(core_->authenticator().locked(alice_));
  EXPECT_TRUE(verify("carol", kPassword, Interface::browser, "10.0.0.4").is_ok());
  EXPECT_TRUE(verify("alice", kPassword, Interface::panel, "panel").is_ok());
  // The setting itself survived the restart.
  for (int i = 0; i < 3; ++i) expect_refused(verify("carol", "wrong-pass-1", Interface::panel));
  EXPECT_TRUE(core_->authenticator().locked(carol_));
}

// "Set Browser Session Timeout" (6 minutes, the secure value): alive at 5:59 idle, gone at 6:01;
// activity restarts the idle time.
TEST_F(AuthAcceptance, BrowserSessionAliveAt559IdleAndExpiredAt601) {
  const Subject alice = login("alice", kPassword, Interface::browser).subject;
  const Session a = start(SessionKind::browser, alice);
  const Session b = start(SessionKind::browser, alice);
  clock_->advance(5min + 59s);
  EXPECT_TRUE(live(a));  // 5:59 idle; its idle time restarts
  clock_->advance(2s);
  EXPECT_FALSE(live(b));  // 6:01 idle
  EXPECT_EQ(core_->sessions().touch(b.id, SessionKind::browser).status().message(),
            "session expired or unknown");
  EXPECT_TRUE(live(a));  // 0:02 idle
  clock_->advance(6min + 1s);
  EXPECT_FALSE(live(a));
}

// A changed timeout applies at once (browser 1..240 min).
TEST_F(AuthAcceptance, ChangedBrowserTimeoutAppliesAtOnce) {
  ASSERT_TRUE(core_->set_setting(settings::kBrowserSessionTimeout.name, std::int64_t{2}, ko_));
  const Subject alice = login("alice", kPassword, Interface::browser).subject;
  const Session a = start(SessionKind::browser, alice);
  const Session b = start(SessionKind::browser, alice);
  clock_->advance(1min + 59s);
  EXPECT_TRUE(live(a));
  clock_->advance(2s);
  EXPECT_FALSE(live(b));
}

// "Set Auto Clear" (control panel, 30 seconds): alive at 29 s idle, gone at 31 s.
TEST_F(AuthAcceptance, PanelAutoClearAt29And31Seconds) {
  const Subject alice = login("alice").subject;
  const Session p = start(SessionKind::panel, alice);
  clock_->advance(29s);
  EXPECT_TRUE(live(p));
  clock_->advance(31s);
  EXPECT_FALSE(live(p));
}

// Session IDs change at login: a login that presents the previous session's ID gets a new one
// and the old one ends, also when another user logs in on that browser or panel.
TEST_F(AuthAcceptance, SessionIdsChangeAtLogin) {
  for (SessionKind kind : {SessionKind::browser, SessionKind::panel}) {
    const Subject alice = login("alice").subject;
    const Session first = start(kind, alice);
    const Session again = start(kind, login("alice").subject, first.id);
    EXPECT_NE(again.id, first.id);
    EXPECT_FALSE(live(first));
    EXPECT_TRUE(live(again));
    const Session bobs = start(kind, login("bob").subject, again.id);
    EXPECT_NE(bobs.id, again.id);
    EXPECT_FALSE(live(again));
    EXPECT_EQ(core_->sessions().touch(bobs.id, kind).value().user_id,
              core_->accounts().find("bob").value().id);
    if (kind == SessionKind::browser) {
      EXPECT_NE(bobs.csrf_token, first.csrf_token);
    }
  }
}

// SessionManager's contract: sessions end "when their user's password changes or the user is
// deleted or locked (end_user())": the device core wires the accounts' and the authenticator's
// listeners to it.
TEST_F(AuthAcceptance, PasswordChangeAndLockoutEndTheUsersSessions) {
  const Subject alice = login("alice", kPassword, Interface::browser).subject;
  const Session before_change = start(SessionKind::browser, alice);
  ASSERT_TRUE(core_->accounts().change_own_password(alice, bytes(kPassword), bytes("New-pass-99")));
  EXPECT_FALSE(live(before_change)) << "a password change ends the user's sessions";

  const Session before_lock = start(SessionKind::browser, login("bob").subject);
  for (int i = 0; i < 5; ++i) expect_refused(verify("bob", "wrong-pass-1", Interface::panel));
  ASSERT_TRUE(core_->authenticator().locked(core_->accounts().find("bob").value().id));
  EXPECT_FALSE(live(before_lock)) << "a lockout ends the user's sessions";
}

}  // namespace
}  // namespace mfp::security::auth
