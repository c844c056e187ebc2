#include "security/auth/authenticator.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/security/auth/auth_fixture.h"

namespace mfp::security::auth::testing {
namespace {

using ownership::Role;
using pipeline::StatusCode;
using namespace std::chrono_literals;

class AuthenticatorTest : public AuthFixture {
 protected:
  void SetUp() override {
    AuthFixture::SetUp();
    ko_ = key_operator();
    alice_ = add("alice");
    sam_ = add("sam", /*admin=*/true);
    restart();
  }
  // A device restart: a new Authenticator (in-memory lockout state is gone).
  void restart(AuthenticatorOptions options = {}) {
    auth_.reset();
    auto a = Authenticator::create(*accounts_, audit_, clock_, *drbg_, options);
    ASSERT_TRUE(a.is_ok()) << a.status().to_string();
    auth_ = std::move(a).value();
  }
  pipeline::Result<LoginResult> login(std::string_view user, std::string_view password,
                                      Interface where = Interface::panel,
                                      std::string_view source = "10.0.0.1") {
    return auth_->verify(user, bytes(password), where, source);
  }
  static void expect_generic(const pipeline::Result<LoginResult>& r) {
    ASSERT_FALSE(r.is_ok());
    EXPECT_EQ(r.status().code(), StatusCode::permission_denied);
    EXPECT_EQ(r.status().message(), kLoginFailedMessage);
  }
  std::vector<audit::AuditEvent> login_failures() {
    std::vector<audit::AuditEvent> out;
    for (auto& e : audit_.events()) {
      if (!item(e, "Interface").empty() && (e.name == "Login/Logout" || !item(e, "Reason").empty()))
        out.push_back(e);
    }
    return out;
  }

