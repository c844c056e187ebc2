// The Security Function Supplementary Guide's ownership statements ("User Authentication", "Set
// Authentication", "Create Folder for Fax receive", CentreWare Internet Services [File List],
// appendix "List of Operation Procedures"), one test each, exercised on the real services of a
// whole DeviceCore. The policy table's own restatement of them is access_policy_test.cc; these
// check that the services ask it (and do what it says) with the subjects the device logs in.

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "security/auth/accounts.h"
#include "security/auth/authenticator.h"
#include "security/auth/session_manager.h"
#include "security/settings/setting_keys.h"
#include "tests/support/device_fixture.h"

namespace mfp::pipeline::jobs {
namespace {

namespace settings = security::settings;

using namespace std::chrono_literals;
using security::auth::Interface;
using security::auth::SessionKind;
using security::ownership::Role;
using security::ownership::Subject;
using testing::DeviceFixture;

constexpr std::string_view kPassword = DeviceFixture::kUserPassword;

std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::vector<std::uint8_t> content(std::string_view s) {
  return {s.begin(), s.end()};
}

std::string text(const security::crypto::SecureBytes& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

class GuideStatements : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto initial = f_.core().take_initial_password();
    ko_password_.assign(reinterpret_cast<const char*>(initial.data()), initial.size());
    ko_ = login("admin", ko_password_);
    alice_ = login("alice");
    bob_ = login("bob");
    carol_ = login("carol");
  }

  // The Subject the device's Authenticator returns for a browser login.
  Subject login(std::string_view user, std::string_view password = kPassword) {
    auto r = core().authenticator().verify(user, bytes(password), Interface::browser, "10.0.0.7");
    EXPECT_TRUE(r.is_ok()) << user << ": " << r.status().message();
    return r.is_ok() ? r->subject : Subject::unauthenticated();
  }
  device::DeviceCore& core() { return f_.core(); }
  engine_hw::sim::SimulatedEngine& simulator() { return f_.simulator(); }
  JobManager& jobs() { return f_.core().jobs(); }
  FolderService& folders() { return f_.core().folders(); }

  // A held Private Charge Print (or, with `type`, copy / scan / fax send) job of `who`.
  std::uint64_t held_job(const Subject& who, JobType type = JobType::print,
                         std::string name = "job") {
    auto r = f_.request(who, 1, std::move(name));
    r.type = type;
    auto id = jobs().submit(std::move(r));
    EXPECT_TRUE(id.is_ok()) << id.status().message();
    if (!id.is_ok()) return 0;
    EXPECT_EQ(state(id.value()), JobState::pending_held);
    return id.value();
  }
  JobInfo info(std::uint64_t id) { return jobs().get(DeviceFixture::key_operator(), id).value(); }
  JobState state(std::uint64_t id) { return info(id).state; }

  // The operations on a job the guide lists for its owner, as `who`: change the number of
  // copies, cancel; with details shown exactly when allowed.
  void expect_job_operations(const Subject& who, JobType type, bool allowed) {
    const std::uint64_t id = held_job(alice_, type);
    const StatusCode want = allowed ? StatusCode::ok : StatusCode::permission_denied;
    EXPECT_EQ(jobs().set_copies(who, id, 2).code(), want);
    EXPECT_EQ(info(id).copies, allowed ? 2u : 1u);
    auto seen = jobs().get(who, id);
    ASSERT_TRUE(seen.is_ok());
    EXPECT_EQ(seen->details_hidden, !allowed);  // "Hide Job Details": others see no details
    EXPECT_EQ(jobs().cancel(who, id).code(), want);
    EXPECT_EQ(state(id), allowed ? JobState::canceled : JobState::pending_held);
    if (!allowed) {
      ASSERT_TRUE(jobs().cancel(alice_, id).is_ok());
    }
  }

