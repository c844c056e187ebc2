// CwisSite: the browser interface's guards, table-driven over the page table and the roles:
// a login is needed where the table says (pages redirect to the login page, actions and the
// guide's commands answer 401); the role matrix (nobody, a general user, a System
// Administrator, the Key Operator) x every page, as the device services decide; CSRF (no
// token, another session's token, a cross-site Origin or Sec-Fetch-Site); the security headers
// on every answer; the session cookie's attributes, a new ID at every login, the idle timeout
// (5:59 live, 6:01 ended, on an injected clock); the Key Operator's forced password change.

#include "frontends/cwis/cwis_site.h"

#include <gtest/gtest.h>

#include <string>

#include "engine_hw/sim/manual_clock.h"
#include "frontends/cwis/page_table.h"
#include "security/auth/accounts.h"
#include "security/settings/setting_keys.h"
#include "tests/unit/frontends/cwis/cwis_test_client.h"

namespace mfp::testing {
namespace {

using frontends::cwis::Access;
using frontends::cwis::page_table;
using frontends::http::Method;

constexpr std::string_view kPassword = DeviceFixture::kUserPassword;
constexpr std::string_view kKeyOperatorPassword = "Key-Operator-pass-1";

// Gives the Key Operator a chosen password (spending the one-time one).
void set_key_operator_password(CwisDevice& d) {
  auto otp = d.fixture().core().take_initial_password();
  const std::string_view next = kKeyOperatorPassword;
  ASSERT_TRUE(d.fixture().core().accounts().change_own_password(
      DeviceFixture::key_operator(), otp.span(),
      std::span(reinterpret_cast<const std::uint8_t*>(next.data()), next.size())));
}

void expect_security_headers(const CwisAnswer& a, const std::string& what) {
  EXPECT_EQ(a.field("Content-Security-Policy"),
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
      << what;
  EXPECT_EQ(a.field("X-Frame-Options"), "DENY") << what;
  EXPECT_EQ(a.field("X-Content-Type-Options"), "nosniff") << what;
  EXPECT_EQ(a.field("Referrer-Policy"), "same-origin") << what;
  EXPECT_EQ(a.field("Cross-Origin-Opener-Policy"), "same-origin") << what;
  EXPECT_FALSE(a.field("Strict-Transport-Security").empty()) << what;
}

TEST(CwisSite, EveryAnswerCarriesTheSecurityHeaders) {
  CwisDevice d;
  CwisTestClient anonymous(d);
  CwisTestClient carol(d);
  ASSERT_EQ(carol.login("carol", kPassword).status, 303u);
  for (const auto& row : page_table()) {
    const std::string path(row.path);
    for (CwisTestClient* c : {&anonymous, &carol}) {
      const auto a = row.method == Method::get ? c->get(path) : c->post(path);
      expect_security_headers(a, path);
      if (c == &carol && row.method == Method::get && a.status == 200) {
        EXPECT_EQ(a.field("Cache-Control"), "no-store") << path;
      }
    }
  }
  expect_security_headers(anonymous.get("/no/such/page"), "not found");
  EXPECT_EQ(anonymous.get("/no/such/page").status, 404u);
  const auto css = anonymous.get("/static/cwis.css");
  EXPECT_EQ(css.status, 200u);
  EXPECT_EQ(css.field("Content-Type"), "text/css; charset=utf-8");
  expect_security_headers(css, "css");
}

TEST(CwisSite, PagesNeedALogin) {
  CwisDevice d;
  CwisTestClient anonymous(d);
  for (const auto& row : page_table()) {
    if (row.access != Access::session) continue;
    const std::string path(row.path);
    if (row.method == Method::post) {
      EXPECT_EQ(anonymous.request("POST", path, "csrf=x").status, 401u) << path;
    } else if (row.section != frontends::cwis::Section::none) {
      const auto a = anonymous.get(path);
      EXPECT_EQ(a.status, 303u) << path;
      EXPECT_EQ(a.field("Location"), "/login.html?next=" + path) << path;
    } else {
      EXPECT_EQ(anonymous.get(path).status, 401u) << path;
    }
  }
  // A stale or forged cookie is nobody.
  anonymous.set_cookie(std::string(64, 'a'));
  EXPECT_EQ(anonymous.get("/jobs/index.html").status, 303u);
}

// GET status of each page for nobody, a general user, a System Administrator and the Key
// Operator: what AccessPolicy lets each see (303: to the login page).
struct RoleRow {
  const char* path;
  unsigned nobody, general, administrator, key_operator;
};

TEST(CwisSite, RoleMatrixOfEveryPage) {
  CwisDevice d;
  set_key_operator_password(d);
  const std::string carol_page =
      "/permissions/user.html?id=" + std::to_string(d.fixture().carol().user_id);
  const RoleRow rows[] = {
      {"/home/index.html", 200, 200, 200, 200},
      {"/login.html", 200, 200, 200, 200},
      {"/password.html", 303, 200, 200, 200},
      {"/app/folders.html", 303, 200, 200, 200},
      {"/app/folder.html?number=3", 303, 403, 200, 200},
      {"/jobs/index.html", 303, 200, 200, 200},
      {"/jobs/index.html?which=history", 303, 200, 200, 200},
      {"/permissions/index.html", 303, 403, 200, 200},
      {carol_page.c_str(), 303, 403, 200, 200},
      {"/permissions/settings.html", 303, 403, 200, 200},
      {"/system/index.html", 303, 403, 200, 200},
      {"/system/certificates.html", 303, 403, 200, 200},
      {"/system/certificate.pem", 303, 403, 200, 200},
      {"/system/logs.html", 303, 403, 200, 200},
      {"/system/logs/export", 303, 403, 200, 200},
      {"/system/time.html", 303, 403, 200, 200},
      {"/network/index.html", 303, 403, 200, 200},
      {"/ALOGEXPT.CMD", 401, 403, 200, 200},
  };
  ASSERT_TRUE(
      d.fixture().core().folders().create_folder(d.fixture().carol(), 3, "Shared", false).is_ok());
  CwisTestClient nobody(d);
  CwisTestClient alice(d);
  CwisTestClient carol(d);
  CwisTestClient ko(d);
  ASSERT_EQ(alice.login("alice", kPassword).status, 303u);
  ASSERT_EQ(carol.login("carol", kPassword).status, 303u);
  ASSERT_EQ(ko.login(security::auth::kKeyOperatorLogin, kKeyOperatorPassword).status, 303u);
  for (const auto& r : rows) {
    EXPECT_EQ(nobody.get(r.path).status, r.nobody) << r.path;
    EXPECT_EQ(alice.get(r.path).status, r.general) << r.path;
    EXPECT_EQ(carol.get(r.path).status, r.administrator) << r.path;
    EXPECT_EQ(ko.get(r.path).status, r.key_operator) << r.path;
  }
  // Every page the table lists is in the matrix (a new page needs its row).
  for (const auto& row : page_table()) {
    if (row.method != Method::get || row.path == "/" || row.path == "/LOGOUT.CMD") continue;
    bool listed = false;
    for (const auto& r : rows) listed = listed || std::string_view(r.path).starts_with(row.path);
    EXPECT_TRUE(listed) << row.path << " has no row in the role matrix";
  }
  // Actions a general user may not take are refused by the services (403), not by the page.
  EXPECT_EQ(alice
                .post("/permissions/users/add",
                      "login=mallory&name=M&role=system_administrator&password=Xx-123456789"
                      "&confirm=Xx-123456789")
                .status,
            403u);
  EXPECT_EQ(alice
                .post("/settings", "page=/system/index.html&" +
                                       setting_field(security::settings::kAuditLog) + "=false")
                .status,
            403u);
  EXPECT_EQ(alice.post("/system/time", "date=2030-01-01&time=10:00").status, 403u);
  EXPECT_EQ(alice.post("/settings/secure").status, 403u);
  EXPECT_EQ(alice.post("/system/restart").status, 403u);
}

TEST(CwisSite, StateChangesNeedTheSessionsCsrfToken) {
  CwisDevice d;
  CwisTestClient alice(d);
  CwisTestClient bob(d);
  ASSERT_EQ(alice.login("alice", kPassword).status, 303u);
  ASSERT_EQ(bob.login("bob", kPassword).status, 303u);
  auto& f = d.fixture();
  // Held as Private Charge Print, so the job waits while the requests are tried.
  f.set(security::settings::kReceiveControl,
        security::settings::ReceiveControl::according_to_print_accounting);
  f.set(security::settings::kJobLoginSuccess,
        security::settings::JobLoginSuccess::save_as_private_charge_print);
  auto held = f.request(f.alice(), 1, "mine");
  const auto id = d.services().jobs().submit(
      pipeline::device::Caller{f.alice(), pipeline::device::Interface::ipp, "127.0.0.1"},
      std::move(held));
  ASSERT_TRUE(id.is_ok());
  const std::string body = "id=" + std::to_string(id.value());
  // No token, another session's token, a wrong one: refused.
  EXPECT_EQ(alice.request("POST", "/jobs/cancel", body).status, 403u);
  EXPECT_EQ(alice.request("POST", "/jobs/cancel", body + "&csrf=" + bob.csrf()).status, 403u);
  EXPECT_EQ(alice.request("POST", "/jobs/cancel", body + "&csrf=" + std::string(64, '0')).status,
            403u);
  // The right token from another site: refused.
  EXPECT_EQ(alice
                .request("POST", "/jobs/cancel", body + "&csrf=" + alice.csrf(),
                         {{"Origin", "https://evil.example"}}, false)
                .status,
            403u);
  EXPECT_EQ(alice
                .request("POST", "/jobs/cancel", body + "&csrf=" + alice.csrf(),
                         {{"Sec-Fetch-Site", "cross-site"}}, false)
                .status,
            403u);
  EXPECT_EQ(alice
                .request("POST", "/jobs/cancel", body + "&csrf=" + alice.csrf(),
                         {{"Referer", "https://evil.example/x"}}, false)
                .status,
            403u);
  // Turning "CSRF Protection" off does not turn the check off.
  f.set(security::settings::kCsrfProtection, false);
  EXPECT_EQ(alice.request("POST", "/jobs/cancel", body).status, 403u);
  // The job is still there; with the token it goes.
  EXPECT_FALSE(pipeline::jobs::is_terminal(
      d.services()
          .jobs()
          .view(pipeline::device::Caller{f.alice(), pipeline::device::Interface::browser, ""},
                id.value())
          ->state));
  const auto ok = alice.post("/jobs/cancel", body);
  EXPECT_EQ(ok.status, 303u);
  EXPECT_EQ(ok.field("Location"), "/jobs/index.html?done=canceled");
}

TEST(CwisSite, LoginFromAnotherSiteIsRefused) {
  CwisDevice d;
  CwisTestClient c(d);
  const auto a = c.request("POST", "/login", "user=alice&password=Secret-pass-123",
                           {{"Origin", "https://evil.example"}}, false);
  EXPECT_EQ(a.status, 403u);
  EXPECT_TRUE(c.cookie().empty());
}

TEST(CwisSite, TheSessionCookieIsHostOnlySecureHttpOnlyStrictAndNewAtEveryLogin) {
  CwisDevice d;
  CwisTestClient c(d);
  const auto a = c.login("alice", kPassword);
  ASSERT_EQ(a.status, 303u);
  const std::string set = a.field("Set-Cookie");
  EXPECT_TRUE(set.starts_with("__Host-mfp-session=")) << set;
  for (const char* attribute : {"; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict"}) {
    EXPECT_NE(set.find(attribute), std::string::npos) << attribute;
  }
  EXPECT_EQ(set.find("Domain"), std::string::npos);
  const std::string first = c.cookie();
  EXPECT_EQ(first.size(), 64u);
  ASSERT_EQ(c.login("alice", kPassword).status, 303u);
  EXPECT_NE(c.cookie(), first);
  CwisTestClient old(d);
  old.set_cookie(first);
  EXPECT_EQ(old.get("/jobs/index.html").status, 303u);  // the old ID ended at the new login
  // Logging out ends it on the server and deletes the cookie.
  const std::string live = c.cookie();
  const auto out = c.post("/logout");
  EXPECT_EQ(out.status, 303u);
  EXPECT_NE(out.field("Set-Cookie").find("Max-Age=0"), std::string::npos);
  CwisTestClient replay(d);
  replay.set_cookie(live);
  EXPECT_EQ(replay.get("/jobs/index.html").status, 303u);
}

TEST(CwisSite, TheSessionEndsAfterTheIdleTimeout) {
  auto clock = std::make_shared<engine_hw::sim::ManualClock>();
  CwisDevice d(clock);
  d.fixture().set(security::settings::kBrowserSessionTimeout, std::int64_t{6});
  CwisTestClient c(d);
  ASSERT_EQ(c.login("alice", kPassword).status, 303u);
  clock->advance(std::chrono::minutes(5) + std::chrono::seconds(59));
  EXPECT_EQ(c.get("/jobs/index.html").status, 200u);  // and the timer starts again
  clock->advance(std::chrono::minutes(5) + std::chrono::seconds(59));
  EXPECT_EQ(c.get("/jobs/index.html").status, 200u);
  clock->advance(std::chrono::minutes(6) + std::chrono::seconds(1));
  EXPECT_EQ(c.get("/jobs/index.html").status, 303u);
}

TEST(CwisSite, TheKeyOperatorsFirstLoginForcesANewPassword) {
  CwisDevice d;
  auto otp = d.fixture().core().take_initial_password();
  const std::string otp_text(reinterpret_cast<const char*>(otp.data()), otp.size());
  CwisTestClient ko(d);
  const auto a = ko.login(security::auth::kKeyOperatorLogin, otp_text);
  ASSERT_EQ(a.status, 303u);
  EXPECT_EQ(a.field("Location"), "/password.html");
  EXPECT_EQ(ko.get("/jobs/index.html").field("Location"), "/password.html");
  EXPECT_EQ(ko.get("/system/index.html").field("Location"), "/password.html");
  EXPECT_EQ(ko.get("/ALOGEXPT.CMD").status, 403u);
  EXPECT_EQ(ko.post("/settings/secure").status, 403u);
  const auto page = ko.get("/password.html");
  EXPECT_EQ(page.status, 200u);
  EXPECT_NE(page.body.find("one-time password"), std::string::npos);
  // The retyped copy must match; the current password must be right.
  EXPECT_EQ(ko.post("/password", "current=" + CwisTestClient::encode(otp_text) +
                                     "&next=New-KO-pass-123&confirm=New-KO-pass-124")
                .status,
            400u);
  EXPECT_EQ(
      ko.post("/password", "current=wrong&next=New-KO-pass-123&confirm=New-KO-pass-123").status,
      403u);
  const auto changed = ko.post("/password", "current=" + CwisTestClient::encode(otp_text) +
                                                "&next=New-KO-pass-123&confirm=New-KO-pass-123");
  ASSERT_EQ(changed.status, 303u);
  EXPECT_EQ(changed.field("Location"), "/login.html?changed=1");
  EXPECT_EQ(ko.get("/jobs/index.html").status, 303u);  // the change ended the session
  ASSERT_EQ(ko.login(security::auth::kKeyOperatorLogin, "New-KO-pass-123").status, 303u);
  EXPECT_EQ(ko.get("/system/index.html").status, 200u);
}

TEST(CwisSite, FiveFailedLoginsLockTheAccount) {
  CwisDevice d;
  CwisTestClient c(d);
  for (int i = 0; i < 5; ++i) {
    const auto a = c.login("carol", "wrong-password");
    EXPECT_EQ(a.status, 403u);
    EXPECT_NE(a.body.find("user ID or password is incorrect"), std::string::npos);
  }
  EXPECT_EQ(c.login("carol", kPassword).status, 403u);  // locked: even the right password
  std::size_t audited = 0;
  for (const auto& e : audit_events(d.fixture().core().security().audit(), "Login/Logout")) {
    for (const auto& [k, v] : e.items) {
      if (k == "Interface" && v == "CentreWare Internet Services") ++audited;
    }
  }
  EXPECT_GE(audited, 5u);
  // An administrator unlocks it from the account's page.
  set_key_operator_password(d);
  CwisTestClient ko(d);
  ASSERT_EQ(ko.login(security::auth::kKeyOperatorLogin, kKeyOperatorPassword).status, 303u);
  const std::string id = std::to_string(d.fixture().carol().user_id);
  EXPECT_NE(ko.get("/permissions/user.html?id=" + id).body.find("Locked"), std::string::npos);
  EXPECT_EQ(ko.post("/permissions/user/unlock", "id=" + id).status, 303u);
  EXPECT_EQ(c.login("carol", kPassword).status, 303u);
}

}  // namespace
}  // namespace mfp::testing