  ownership::Subject ko_;
  std::uint64_t alice_ = 0;
  std::uint64_t sam_ = 0;
  std::unique_ptr<Authenticator> auth_;
};

TEST_F(AuthenticatorTest, SuccessReturnsSubject) {
  auto r = login("alice", "Secret-123");
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->subject.user_id, alice_);
  EXPECT_TRUE(r->subject.roles.contains(Role::general_user));
  EXPECT_FALSE(r->must_change_password);
  auto k = login("admin", "Admin-Pass-1", Interface::browser);
  ASSERT_TRUE(k.is_ok());
  EXPECT_TRUE(k->subject.roles.contains(Role::key_operator));
}

TEST_F(AuthenticatorTest, UnknownUserAndWrongPasswordLookAlikeAndAreAudited) {
  const auto before = accounts_->kdf_runs();
  auto unknown = login("mallory", "Secret-123", Interface::panel);
  EXPECT_EQ(accounts_->kdf_runs(), before + 1) << "unknown users still cost one KDF";
  auto wrong = login("alice", "Secret-999", Interface::browser);
  expect_generic(unknown);
  expect_generic(wrong);
  auto ipp = login("alice", "Secret-999", Interface::ipp_basic);
  expect_generic(ipp);
  const auto failures = login_failures();
  ASSERT_EQ(failures.size(), 3u);
  EXPECT_EQ(failures[0].user, "-");
  EXPECT_EQ(item(failures[0], "Interface"), "Control Panel");
  EXPECT_EQ(failures[0].status, "Failed (Invalid UserID)");
  EXPECT_EQ(failures[1].user, "alice");
  EXPECT_EQ(item(failures[1], "Interface"), "CentreWare Internet Services");
  EXPECT_EQ(failures[1].status, "Failed (Invalid Password)");
  EXPECT_EQ(item(failures[2], "Interface"), "Printer Driver");
  EXPECT_EQ(item(failures[2], "Reason"), "Failed (Invalid Password)");
  for (const auto& e : audit_.events()) {
    for (const auto& [k, v] : e.items) EXPECT_EQ(v.find("Secret-999"), std::string::npos);
  }
}

TEST_F(AuthenticatorTest, LockoutCountsAcrossInterfaces) {
  for (int i = 0; i < 4; ++i) expect_generic(login("alice", "wrong-pass-1", Interface::panel));
  EXPECT_FALSE(auth_->locked(alice_));
  expect_generic(login("alice", "wrong-pass-1", Interface::browser, "10.0.0.2"));
  EXPECT_TRUE(auth_->locked(alice_));
  auto failures = login_failures();
  ASSERT_EQ(failures.size(), 5u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(item(failures[i], "Account"), "");
  EXPECT_EQ(item(failures[4], "Account"), "Locked");
  EXPECT_EQ(item(failures[4], "Interface"), "CentreWare Internet Services");
  // The right password is refused with the same message, and audited.
  expect_generic(login("alice", "Secret-123", Interface::panel, "10.0.0.3"));
  EXPECT_EQ(item(login_failures().back(), "Account"), "Locked");
  // Other users are unaffected.
  EXPECT_TRUE(login("sam", "Secret-123").is_ok());
  // A General User cannot unlock; an administrator can.
  const auto as_alice = Accounts::subject_of(accounts_->get(alice_).value());
  EXPECT_EQ(auth_->unlock(as_alice, alice_).code(), StatusCode::permission_denied);
  ASSERT_TRUE(auth_->unlock(ko_, alice_));
  EXPECT_TRUE(login("alice", "Secret-123").is_ok());
  EXPECT_EQ(auth_->unlock(ko_, alice_).code(), StatusCode::conflict);
}

TEST_F(AuthenticatorTest, SuccessResetsCount) {
  for (int i = 0; i < 4; ++i) expect_generic(login("alice", "wrong-pass-1"));
  ASSERT_TRUE(login("alice", "Secret-123").is_ok());
  for (int i = 0; i < 4; ++i) expect_generic(login("alice", "wrong-pass-1"));
  EXPECT_FALSE(auth_->locked(alice_));
}

TEST_F(AuthenticatorTest, KeyOperatorUnlockedOnlyByRestart) {
  for (int i = 0; i < 5; ++i) expect_generic(login("admin", "wrong-pass-1"));
  EXPECT_TRUE(auth_->locked(1));
  expect_generic(login("admin", "Admin-Pass-1"));
  const auto as_sam = Accounts::subject_of(accounts_->get(sam_).value());
  EXPECT_EQ(auth_->unlock(as_sam, 1).code(), StatusCode::conflict);
  EXPECT_EQ(auth_->unlock(ko_, 1).code(), StatusCode::conflict);
  clock_.advance(24h);
  expect_generic(login("admin", "Admin-Pass-1"));  // time does not unlock
  restart();
  EXPECT_TRUE(login("admin", "Admin-Pass-1").is_ok());
}

TEST_F(AuthenticatorTest, SeparateLimitsForAdministratorsAndLocalUsers) {
  AuthenticatorOptions o;
  o.administrator_max_attempts = 2;
  o.local_user_max_attempts = 7;
  restart(o);
  for (int i = 0; i < 2; ++i) expect_generic(login("sam", "wrong-pass-1"));
  EXPECT_TRUE(auth_->locked(sam_));
  for (int i = 0; i < 6; ++i) expect_generic(login("alice", "wrong-pass-1", Interface::panel, "b"));
  EXPECT_FALSE(auth_->locked(alice_));
  expect_generic(login("alice", "wrong-pass-1", Interface::panel, "b"));
  EXPECT_TRUE(auth_->locked(alice_));

  o.administrator_max_attempts = 0;
  EXPECT_FALSE(Authenticator::create(*accounts_, audit_, clock_, *drbg_, o).is_ok());
  o.administrator_max_attempts = 11;
  EXPECT_FALSE(Authenticator::create(*accounts_, audit_, clock_, *drbg_, o).is_ok());
  EXPECT_EQ(auth_->set_limits(ko_, 5, 11).code(), StatusCode::invalid_argument);
  const auto as_alice = Accounts::subject_of(accounts_->get(alice_).value());
  EXPECT_EQ(auth_->set_limits(as_alice, 5, 5).code(), StatusCode::permission_denied);
  ASSERT_TRUE(auth_->set_limits(ko_, 1, 1));
  const std::uint64_t bob = add("bob");
  expect_generic(login("bob", "wrong-pass-1", Interface::panel, "c"));
  EXPECT_TRUE(auth_->locked(bob));
}

TEST_F(AuthenticatorTest, SourceThrottleDoesNotLockOthers) {
  AuthenticatorOptions o;
  o.throttle.max_failures = 3;
  o.throttle.window = 1min;
  o.throttle.block = 5min;
  restart(o);
  // One address sprays unknown names: after 3 failures it is refused without any check.
  for (int i = 0; i < 3; ++i)
    expect_generic(login("user" + std::to_string(i), "x", Interface::browser, "6.6.6.6"));
  EXPECT_EQ(item(login_failures().back(), "Source"), "Throttled");
  const auto kdf = accounts_->kdf_runs();
  for (int i = 0; i < 10; ++i) {
    auto r = login("alice", "wrong-pass-1", Interface::browser, "6.6.6.6");
    ASSERT_FALSE(r.is_ok());
    EXPECT_EQ(r.status().code(), StatusCode::resource_exhausted);
  }
  EXPECT_EQ(accounts_->kdf_runs(), kdf);
  EXPECT_FALSE(auth_->locked(alice_)) << "a throttled source cannot lock accounts";
  EXPECT_EQ(login_failures().size(), 3u) << "refused attempts are not checked or counted";
  // Other addresses are unaffected.
  EXPECT_TRUE(login("alice", "Secret-123", Interface::browser, "10.1.1.1").is_ok());
  // The block ends after its time.
  clock_.advance(5min - 1s);
  EXPECT_EQ(login("alice", "Secret-123", Interface::browser, "6.6.6.6").status().code(),
            StatusCode::resource_exhausted);
  clock_.advance(1s);
  EXPECT_TRUE(login("alice", "Secret-123", Interface::browser, "6.6.6.6").is_ok());
}

TEST_F(AuthenticatorTest, ThrottleWindowExpires) {
  AuthenticatorOptions o;
  o.throttle.max_failures = 3;
  o.throttle.window = 1min;
  restart(o);
  expect_generic(login("nobody", "x", Interface::browser, "s"));
  expect_generic(login("nobody", "x", Interface::browser, "s"));
  clock_.advance(61s);
  expect_generic(login("nobody", "x", Interface::browser, "s"));  // a new window: 1 of 3
  EXPECT_TRUE(login("alice", "Secret-123", Interface::browser, "s").is_ok());
}

TEST_F(AuthenticatorTest, PanelIsNotThrottled) {
  AuthenticatorOptions o;
  o.throttle.max_failures = 2;
  restart(o);
  for (int i = 0; i < 6; ++i) expect_generic(login("nobody", "x", Interface::panel, "panel"));
  EXPECT_TRUE(login("alice", "Secret-123", Interface::panel, "panel").is_ok());
}

TEST_F(AuthenticatorTest, IppCacheRunsKdfOnce) {
  const auto before = accounts_->kdf_runs();
  for (int i = 0; i < 20; ++i) {
    auto r = login("alice", "Secret-123", Interface::ipp_basic, "10.0.0.9");
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    EXPECT_EQ(r->subject.user_id, alice_);
  }
  EXPECT_EQ(accounts_->kdf_runs(), before + 1);
  // A wrong password is never served from the cache.
  expect_generic(login("alice", "Secret-124", Interface::ipp_basic, "10.0.0.9"));
  EXPECT_EQ(accounts_->kdf_runs(), before + 2);
  // Expiry after 60 s.
  clock_.advance(61s);
  ASSERT_TRUE(login("alice", "Secret-123", Interface::ipp_basic).is_ok());
  EXPECT_EQ(accounts_->kdf_runs(), before + 3);
  // The panel and the browser always run the KDF.
  ASSERT_TRUE(login("alice", "Secret-123", Interface::panel).is_ok());
  EXPECT_EQ(accounts_->kdf_runs(), before + 4);
}

// A burst of concurrent requests with the same credentials (50 CUPS or benchmark clients
// starting at once) runs the KDF once: the others wait for it and find the cache filled.
TEST_F(AuthenticatorTest, ConcurrentIppLoginsShareOneKdf) {
  const auto before = accounts_->kdf_runs();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (login("alice", "Secret-123", Interface::ipp_basic, "10.0.0.9").is_ok()) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_EQ(accounts_->kdf_runs(), before + 1);
  // Wrong passwords are checked one at a time per account, each still counted.
  threads.clear();
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      (void)login("alice", "wrong-pass", Interface::ipp_basic, "s" + std::to_string(i));
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(accounts_->kdf_runs(), before + 5);
}

TEST_F(AuthenticatorTest, IppCacheInvalidatedByPasswordChangeAndLock) {
  ASSERT_TRUE(login("alice", "Secret-123", Interface::ipp_basic).is_ok());
  const auto as_alice = Accounts::subject_of(accounts_->get(alice_).value());
  ASSERT_TRUE(accounts_->change_own_password(as_alice, bytes("Secret-123"), bytes("Secret-456")));
  expect_generic(login("alice", "Secret-123", Interface::ipp_basic));
  ASSERT_TRUE(login("alice", "Secret-456", Interface::ipp_basic).is_ok());
  for (int i = 0; i < 5; ++i) expect_generic(login("alice", "wrong-pass-1", Interface::panel));
  ASSERT_TRUE(auth_->locked(alice_));
  const auto kdf = accounts_->kdf_runs();
  expect_generic(login("alice", "Secret-456", Interface::ipp_basic));
  EXPECT_EQ(accounts_->kdf_runs(), kdf + 1) << "a locked account is not served from the cache";
}

TEST_F(AuthenticatorTest, MustChangePasswordRefusedOverIpp) {
  ASSERT_TRUE(accounts_->reset_password(ko_, alice_, bytes("Temp-Pass-1")));
  auto ipp = login("alice", "Temp-Pass-1", Interface::ipp_basic);
  ASSERT_FALSE(ipp.is_ok());
  EXPECT_EQ(ipp.status().message(), "password change required");
  auto panel = login("alice", "Temp-Pass-1", Interface::panel);
  ASSERT_TRUE(panel.is_ok());
  EXPECT_TRUE(panel->must_change_password);
}

TEST_F(AuthenticatorTest, DeletedUserCannotLogIn) {
  ASSERT_TRUE(login("alice", "Secret-123", Interface::ipp_basic).is_ok());
  ASSERT_TRUE(accounts_->delete_user(ko_, alice_));
  expect_generic(login("alice", "Secret-123", Interface::ipp_basic));
  EXPECT_EQ(item(login_failures().back(), "Reason"), "Failed (Invalid UserID)");
}

TEST_F(AuthenticatorTest, ConcurrentLoginsAreSafe) {
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const Interface where = (i % 2 == 0) ? Interface::ipp_basic : Interface::browser;
        auto r = auth_->verify(t % 2 == 0 ? "alice" : "sam", bytes("Secret-123"), where,
                               "10.9.9." + std::to_string(t));
        if (r.is_ok()) ok.fetch_add(1);
        auto bad = auth_->verify("nobody", bytes("x"), where, "10.8.8." + std::to_string(t));
        EXPECT_FALSE(bad.is_ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 40);
}

}  // namespace
}  // namespace mfp::security::auth::testing