  DeviceFixture f_;
  std::string ko_password_;
  Subject ko_, alice_, bob_, carol_;
};

// ---- "User Authentication": jobs -----------------------------------------------------------

// "As for Private Print feature, General User can perform the following operations for the
// data and the jobs stored his/her own Private Charge Print folder. - preview, print, delete
// the print data - change the number of copies - cancel the processing job"
TEST_F(GuideStatements, GeneralUserOperatesTheirOwnPrivatePrintDataAndJobs) {
  // change the number of copies, then print
  const std::uint64_t printed = held_job(alice_);
  ASSERT_TRUE(jobs().set_copies(alice_, printed, 2).is_ok());
  ASSERT_TRUE(jobs().release(alice_, printed).is_ok());
  ASSERT_TRUE(jobs().wait_idle(60s));
  EXPECT_EQ(state(printed), JobState::completed);
  EXPECT_EQ(simulator().output_tray().delivered(), 2u);
  // delete the print data (a held job cancelled: its spool overwritten)
  const std::uint64_t deleted = held_job(alice_);
  EXPECT_EQ(f_.stored_objects(), 1u);
  ASSERT_TRUE(jobs().cancel(alice_, deleted).is_ok());
  EXPECT_EQ(state(deleted), JobState::canceled);
  EXPECT_EQ(f_.stored_objects(), 0u);
  // cancel the processing job (the engine out of paper holds it in processing)
  simulator().empty_all_trays();
  const std::uint64_t processing = held_job(alice_);
  ASSERT_TRUE(jobs().release(alice_, processing).is_ok());
  for (int i = 0; i < 2000 && state(processing) != JobState::processing_stopped; ++i) {
    std::this_thread::sleep_for(5ms);
  }
  ASSERT_EQ(state(processing), JobState::processing_stopped);
  ASSERT_TRUE(jobs().cancel(alice_, processing).is_ok());
  ASSERT_TRUE(jobs().wait_idle(60s));
  EXPECT_EQ(state(processing), JobState::canceled) << info(processing).message;
  EXPECT_EQ(info(processing).reason, JobStateReason::job_canceled_by_user);
  EXPECT_EQ(f_.stored_objects(), 0u);
}

// "But General User cannot operate the print data and the job stored by others."
TEST_F(GuideStatements, GeneralUserCannotOperatePrintDataAndJobsStoredByOthers) {
  const std::uint64_t id = held_job(alice_, JobType::print, "alice-contract");
  EXPECT_EQ(jobs().release(bob_, id).code(), StatusCode::permission_denied);
  EXPECT_EQ(jobs().cancel(bob_, id).code(), StatusCode::permission_denied);
  EXPECT_EQ(jobs().set_copies(bob_, id, 5).code(), StatusCode::permission_denied);
  EXPECT_EQ(jobs().cancel_own(bob_).value(), 0u);
  const auto seen = jobs().get(bob_, id).value();
  EXPECT_TRUE(seen.details_hidden);
  EXPECT_TRUE(seen.name.empty());
  // Nothing happened to it.
  EXPECT_EQ(state(id), JobState::pending_held);
  EXPECT_EQ(info(id).copies, 1u);
  EXPECT_EQ(f_.stored_objects(), 1u);
  EXPECT_EQ(simulator().output_tray().delivered(), 0u);
}

// "System Administrator (including Key Operator) can operate all the print data and jobs
// regardless of owner."
TEST_F(GuideStatements, AdministratorsOperateAllPrintDataAndJobsRegardlessOfOwner) {
  for (const Subject* admin : {&ko_, &carol_}) {
    SCOPED_TRACE(admin == &ko_ ? "Key Operator" : "System Administrator");
    const std::uint64_t a = held_job(alice_, JobType::print, "alice-contract");
    const std::uint64_t b = held_job(bob_);
    EXPECT_EQ(jobs().get(*admin, a).value().name, "alice-contract");
    ASSERT_TRUE(jobs().set_copies(*admin, a, 2).is_ok());
    ASSERT_TRUE(jobs().release(*admin, a).is_ok());
    ASSERT_TRUE(jobs().cancel(*admin, b).is_ok());
    ASSERT_TRUE(jobs().wait_idle(60s));
    EXPECT_EQ(state(a), JobState::completed);
    EXPECT_EQ(info(a).pages, 2u);
    EXPECT_EQ(state(b), JobState::canceled);
    EXPECT_EQ(info(b).reason, JobStateReason::job_canceled_by_operator);
  }
  EXPECT_EQ(f_.stored_objects(), 0u);
}

// "As for Network Scan feature, General User can perform the following operations for the
// scanned data and jobs started by oneself. ... Cancel the processing scan job. But General
// User cannot operate the scanned data and the job started by others. System Administrator
// (including Key Operator) can operate all the scanned data and jobs regardless of owner."
TEST_F(GuideStatements, ScanJobsAreOperatedByWhoStartedThemAndAdministrators) {
  expect_job_operations(alice_, JobType::scan, true);
  expect_job_operations(bob_, JobType::scan, false);
  expect_job_operations(carol_, JobType::scan, true);
  expect_job_operations(ko_, JobType::scan, true);
}

// "As for Copy feature, General User can perform the following operations for the copy data
// and jobs started by oneself. - Change the number of copies for the copy job started by
// oneself - Restart and Cancel the processing copy job. But General User cannot operate the
// copy data and the job started by others."
TEST_F(GuideStatements, CopyJobsAreOperatedByWhoStartedThemAndAdministrators) {
  expect_job_operations(alice_, JobType::copy, true);
  expect_job_operations(bob_, JobType::copy, false);
  expect_job_operations(carol_, JobType::copy, true);
  expect_job_operations(ko_, JobType::copy, true);
}

// "As for Fax Send feature, General User can perform the following operations for the fax send
// data and jobs started by oneself. ... Cancel the processing fax send job. But General User
// cannot operate the fax send data and the job started by others."
TEST_F(GuideStatements, FaxSendJobsAreOperatedByWhoStartedThemAndAdministrators) {
  expect_job_operations(alice_, JobType::fax_send, true);
  expect_job_operations(bob_, JobType::fax_send, false);
  expect_job_operations(carol_, JobType::fax_send, true);
  expect_job_operations(ko_, JobType::fax_send, true);
}

// ---- "User Authentication": folders --------------------------------------------------------

// "Create Folder for Fax receive: Log in as a user with System Administrator role (but not
// System Administrator's user ID)" and "Received Fax data is stored into the folder specified
// with 'Folder Selector Setup'. The following operations are allowed to the owner of the
// folder in which the data was stored. - Retrieve - Print - Delete. The user who doesn't have
// the ownership for the folder cannot operate the received fax data. However, Key Operator can
// operate the data stored in all the folder regardless of the owner."
TEST_F(GuideStatements, ReceivedFaxDataOnlyForTheFolderOwnerAndTheKeyOperator) {
  // A second System Administrator, who does not own the folder.
  ASSERT_TRUE(core()
                  .accounts()
                  .add_user(ko_, "sam", "Sam", {Role::system_administrator}, bytes(kPassword))
                  .is_ok());
  Subject sam = login("sam");
  ASSERT_TRUE(folders().create_folder(carol_, 1, "Fax in", false).is_ok());
  f_.set(settings::kFaxFolderSelector, true);
  ASSERT_TRUE(folders().set_fax_folder(ko_, 1, 1).is_ok());
  ASSERT_EQ(folders().fax_folder_for_line(1).value(), std::optional<std::uint32_t>(1));
  auto received = [&] {
    auto id = folders().store_file_as_system(1, NewFolderFile{"fax", "fax.tif", 1},
                                             content("received fax"));
    EXPECT_TRUE(id.is_ok()) << id.status().message();
    return id.is_ok() ? id.value() : 0;
  };
  const std::uint64_t fax = received();
  // Not the owner: neither another System Administrator nor a General User.
  for (const Subject* other : {&sam, &alice_}) {
    EXPECT_EQ(folders().list_files(*other, 1).status().code(), StatusCode::permission_denied);
    EXPECT_EQ(folders().retrieve_file(*other, 1, fax, 1 << 20).status().code(),
              StatusCode::permission_denied);
    EXPECT_EQ(folders().delete_file(*other, 1, fax).code(), StatusCode::permission_denied);
  }
  // Retrieve: the owner and the Key Operator ("Files Retrieved By Client" is "Force Delete" in
  // the secure configuration: a retrieved file is deleted).
  EXPECT_EQ(text(folders().retrieve_file(carol_, 1, fax, 1 << 20).value()), "received fax");
  EXPECT_EQ(folders().retrieve_file(carol_, 1, fax, 1 << 20).status().code(),
            StatusCode::not_found);
  EXPECT_EQ(text(folders().retrieve_file(ko_, 1, received(), 1 << 20).value()), "received fax");
  // Delete: the owner and the Key Operator.
  ASSERT_TRUE(folders().delete_file(carol_, 1, received()).is_ok());
  ASSERT_TRUE(folders().delete_file(ko_, 1, received()).is_ok());
  EXPECT_TRUE(folders().list_files(carol_, 1).value().empty());
  EXPECT_EQ(f_.stored_objects(), 0u);
}

// "As for Scan to Folder feature, the following operations are allowed to the owner of the
// folder in which the data was stored. - Preview - Print - Delete ... The user who doesn't have
// the ownership for the folder cannot operate the scanned data. However, Key Operator can
// operate the data stored in all the folder regardless of the owner."
TEST_F(GuideStatements, ScanToFolderDataOnlyForTheFolderOwnerAndTheKeyOperator) {
  ASSERT_TRUE(folders().create_folder(alice_, 5, "Alice scans", false).is_ok());
  auto scan = folders().store_file(alice_, 5, NewFolderFile{"scan", "scan.pdf", 2},
                                   content("scanned pages"));
  ASSERT_TRUE(scan.is_ok()) << scan.status().message();
  for (const Subject* other : {&bob_, &carol_}) {
    EXPECT_EQ(folders().retrieve_file(*other, 5, scan.value(), 1 << 20).status().code(),
              StatusCode::permission_denied);
    EXPECT_EQ(folders().delete_file(*other, 5, scan.value()).code(), StatusCode::permission_denied);
  }
  // Delete, and Preview / Print (retrieving the bytes; with "Force Delete" each retrieval
  // deletes the file, so each gets its own).
  ASSERT_TRUE(folders().delete_file(alice_, 5, scan.value()).is_ok());
  for (const Subject* who : {&alice_, &ko_}) {
    auto again = folders().store_file(alice_, 5, NewFolderFile{"scan", "scan.pdf", 2},
                                      content("scanned pages"));
    ASSERT_TRUE(again.is_ok());
    EXPECT_EQ(text(folders().retrieve_file(*who, 5, again.value(), 1 << 20).value()),
              "scanned pages");
  }
  auto last = folders().store_file(alice_, 5, NewFolderFile{"scan", "scan.pdf", 2},
                                   content("scanned pages"));
  ASSERT_TRUE(last.is_ok());
  ASSERT_TRUE(folders().delete_file(ko_, 5, last.value()).is_ok());
  EXPECT_TRUE(folders().list_files(alice_, 5).value().empty());
  EXPECT_EQ(f_.stored_objects(), 0u);
}

// CentreWare Internet Services [App]: "By clicking [Send from Folder] button, the list of folder
// is shown. ... This page displays the folder number and folder name." [File List]: "When the
// User ID logged in CentreWare Internet Services matches the owner of the specified folder, the
// list of files in the specified folder is available. If [it] doesn't match ..., 'Unable to
// select because you do not have access' message is prompted. However, when you log in as Key
// Operator, you can see the list of files for all folders."
TEST_F(GuideStatements, FolderListForEveryoneFileListForTheOwnerAndTheKeyOperator) {
  ASSERT_TRUE(folders().create_folder(alice_, 2, "Alice", false).is_ok());
  ASSERT_TRUE(folders().create_folder(bob_, 3, "Bob", false).is_ok());
  ASSERT_TRUE(
      folders().store_file(alice_, 2, NewFolderFile{"scan", "a.pdf", 1}, content("a")).is_ok());
  ASSERT_TRUE(
      folders().store_file(bob_, 3, NewFolderFile{"scan", "b.pdf", 1}, content("b")).is_ok());
  for (const Subject* who : {&alice_, &bob_, &carol_, &ko_}) {
    const auto list = folders().list_folders(*who).value();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].number, 2u);
    EXPECT_EQ(list[0].name, "Alice");
    EXPECT_EQ(list[1].number, 3u);
    EXPECT_EQ(list[1].name, "Bob");
  }
  EXPECT_EQ(folders().list_files(alice_, 2).value().size(), 1u);
  EXPECT_EQ(folders().list_files(alice_, 3).status().code(), StatusCode::permission_denied);
  EXPECT_EQ(folders().list_files(carol_, 2).status().code(), StatusCode::permission_denied);
  EXPECT_EQ(folders().list_files(ko_, 2).value().size(), 1u);
  EXPECT_EQ(folders().list_files(ko_, 3).value().size(), 1u);
}

