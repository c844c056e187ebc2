// The browser interface's pages through their routes: jobs (own only for a general user,
// paging, cancel), user accounts (add, edit, set a password with the administrator's own
// password, delete), settings (a change shows its deviation and the restart notice; the secure
// reset clears it), Adjust Time (audited), the audit log page; and objects named with XSS
// payloads stored and shown on every page: never as markup.

#include <gtest/gtest.h>

#include <string>

#include "frontends/cwis/page_table.h"
#include "security/certs/trust_store.h"
#include "tests/unit/frontends/cwis/cwis_test_client.h"

namespace mfp::testing {
namespace {

using pipeline::device::Caller;
using pipeline::device::Interface;

constexpr std::string_view kPassword = DeviceFixture::kUserPassword;

std::uint64_t submit(CwisDevice& d, const security::ownership::Subject& who, std::string name) {
  auto id = d.services().jobs().submit(Caller{who, Interface::ipp, "127.0.0.1"},
                                       d.fixture().request(who, 1, std::move(name)));
  EXPECT_TRUE(id.is_ok()) << id.status().message();
  return id.is_ok() ? *id : 0;
}

TEST(CwisPages, AGeneralUserSeesOnlyTheirOwnJobs) {
  CwisDevice d;
  auto& f = d.fixture();
  f.set(security::settings::kHideJobDetails, true);
  // The device starts in the secure configuration: jobs are held as Private Charge Print.
  submit(d, f.alice(), "alices-report");
  submit(d, f.bob(), "bobs-secret-plan");
  CwisTestClient alice(d);
  ASSERT_EQ(alice.login("alice", kPassword).status, 303u);
  const auto history = alice.get("/jobs/index.html");
  ASSERT_EQ(history.status, 200u);
  EXPECT_NE(history.body.find("alices-report"), std::string::npos);
  EXPECT_EQ(history.body.find("bobs-secret-plan"), std::string::npos);
  CwisTestClient carol(d);
  ASSERT_EQ(carol.login("carol", kPassword).status, 303u);
  const auto all = carol.get("/jobs/index.html");
  EXPECT_NE(all.body.find("bobs-secret-plan"), std::string::npos);
}

TEST(CwisPages, JobsArePagedFiftyAtATime) {
  CwisDevice d;
  auto& f = d.fixture();
  for (int i = 0; i < 60; ++i) submit(d, f.alice(), "job-" + std::to_string(i) + "-x");
  CwisTestClient alice(d);
  ASSERT_EQ(alice.login("alice", kPassword).status, 303u);
  const auto first = alice.get("/jobs/index.html");
  EXPECT_NE(first.body.find("page 1 of 2"), std::string::npos);
  EXPECT_NE(first.body.find("job-59-x"), std::string::npos);  // newest first
  EXPECT_EQ(first.body.find("job-0-x"), std::string::npos);
  const auto second = alice.get("/jobs/index.html?page=2");
  EXPECT_NE(second.body.find("job-0-x"), std::string::npos);
  EXPECT_EQ(second.body.find("job-59-x"), std::string::npos);
}

TEST(CwisPages, AdministratorsManageAccounts) {
  CwisDevice d;
  CwisTestClient carol(d);
  ASSERT_EQ(carol.login("carol", kPassword).status, 303u);
  // Mismatched copies are refused on the form; a good form adds the account.
  EXPECT_EQ(carol
                .post("/permissions/users/add",
                      "login=dave&name=Dave&role=general_user&password=Dave-pass-1234"
                      "&confirm=Dave-pass-9999")
                .status,
            400u);
  const auto added = carol.post("/permissions/users/add",
                                "login=dave&name=Dave&role=general_user&password=Dave-pass-1234"
                                "&confirm=Dave-pass-1234");
  ASSERT_EQ(added.status, 303u);
  std::uint64_t dave = 0;
  const auto users = d.services().users().list(Caller{d.fixture().carol(), Interface::browser, ""});
  ASSERT_TRUE(users.is_ok());
  for (const auto& u : users.value()) {
    if (u.login == "dave") dave = u.id;
  }
  ASSERT_NE(dave, 0u);
  const std::string id = std::to_string(dave);
  EXPECT_NE(carol.get("/permissions/index.html").body.find(">dave<"), std::string::npos);
  // The new user logs in.
  CwisTestClient dave_browser(d);
  EXPECT_EQ(dave_browser.login("dave", "Dave-pass-1234").status, 303u);
  // Edit: name and role.
  EXPECT_EQ(
      carol.post("/permissions/user/edit", "id=" + id + "&name=David&role=general_user").status,
      303u);
  EXPECT_NE(carol.get("/permissions/user.html?id=" + id).body.find("David"), std::string::npos);
  // A new password needs the administrator's own password.
  EXPECT_EQ(carol
                .post("/permissions/user/password",
                      "id=" + id + "&password=Next-pass-5678&confirm=Next-pass-5678" +
                          "&admin_password=wrong")
                .status,
            403u);
  EXPECT_EQ(carol
                .post("/permissions/user/password",
                      "id=" + id + "&password=Next-pass-5678&confirm=Next-pass-5678" +
                          "&admin_password=" + std::string(kPassword))
                .status,
            303u);
  EXPECT_EQ(dave_browser.get("/jobs/index.html").status, 303u);  // the change ended it
  EXPECT_EQ(dave_browser.login("dave", "Next-pass-5678").status, 303u);
  // Delete needs the confirmation box.
  EXPECT_EQ(carol.post("/permissions/user/delete", "id=" + id).status, 400u);
  EXPECT_EQ(carol.post("/permissions/user/delete", "id=" + id + "&confirm=1").status, 303u);
  EXPECT_EQ(dave_browser.get("/jobs/index.html").status, 303u);
  EXPECT_EQ(carol.get("/permissions/user.html?id=" + id).status, 404u);
}

TEST(CwisPages, ASettingChangeShowsItsDeviationAndTheSecureResetFixesIt) {
  CwisDevice d;
  ASSERT_TRUE(d.services().settings().apply_secure(Caller::local_key_operator()).is_ok());
  CwisTestClient carol(d);
  ASSERT_EQ(carol.login("carol", kPassword).status, 303u);
  auto network = carol.get("/network/index.html");
  ASSERT_EQ(network.status, 200u);
  EXPECT_NE(network.body.find("Every setting on this page has its secure value"),
            std::string::npos);
  const auto saved = carol.post(
      "/settings", "page=/network/index.html&" + setting_field(security::settings::kLpd) + "=true");
  ASSERT_EQ(saved.status, 303u);
  EXPECT_EQ(saved.field("Location"), "/network/index.html?done=saved&restart=1");
  network = carol.get(saved.field("Location"));
  EXPECT_NE(network.body.find("1 settings on this page deviate"), std::string::npos);
  EXPECT_NE(network.body.find("Restart Now"), std::string::npos);
  const auto home = carol.get("/home/index.html");
  EXPECT_NE(home.body.find("LPD deviates from the secure configuration"), std::string::npos);
  // A setting changed only at the control panel is refused here.
  EXPECT_EQ(carol
                .post("/settings", "page=/system/index.html&" +
                                       setting_field(security::settings::kScan) + "=true")
                .status,
            403u);
  // An unknown key or a bad value: refused, nothing changed.
  EXPECT_EQ(carol.post("/settings", "page=/system/index.html&s:no.such.key=1").status, 400u);
  EXPECT_EQ(
      carol
          .post("/settings", "page=/system/index.html&" +
                                 setting_field(security::settings::kPasswordMinLength) + "=999")
          .status,
      400u);
  ASSERT_EQ(carol.post("/settings/secure", "page=/network/index.html").status, 303u);
  EXPECT_NE(carol.get("/network/index.html").body.find("Every setting on this page"),
            std::string::npos);
}

TEST(CwisPages, AdjustTimeSetsTheClockAndIsAudited) {
  CwisDevice d;
  CwisTestClient carol(d);
  ASSERT_EQ(carol.login("carol", kPassword).status, 303u);
  EXPECT_EQ(carol.post("/system/time", "date=1999-12-31&time=10:00").status, 400u);
  EXPECT_EQ(carol.post("/system/time", "date=2030-02-30&time=10:00").status, 400u);
  ASSERT_EQ(carol.post("/system/time", "date=2030-06-01&time=10:30").status, 303u);
  const auto page = carol.get("/system/time.html");
  EXPECT_NE(page.body.find("2030/06/01 10:3"), std::string::npos);
  bool audited = false;
  for (const auto& e : audit_events(d.fixture().core().security().audit(), "Device Settings")) {
    audited = audited || e.description == "Adjust Time";
  }
  EXPECT_TRUE(audited);
  const auto log = carol.get("/system/logs.html");
  EXPECT_NE(log.body.find("Adjust Time"), std::string::npos);
}

TEST(CwisPages, FoldersTheirFileListsAndForceDelete) {
  CwisDevice d;
  auto& f = d.fixture();
  f.set(security::settings::kFilesRetrievedByClient,
        security::settings::FilesRetrieved::according_to_folder_settings);
  CwisTestClient alice(d);
  CwisTestClient bob(d);
  ASSERT_EQ(alice.login("alice", kPassword).status, 303u);
  ASSERT_EQ(bob.login("bob", kPassword).status, 303u);
  EXPECT_EQ(alice.post("/app/folders/create", "number=1000&name=x").status, 400u);
  ASSERT_EQ(alice.post("/app/folders/create", "number=7&name=Scans").status, 303u);
  EXPECT_EQ(bob.post("/app/folders/create", "number=7&name=Mine").status, 409u);
  EXPECT_NE(bob.get("/app/folders.html").body.find(">007<"), std::string::npos);
  const std::string content = "scanned bytes";
  const auto id = f.core().folders().store_file(
      f.alice(), 7, {"scan", "report.pdf", 2},
      std::span(reinterpret_cast<const std::uint8_t*>(content.data()), content.size()));
  ASSERT_TRUE(id.is_ok()) << id.status().message();
  // The owner sees the File List; another user reads the guide's refusal.
  const auto mine = alice.get("/app/folder.html?number=7");
  EXPECT_NE(mine.body.find("report.pdf"), std::string::npos);
  const auto theirs = bob.get("/app/folder.html?number=7");
  EXPECT_EQ(theirs.status, 403u);
  EXPECT_NE(theirs.body.find("Unable to select because you do not have access"), std::string::npos);
  EXPECT_EQ(theirs.body.find("report.pdf"), std::string::npos);
  const std::string file = "number=7&id=" + std::to_string(id.value());
  EXPECT_EQ(bob.post("/app/folder/file/retrieve", file).status, 403u);
  EXPECT_EQ(bob.post("/app/folder/edit", "number=7&name=Taken").status, 403u);
  // Retrieval downloads the file; with Force Delete it is then gone.
  auto got = alice.post("/app/folder/file/retrieve", file);
  EXPECT_EQ(got.status, 200u);
  EXPECT_EQ(got.body, content);
  EXPECT_NE(got.field("Content-Disposition").find("report.pdf"), std::string::npos);
  EXPECT_NE(alice.get("/app/folder.html?number=7").body.find("report.pdf"), std::string::npos);
  f.set(security::settings::kFilesRetrievedByClient,
        security::settings::FilesRetrieved::force_delete);
  got = alice.post("/app/folder/file/retrieve", file);
  EXPECT_EQ(got.body, content);
  EXPECT_EQ(alice.get("/app/folder.html?number=7").body.find("report.pdf"), std::string::npos);
  // Edit, then delete with the confirmation.
  EXPECT_EQ(alice.post("/app/folder/edit", "number=7&name=Invoices").status, 303u);
  EXPECT_NE(alice.get("/app/folders.html").body.find("Invoices"), std::string::npos);
  EXPECT_EQ(alice.post("/app/folder/delete", "number=7").status, 400u);
  EXPECT_EQ(alice.post("/app/folder/delete", "number=7&confirm=1").status, 303u);
  EXPECT_EQ(alice.get("/app/folder.html?number=7").status, 404u);
}

TEST(CwisPages, CertificatesAreMadeRequestedDownloadedAndRemoved) {
  CwisDevice d;
  CwisTestClient carol(d);
  ASSERT_EQ(carol.login("carol", kPassword).status, 303u);
  const auto before = d.fixture().core().device_certificate()->leaf().sha256_fingerprint();
  const auto page = carol.get("/system/certificates.html");
  ASSERT_EQ(page.status, 200u);
  EXPECT_NE(page.body.find(security::certs::fingerprint_hex(before)), std::string::npos);
  const auto pem = carol.get("/system/certificate.pem");
  EXPECT_TRUE(pem.body.starts_with("-----BEGIN CERTIFICATE-----"));
  EXPECT_NE(pem.field("Content-Disposition").find("attachment"), std::string::npos);
  // Bad choices are refused on the form; a good one installs a new certificate.
  EXPECT_EQ(
      carol.post("/system/certificates/create", "key=dsa&digest=sha256&issuer=X&days=30").status,
      400u);
  EXPECT_EQ(
      carol.post("/system/certificates/create", "key=ecdsa-p256&digest=sha256&issuer=X&days=0")
          .status,
      400u);
  ASSERT_EQ(carol
                .post("/system/certificates/create",
                      "key=ecdsa-p384&digest=sha384&issuer=Front+desk+printer&days=90")
                .status,
            303u);
  const auto& leaf = d.fixture().core().device_certificate()->leaf();
  EXPECT_NE(leaf.sha256_fingerprint(), before);
  EXPECT_EQ(leaf.issuer_common_name(), "Front desk printer");
  const auto csr =
      carol.post("/system/certificates/request",
                 "key=ecdsa-p256&digest=sha256&cn=printer.example&o=Example&ou=IT&c=DE");
  EXPECT_EQ(csr.status, 200u);
  EXPECT_TRUE(csr.body.starts_with("-----BEGIN CERTIFICATE REQUEST-----")) << csr.body;
  EXPECT_EQ(carol.post("/system/certificates/untrust", "sha256=" + std::string(64, 'a')).status,
            404u);
  EXPECT_EQ(carol.post("/system/certificates/untrust", "sha256=zz").status, 400u);
  CwisTestClient alice(d);
  ASSERT_EQ(alice.login("alice", kPassword).status, 303u);
  EXPECT_EQ(
      alice.post("/system/certificates/create", "key=ecdsa-p256&digest=sha256&issuer=Mine&days=30")
          .status,
      403u);
}

TEST(CwisPages, XssPayloadsAreShownAsTextOnEveryPage) {
  CwisDevice d;
  auto& f = d.fixture();
  const std::string script = "<script>alert(1)</script>";
  const std::string attribute = "\"><img src=x onerror=alert(2)>";
  submit(d, f.alice(), script + attribute);
  auto& accounts = f.core().accounts();
  const std::string_view pw = kPassword;
  ASSERT_TRUE(accounts
                  .add_user(DeviceFixture::key_operator(), "eve", script + attribute,
                            {security::ownership::Role::general_user},
                            std::span(reinterpret_cast<const std::uint8_t*>(pw.data()), pw.size()))
                  .is_ok());
  ASSERT_TRUE(f.core().folders().create_folder(f.alice(), 5, "<script>x</script>", false).is_ok());
  const std::string bytes = "x";
  ASSERT_TRUE(f.core()
                  .folders()
                  .store_file(f.alice(), 5, {"scan", script + attribute, 1},
                              std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), 1))
                  .is_ok());
  CwisTestClient carol(d);
  ASSERT_EQ(carol.login("carol", kPassword).status, 303u);
  CwisTestClient alice(d);
  ASSERT_EQ(alice.login("alice", kPassword).status, 303u);
  EXPECT_NE(alice.get("/app/folder.html?number=5").body.find("&lt;script&gt;"), std::string::npos);
  // A failed login with the payload as the user ID puts it in the audit log.
  CwisTestClient attacker(d);
  (void)attacker.login(script, "x");
  std::size_t pages = 0;
  std::vector<std::string> targets;
  for (const auto& row : frontends::cwis::page_table()) {
    if (row.method == frontends::http::Method::get) targets.emplace_back(row.path);
  }
  targets.push_back("/jobs/index.html?which=history");
  targets.push_back("/app/folder.html?number=5");
  const auto users = d.services().users().list(Caller{f.carol(), Interface::browser, ""});
  ASSERT_TRUE(users.is_ok());
  for (const auto& u : users.value()) {
    targets.push_back("/permissions/user.html?id=" + std::to_string(u.id));
  }
  bool seen_escaped = false;
  for (const auto& target : targets) {
    if (target == "/LOGOUT.CMD") continue;
    const auto a = carol.get(target);
    if (a.status != 200) continue;
    // The audit export is the guide's text file, sent as an attachment with nosniff.
    if (!a.field("Content-Type").starts_with("text/html")) {
      EXPECT_EQ(a.field("Content-Disposition").substr(0, 10), "attachment") << target;
      EXPECT_EQ(a.field("X-Content-Type-Options"), "nosniff") << target;
      continue;
    }
    ++pages;
    EXPECT_EQ(a.body.find("<script>alert"), std::string::npos) << target;
    EXPECT_EQ(a.body.find("<img src=x"), std::string::npos) << target;
    EXPECT_EQ(a.body.find("<script>x"), std::string::npos) << target;
    seen_escaped = seen_escaped || a.body.find("&lt;script&gt;alert(1)") != std::string::npos;
  }
  EXPECT_GT(pages, 10u);
  EXPECT_TRUE(seen_escaped);
}

}  // namespace
}  // namespace mfp::testing
