#include "security/auth/session_manager.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "engine_hw/sim/manual_clock.h"
#include "security/crypto/drbg.h"

namespace mfp::security::auth {
namespace {

using ownership::Role;
using ownership::Subject;
using pipeline::StatusCode;
using namespace std::chrono_literals;

class SessionManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = crypto::Drbg::create("session-test");
    ASSERT_TRUE(d.is_ok());
    drbg_ = std::move(d).value();
    auto m = SessionManager::create(clock_, *drbg_);
    ASSERT_TRUE(m.is_ok());
    sessions_ = std::move(m).value();
  }
  Session start(SessionKind kind = SessionKind::browser, Subject s = alice()) {
    auto r = sessions_->start(kind, s);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? std::move(r).value() : Session{};
  }
  static Subject alice() { return Subject::user(7, {Role::general_user}); }
  static bool hex64(const std::string& s) {
    return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
  }

  engine_hw::sim::ManualClock clock_;
  std::unique_ptr<crypto::Drbg> drbg_;
  std::unique_ptr<SessionManager> sessions_;
};

TEST_F(SessionManagerTest, IdsAreLongUniqueAndFreshAtLogin) {
  std::set<std::string> ids;
  for (int i = 0; i < 200; ++i) {
    Session s = start();
    EXPECT_TRUE(hex64(s.id));
    EXPECT_TRUE(hex64(s.csrf_token));
    EXPECT_NE(s.id, s.csrf_token);
    ids.insert(s.id);
  }
  EXPECT_EQ(ids.size(), 200u);
  // Logging in again with the old cookie gives a new ID and ends the old one.
  Session first = start();
  auto second = sessions_->start(SessionKind::browser, alice(), first.id);
  ASSERT_TRUE(second.is_ok());
  EXPECT_NE(second->id, first.id);
  EXPECT_EQ(sessions_->touch(first.id, SessionKind::browser).status().code(),
            StatusCode::permission_denied);
  EXPECT_TRUE(sessions_->touch(second->id, SessionKind::browser).is_ok());
}

TEST_F(SessionManagerTest, BrowserIdleTimeoutSixMinutes) {
  Session a = start();
  Session b = start();
  clock_.advance(5min + 59s);
  auto subject = sessions_->touch(a.id, SessionKind::browser);
  ASSERT_TRUE(subject.is_ok());
  EXPECT_EQ(subject->user_id, 7u);
  clock_.advance(2s);  // b: 6:01 idle
  auto gone = sessions_->touch(b.id, SessionKind::browser);
  ASSERT_FALSE(gone.is_ok());
  EXPECT_EQ(gone.status().message(), "session expired or unknown");
  // Activity extended a: only 2 s idle.
  clock_.advance(5min + 57s);
  EXPECT_TRUE(sessions_->touch(a.id, SessionKind::browser).is_ok());
  clock_.advance(6min + 1s);
  EXPECT_FALSE(sessions_->touch(a.id, SessionKind::browser).is_ok());
  EXPECT_EQ(sessions_->live(), 0u);
}

TEST_F(SessionManagerTest, PanelAutoClearThirtySeconds) {
  Session p = start(SessionKind::panel);
  EXPECT_TRUE(p.csrf_token.empty());
  clock_.advance(29s);
  EXPECT_TRUE(sessions_->touch(p.id, SessionKind::panel).is_ok());
  EXPECT_FALSE(sessions_->touch(p.id, SessionKind::browser).is_ok()) << "kind must match";
  clock_.advance(31s);
  EXPECT_FALSE(sessions_->touch(p.id, SessionKind::panel).is_ok());
  // One panel session at a time.
  Session p1 = start(SessionKind::panel);
  Session p2 = start(SessionKind::panel);
  EXPECT_FALSE(sessions_->touch(p1.id, SessionKind::panel).is_ok());
  EXPECT_TRUE(sessions_->touch(p2.id, SessionKind::panel).is_ok());
  sessions_->end(p2.id);  // logout clears
  EXPECT_FALSE(sessions_->touch(p2.id, SessionKind::panel).is_ok());
}

TEST_F(SessionManagerTest, TimeoutSettingsRanges) {
  EXPECT_EQ(sessions_->set_browser_timeout(0min).code(), StatusCode::invalid_argument);
  EXPECT_EQ(sessions_->set_browser_timeout(241min).code(), StatusCode::invalid_argument);
  EXPECT_EQ(sessions_->set_panel_timeout(9s).code(), StatusCode::invalid_argument);
  EXPECT_EQ(sessions_->set_panel_timeout(901s).code(), StatusCode::invalid_argument);
  EXPECT_FALSE(SessionManager::create(clock_, *drbg_, {241min, 30s, 16}).is_ok());
  ASSERT_TRUE(sessions_->set_browser_timeout(1min));
  ASSERT_TRUE(sessions_->set_panel_timeout(900s));
  Session b = start();
  Session p = start(SessionKind::panel);
  clock_.advance(61s);
  EXPECT_FALSE(sessions_->touch(b.id, SessionKind::browser).is_ok());
  EXPECT_TRUE(sessions_->touch(p.id, SessionKind::panel).is_ok());
}

TEST_F(SessionManagerTest, LogoutAndPasswordChangeInvalidate) {
  Session a = start();
  Session a2 = start(SessionKind::panel);
  Session other = start(SessionKind::browser, Subject::user(8, {Role::general_user}));
  sessions_->end(a.id);
  EXPECT_FALSE(sessions_->touch(a.id, SessionKind::browser).is_ok());
  Session a3 = start();
  sessions_->end_user(7);  // alice changed her password
  EXPECT_FALSE(sessions_->touch(a2.id, SessionKind::panel).is_ok());
  EXPECT_FALSE(sessions_->touch(a3.id, SessionKind::browser).is_ok());
  EXPECT_TRUE(sessions_->touch(other.id, SessionKind::browser).is_ok());
}

TEST_F(SessionManagerTest, CsrfTokenBoundToSession) {
  Session a = start();
  Session b = start();
  EXPECT_TRUE(sessions_->check_csrf(a.id, a.csrf_token));
  EXPECT_EQ(sessions_->check_csrf(a.id, b.csrf_token).message(), "CSRF token mismatch");
  std::string flipped = a.csrf_token;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  EXPECT_FALSE(sessions_->check_csrf(a.id, flipped).is_ok());
  EXPECT_FALSE(sessions_->check_csrf(a.id, "").is_ok());
  EXPECT_FALSE(sessions_->check_csrf(a.id, a.csrf_token.substr(1)).is_ok());
  sessions_->end(a.id);
  EXPECT_FALSE(sessions_->check_csrf(a.id, a.csrf_token).is_ok());
}

TEST_F(SessionManagerTest, RefusesUnauthenticatedAndCapsCount) {
  EXPECT_EQ(sessions_->start(SessionKind::browser, Subject::unauthenticated()).status().code(),
            StatusCode::permission_denied);
  auto small = SessionManager::create(clock_, *drbg_, {6min, 30s, 2});
  ASSERT_TRUE(small.is_ok());
  ASSERT_TRUE((*small)->start(SessionKind::browser, alice()).is_ok());
  ASSERT_TRUE((*small)->start(SessionKind::browser, alice()).is_ok());
  EXPECT_EQ((*small)->start(SessionKind::browser, alice()).status().code(),
            StatusCode::resource_exhausted);
  clock_.advance(6min);
  EXPECT_TRUE((*small)->start(SessionKind::browser, alice()).is_ok()) << "expired ones purged";
}

}  // namespace
}  // namespace mfp::security::auth