// "In the case of [Local Accounts], when a user is deleted, the Folder and private print data
// related to the user are deleted."
TEST_F(GuideStatements, DeletingAUserDeletesTheirFoldersAndPrivatePrintData) {
  const std::uint64_t alices_job = held_job(alice_);
  const std::uint64_t bobs_job = held_job(bob_);
  ASSERT_TRUE(folders().create_folder(alice_, 4, "Alice", false).is_ok());
  ASSERT_TRUE(
      folders().store_file(alice_, 4, NewFolderFile{"scan", "a.pdf", 1}, content("a")).is_ok());
  ASSERT_TRUE(folders().create_folder(bob_, 6, "Bob", false).is_ok());
  auto session = core().sessions().start(SessionKind::browser, alice_);
  ASSERT_TRUE(session.is_ok());
  ASSERT_EQ(f_.stored_objects(), 3u);

  ASSERT_TRUE(core().delete_user(carol_, alice_.user_id).is_ok());
  EXPECT_EQ(jobs().get(ko_, alices_job).status().code(), StatusCode::not_found);
  EXPECT_EQ(folders().get_folder(ko_, 4).status().code(), StatusCode::not_found);
  EXPECT_EQ(f_.stored_objects(), 1u);  // alice's spool and file overwritten; bob's spool kept
  EXPECT_EQ(state(bobs_job), JobState::pending_held);
  EXPECT_TRUE(folders().get_folder(ko_, 6).is_ok());
  // Her session ends and she can no longer log in.
  EXPECT_FALSE(core().sessions().touch(session->id, SessionKind::browser).is_ok());
  EXPECT_FALSE(
      core().authenticator().verify("alice", bytes(kPassword), Interface::panel, "p").is_ok());
}

