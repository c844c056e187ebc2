// The guide's audit-log import script at the HTTP level: its exact requests (LOGIN.CMD with
// base64 NAME and PSW put into the body unescaped, so '+', '/' and '=' arrive as themselves;
// a Referer of /home/index.html; no Origin), then ALOGEXPT.CMD with the cookie the login set,
// then LOGOUT.CMD. Only administrators get the file; a general user is refused; a cross-site
// Referer is refused; the export after the logout is refused.

#include <gtest/gtest.h>

#include <string>

#include "frontends/http/base64.h"
#include "tests/unit/frontends/cwis/cwis_test_client.h"

namespace mfp::testing {
namespace {

std::string base64(std::string_view s) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(s[i]) << 16) |
                       (static_cast<unsigned char>(s[i + 1]) << 8) |
                       static_cast<unsigned char>(s[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out.push_back(kAlphabet[(v >> k) & 63]);
  }
  if (s.size() - i == 1) {
    const unsigned v = static_cast<unsigned char>(s[i]) << 16;
    out += {kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], '=', '='};
  } else if (s.size() - i == 2) {
    const unsigned v =
        (static_cast<unsigned char>(s[i]) << 16) | (static_cast<unsigned char>(s[i + 1]) << 8);
    out += {kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
  }
  return out;
}

// The script's three requests; the login's and the export's answers.
struct ScriptRun {
  CwisAnswer login, export_, logout;
};

ScriptRun run_script(CwisDevice& d, std::string_view user, std::string_view password,
                     std::string referer = std::string(kTestOrigin) + "/home/index.html") {
  CwisTestClient c(d);
  ScriptRun run;
  const std::string body = "NAME=" + base64(user) + "&PSW=" + base64(password);
  run.login = c.request("POST", "/LOGIN.CMD", body, {{"Referer", referer}}, false);
  run.export_ = c.request("GET", "/ALOGEXPT.CMD", {}, {{"Connection", "close"}}, false);
  run.logout = c.request("GET", "/LOGOUT.CMD", {}, {}, false);
  return run;
}

void add_administrator(CwisDevice& d, std::string_view login, std::string_view password) {
  auto user = d.fixture().core().accounts().add_user(
      DeviceFixture::key_operator(), std::string(login), "Audit reader",
      {security::ownership::Role::general_user, security::ownership::Role::system_administrator},
      std::span(reinterpret_cast<const std::uint8_t*>(password.data()), password.size()));
  ASSERT_TRUE(user.is_ok()) << user.status().message();
}

TEST(GuideCommands, ThePowerShellScriptExportsTheAuditLog) {
  CwisDevice d;
  // Passwords whose base64 has '+', '/' and '=' (">>>?" is "Pj4+Pw==", "???" is "Pz8/").
  const std::string password = "Adm1n-pass>>>?";
  ASSERT_NE(base64(password).find('+'), std::string::npos);
  add_administrator(d, "auditor", password);
  const auto run = run_script(d, "auditor", password);
  ASSERT_EQ(run.login.status, 200u) << run.login.body;
  EXPECT_NE(run.login.field("Set-Cookie").find("__Host-mfp-session="), std::string::npos);
  ASSERT_EQ(run.export_.status, 200u) << run.export_.body;
  EXPECT_TRUE(run.export_.body.starts_with("Format Version\t3")) << run.export_.body.substr(0, 80);
  EXPECT_NE(run.export_.body.find("Device's IP Address\t127.0.0.1"), std::string::npos);
  EXPECT_EQ(run.export_.field("Cache-Control"), "no-store");
  EXPECT_NE(run.export_.field("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(run.logout.status, 200u);
  EXPECT_NE(run.logout.field("Set-Cookie").find("Max-Age=0"), std::string::npos);

  const std::string slashes = "Pass???word-1";
  ASSERT_NE(base64(slashes).find('/'), std::string::npos);
  add_administrator(d, "auditor2", slashes);
  EXPECT_EQ(run_script(d, "auditor2", slashes).export_.status, 200u);
}

TEST(GuideCommands, OnlyAdministratorsExport) {
  CwisDevice d;
  const auto run = run_script(d, "alice", DeviceFixture::kUserPassword);
  EXPECT_EQ(run.login.status, 200u);
  EXPECT_EQ(run.export_.status, 403u);
  EXPECT_EQ(run.export_.body.find("Format Version"), std::string::npos);
}

TEST(GuideCommands, RefusesWrongCredentialsBadEncodingAndOtherSites) {
  CwisDevice d;
  auto wrong = run_script(d, "carol", "not-the-password");
  EXPECT_EQ(wrong.login.status, 403u);
  EXPECT_EQ(wrong.export_.status, 401u);
  CwisTestClient c(d);
  EXPECT_EQ(c.request("POST", "/LOGIN.CMD", "NAME=***&PSW=***", {}, false).status, 400u);
  auto elsewhere =
      run_script(d, "carol", DeviceFixture::kUserPassword, "https://evil.example/home/index.html");
  EXPECT_EQ(elsewhere.login.status, 403u);
  EXPECT_EQ(elsewhere.export_.status, 401u);
  // The export after the script's logout: the session is gone.
  CwisTestClient s(d);
  ASSERT_EQ(s.request("POST", "/LOGIN.CMD",
                      "NAME=" + base64("carol") + "&PSW=" + base64(DeviceFixture::kUserPassword),
                      {}, false)
                .status,
            200u);
  EXPECT_EQ(s.request("GET", "/ALOGEXPT.CMD", {}, {}, false).status, 200u);
  EXPECT_EQ(s.request("GET", "/LOGOUT.CMD", {}, {}, false).status, 200u);
  EXPECT_EQ(s.request("GET", "/ALOGEXPT.CMD", {}, {}, false).status, 401u);
}

}  // namespace
}  // namespace mfp::testing