// ---- "User Authentication": roles ----------------------------------------------------------

// "Unauthenticated User is a role for users who haven't logged in the device. Unauthenticated
// User cannot use the device at all."
TEST_F(GuideStatements, UnauthenticatedUserCannotUseTheDeviceAtAll) {
  const Subject nobody = Subject::unauthenticated();
  const std::uint64_t job = held_job(alice_);
  ASSERT_TRUE(folders().create_folder(alice_, 2, "Alice", false).is_ok());
  auto file = folders().store_file(alice_, 2, NewFolderFile{"scan", "a.pdf", 1}, content("a"));
  ASSERT_TRUE(file.is_ok());
  // A job without a user ID is deleted by Receive Control (secure configuration).
  EXPECT_EQ(jobs().submit(f_.request(nobody)).status().code(), StatusCode::permission_denied);
  // Jobs
  EXPECT_EQ(jobs().list(nobody).status().code(), StatusCode::permission_denied);
  EXPECT_EQ(jobs().get(nobody, job).status().code(), StatusCode::permission_denied);
  EXPECT_EQ(jobs().release(nobody, job).code(), StatusCode::permission_denied);
  EXPECT_EQ(jobs().cancel(nobody, job).code(), StatusCode::permission_denied);
  EXPECT_EQ(jobs().set_copies(nobody, job, 2).code(), StatusCode::permission_denied);
  EXPECT_EQ(jobs().cancel_own(nobody).status().code(), StatusCode::permission_denied);
  // Folders
  EXPECT_TRUE(folders().list_folders(nobody).value().empty());
  EXPECT_EQ(folders().create_folder(nobody, 3, "Mine", false).code(),
            StatusCode::permission_denied);
  EXPECT_EQ(folders().get_folder(nobody, 2).status().code(), StatusCode::permission_denied);
  EXPECT_EQ(folders().list_files(nobody, 2).status().code(), StatusCode::permission_denied);
  EXPECT_EQ(folders().retrieve_file(nobody, 2, file.value(), 1 << 20).status().code(),
            StatusCode::permission_denied);
  EXPECT_EQ(folders().delete_file(nobody, 2, file.value()).code(), StatusCode::permission_denied);
  EXPECT_EQ(folders().delete_folder(nobody, 2).code(), StatusCode::permission_denied);
  // Accounts, settings, sessions
  EXPECT_EQ(core()
                .accounts()
                .change_own_password(nobody, bytes(kPassword), bytes("Other-pass-789"))
                .code(),
            StatusCode::permission_denied);
  EXPECT_EQ(
      core()
          .set_setting(settings::kJobOperationRestrictions.name, std::string("anyone"), nobody)
          .code(),
      StatusCode::permission_denied);
  EXPECT_EQ(core().sessions().start(SessionKind::browser, nobody).status().code(),
            StatusCode::permission_denied);
  // Nothing changed.
  EXPECT_EQ(state(job), JobState::pending_held);
  EXPECT_EQ(folders().list_files(alice_, 2).value().size(), 1u);
  EXPECT_EQ(f_.stored_objects(), 2u);
}

// "General User can use the basic function of the device, but cannot be allowed to configure
// the system settings. ... Users who are registered on the device are assigned to General User
// as the initial role."
TEST_F(GuideStatements, GeneralUserUsesBasicFunctionsButConfiguresNoSetting) {
  auto dave = core().accounts().add_user(ko_, "dave", "Dave", {}, bytes(kPassword));
  ASSERT_TRUE(dave.is_ok()) << dave.status().message();
  const Subject as_dave = login("dave");
  EXPECT_TRUE(as_dave.roles.contains(Role::general_user));
  EXPECT_FALSE(as_dave.roles.contains(Role::system_administrator));
  // The basic function: print their own job.
  const std::uint64_t id = held_job(as_dave);
  ASSERT_TRUE(jobs().release(as_dave, id).is_ok());
  ASSERT_TRUE(jobs().wait_idle(60s));
  EXPECT_EQ(state(id), JobState::completed);
  // No setting.
  EXPECT_EQ(core().set_setting(settings::kHideJobDetails.name, false, as_dave).code(),
            StatusCode::permission_denied);
  EXPECT_EQ(
      core().set_setting(settings::kBrowserSessionTimeout.name, std::int64_t{5}, as_dave).code(),
      StatusCode::permission_denied);
  EXPECT_EQ(folders().set_fax_folder(as_dave, 1, 1).code(), StatusCode::permission_denied);
  EXPECT_EQ(core().authenticator().set_limits(as_dave, 3, 3).code(), StatusCode::permission_denied);
  EXPECT_EQ(core().accounts().set_minimum_password_length(as_dave, 12).code(),
            StatusCode::permission_denied);
  EXPECT_TRUE(core().security().settings().conformance().empty());
}

// Appendix "List of Operation Procedures": "The device provides security management functions
// and user interfaces listed in the table below only to Machine Administrator and Authenticated
// Users with System Administrator Privileges. Authenticated Users without System Administrator
// Privileges can perform only change of own password."
TEST_F(GuideStatements, UsersWithoutAdministratorPrivilegesOnlyChangeTheirOwnPassword) {
  auto& accounts = core().accounts();
  ASSERT_TRUE(
      accounts.change_own_password(alice_, bytes(kPassword), bytes("Alice-new-pass-1")).is_ok());
  EXPECT_TRUE(login("alice", "Alice-new-pass-1").user_id == alice_.user_id);
  // Only with the current password.
  EXPECT_EQ(
      accounts.change_own_password(alice_, bytes(kPassword), bytes("Alice-new-pass-2")).code(),
      StatusCode::permission_denied);
  // Nobody else's password, account or lock.
  EXPECT_EQ(accounts.reset_password(alice_, bob_.user_id, bytes("Bob-new-pass-1")).code(),
            StatusCode::permission_denied);
  EXPECT_EQ(accounts.reset_password(alice_, ko_.user_id, bytes("Ko-new-pass-1")).code(),
            StatusCode::permission_denied);
  EXPECT_EQ(accounts.edit_user(alice_, bob_.user_id, "B", {Role::general_user}).code(),
            StatusCode::permission_denied);
  EXPECT_EQ(accounts.edit_user(alice_, alice_.user_id, "A", {Role::system_administrator}).code(),
            StatusCode::permission_denied);
  EXPECT_EQ(accounts.add_user(alice_, "eve", "Eve", {}, bytes(kPassword)).status().code(),
            StatusCode::permission_denied);
  EXPECT_EQ(core().delete_user(alice_, bob_.user_id).code(), StatusCode::permission_denied);
  EXPECT_EQ(core().authenticator().unlock(alice_, bob_.user_id).code(),
            StatusCode::permission_denied);
  EXPECT_TRUE(accounts.check_password(bob_.user_id, bytes(kPassword)).value());
  EXPECT_FALSE(accounts.get(alice_.user_id).value().roles.contains(Role::system_administrator));
}

// "System Administrator users can register and change system settings to adapt to the
// environment to be used. ... System Administrator consist of 'Key Operator' which is
// pre-configured in factory, and 'System Administrator' which is assigned to users who are
// added in the environment to be used." / "only the system administrator's ID is pre-registered
// on the device."
TEST_F(GuideStatements, SystemAdministratorsRegisterUsersAndChangeSettings) {
  const auto key_operator = core().accounts().get(security::ownership::kKeyOperatorUserId);
  ASSERT_TRUE(key_operator.is_ok());
  EXPECT_EQ(key_operator->login, security::auth::kKeyOperatorLogin);
  EXPECT_TRUE(key_operator->roles.contains(Role::key_operator));
  EXPECT_TRUE(key_operator->must_change_password) << "no default password: a one-time one";
  for (const Subject* admin : {&ko_, &carol_}) {
    const std::string login_name = admin == &ko_ ? "frank" : "grace";
    auto id = core().accounts().add_user(*admin, login_name, login_name,
                                         {Role::system_administrator}, bytes(kPassword));
    ASSERT_TRUE(id.is_ok()) << id.status().message();
    EXPECT_TRUE(login(login_name).roles.contains(Role::system_administrator));
    ASSERT_TRUE(core().set_setting(settings::kBrowserSessionTimeout.name, std::int64_t{5}, *admin));
    EXPECT_EQ(core()
                  .security()
                  .settings()
                  .get<std::int64_t>(settings::kBrowserSessionTimeout.name)
                  .value(),
              5);
    ASSERT_TRUE(core().set_setting(settings::kBrowserSessionTimeout.name, std::int64_t{6}, *admin));
  }
  // Only the Key Operator role is pre-configured: nobody can be given it.
  EXPECT_EQ(core()
                .accounts()
                .add_user(ko_, "henry", "Henry", {Role::key_operator}, bytes(kPassword))
                .status()
                .code(),
            StatusCode::invalid_argument);
}

}  // namespace
}  // namespace mfp::pipeline::jobs
