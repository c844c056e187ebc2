// Role x operation x object over every service of a whole DeviceCore (jobs, folders, users,
// settings), one table per service. Every actor is a Subject the device's own Authenticator
// returned at login (the Key Operator with its first-start password, carol a System
// Administrator, alice the owner, bob another General User), or the unauthenticated subject.
// Each row runs on a fresh device, checks the status code, and checks that the operation took
// effect exactly when it was allowed.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "security/auth/accounts.h"
#include "security/auth/authenticator.h"
#include "security/settings/setting_keys.h"
#include "security/settings/setting_table.h"
#include "tests/support/device_fixture.h"

namespace mfp::pipeline::jobs {
namespace {

namespace settings = security::settings;

using namespace std::chrono_literals;
using security::auth::Interface;
using security::ownership::Role;
using security::ownership::Subject;
using security::settings::SettingValue;
using testing::DeviceFixture;

constexpr std::string_view kPassword = DeviceFixture::kUserPassword;
constexpr std::string_view kNewPassword = "Fresh-pass-456";

std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

enum class Actor { key_operator, system_administrator, owner, other_user, unauthenticated };

const char* name_of(Actor a) {
  switch (a) {
    case Actor::key_operator:
      return "Key Operator";
    case Actor::system_administrator:
      return "System Administrator";
    case Actor::owner:
      return "General User (owner)";
    case Actor::other_user:
      return "other General User";
    case Actor::unauthenticated:
      return "Unauthenticated User";
  }
  return "?";
}

constexpr Actor kEveryActor[] = {Actor::key_operator, Actor::system_administrator, Actor::owner,
                                 Actor::other_user, Actor::unauthenticated};

// A fresh device whose actors log in through its own Authenticator.
class Device {
 public:
  Device() {
    const auto initial = f_.core().take_initial_password();
    ko_password_.assign(reinterpret_cast<const char*>(initial.data()), initial.size());
  }

  DeviceFixture& f() { return f_; }
  device::DeviceCore& core() { return f_.core(); }
  engine_hw::sim::SimulatedEngine& simulator() { return f_.simulator(); }

  std::string login_of(Actor a) const {
    switch (a) {
      case Actor::key_operator:
        return std::string(security::auth::kKeyOperatorLogin);
      case Actor::system_administrator:
        return "carol";
      case Actor::owner:
        return "alice";
      case Actor::other_user:
        return "bob";
      case Actor::unauthenticated:
        break;
    }
    return "";
  }
  std::string password_of(Actor a) const {
    return a == Actor::key_operator ? ko_password_ : std::string(kPassword);
  }
  // The Subject the device hands a front end after `a` logs in at the control panel.
  Subject as(Actor a) {
    if (a == Actor::unauthenticated) return Subject::unauthenticated();
    auto r = core().authenticator().verify(login_of(a), bytes(password_of(a)), Interface::panel,
                                           "panel");
    EXPECT_TRUE(r.is_ok()) << name_of(a) << ": " << r.status().message();
    return r.is_ok() ? r->subject : Subject::unauthenticated();
  }
  std::uint64_t id_of(Actor a) {
    if (a == Actor::unauthenticated) return security::ownership::kUnauthenticatedUserId;
    return core().accounts().find(login_of(a)).value().id;
  }

 private:
  DeviceFixture f_;
  std::string ko_password_;
};

TEST(ServiceAccess, ActorsAreTheSubjectsTheDeviceLogsIn) {
  Device d;
  const Subject ko = d.as(Actor::key_operator);
  EXPECT_EQ(ko.user_id, security::ownership::kKeyOperatorUserId);
  EXPECT_TRUE(ko.roles.contains(Role::key_operator));
  const Subject carol = d.as(Actor::system_administrator);
  EXPECT_TRUE(carol.roles.contains(Role::system_administrator));
  EXPECT_FALSE(carol.roles.contains(Role::key_operator));
  for (Actor a : {Actor::owner, Actor::other_user}) {
    const Subject s = d.as(a);
    EXPECT_TRUE(s.roles.contains(Role::general_user));
    EXPECT_FALSE(s.roles.contains(Role::system_administrator));
    EXPECT_FALSE(s.roles.contains(Role::key_operator));
  }
}

// ---- jobs: a Private Charge Print job of alice's, held --------------------------------------

enum class JobOp { get, list, release, cancel, set_copies, cancel_own };

const char* name_of(JobOp op) {
  switch (op) {
    case JobOp::get:
      return "get";
    case JobOp::list:
      return "list";
    case JobOp::release:
      return "release";
    case JobOp::cancel:
      return "cancel";
    case JobOp::set_copies:
      return "set_copies";
    case JobOp::cancel_own:
      return "cancel_own";
  }
  return "?";
}

struct JobRow {
  Actor actor;
  JobOp op;
  StatusCode code;
  bool effect;  // get/list: the job's details are shown; otherwise: the job changed
};

// Secure configuration: Receive Control holds verified users' jobs, Job Operation Restrictions
// is "Job Owner and Administrator", Hide Job Details is on.
constexpr JobRow kJobRows[] = {
    // get: every logged-in user sees the job; only the owner and administrators its details.
    {Actor::key_operator, JobOp::get, StatusCode::ok, true},
    {Actor::system_administrator, JobOp::get, StatusCode::ok, true},
    {Actor::owner, JobOp::get, StatusCode::ok, true},
    {Actor::other_user, JobOp::get, StatusCode::ok, false},
    {Actor::unauthenticated, JobOp::get, StatusCode::permission_denied, false},
    // list
    {Actor::key_operator, JobOp::list, StatusCode::ok, true},
    {Actor::system_administrator, JobOp::list, StatusCode::ok, true},
    {Actor::owner, JobOp::list, StatusCode::ok, true},
    {Actor::other_user, JobOp::list, StatusCode::ok, false},
    {Actor::unauthenticated, JobOp::list, StatusCode::permission_denied, false},
    // release (print)
    {Actor::key_operator, JobOp::release, StatusCode::ok, true},
    {Actor::system_administrator, JobOp::release, StatusCode::ok, true},
    {Actor::owner, JobOp::release, StatusCode::ok, true},
    {Actor::other_user, JobOp::release, StatusCode::permission_denied, false},
    {Actor::unauthenticated, JobOp::release, StatusCode::permission_denied, false},
    // cancel (delete the print data)
    {Actor::key_operator, JobOp::cancel, StatusCode::ok, true},
    {Actor::system_administrator, JobOp::cancel, StatusCode::ok, true},
    {Actor::owner, JobOp::cancel, StatusCode::ok, true},
    {Actor::other_user, JobOp::cancel, StatusCode::permission_denied, false},
    {Actor::unauthenticated, JobOp::cancel, StatusCode::permission_denied, false},
    // set_copies
    {Actor::key_operator, JobOp::set_copies, StatusCode::ok, true},
    {Actor::system_administrator, JobOp::set_copies, StatusCode::ok, true},
    {Actor::owner, JobOp::set_copies, StatusCode::ok, true},
    {Actor::other_user, JobOp::set_copies, StatusCode::permission_denied, false},
    {Actor::unauthenticated, JobOp::set_copies, StatusCode::permission_denied, false},
    // cancel_own (IPP Cancel-My-Jobs): only the owner's own jobs, whoever asks.
    {Actor::key_operator, JobOp::cancel_own, StatusCode::ok, false},
    {Actor::system_administrator, JobOp::cancel_own, StatusCode::ok, false},
    {Actor::owner, JobOp::cancel_own, StatusCode::ok, true},
    {Actor::other_user, JobOp::cancel_own, StatusCode::ok, false},
    {Actor::unauthenticated, JobOp::cancel_own, StatusCode::permission_denied, false},
};

TEST(ServiceAccess, JobsTable) {
  for (const JobRow& row : kJobRows) {
    SCOPED_TRACE(std::string(name_of(row.actor)) + " " + name_of(row.op));
    Device d;
    auto& jobs = d.core().jobs();
    auto submitted = jobs.submit(d.f().request(d.as(Actor::owner), 1, "alice-payroll"));
    ASSERT_TRUE(submitted.is_ok()) << submitted.status().message();
    const std::uint64_t id = submitted.value();
    const JobInfo before = jobs.get(DeviceFixture::key_operator(), id).value();
    ASSERT_EQ(before.state, JobState::pending_held);
    ASSERT_EQ(before.copies, 1u);
    const Subject who = d.as(row.actor);

    Status status;
    bool shown = false;  // get/list: details visible
    switch (row.op) {
      case JobOp::get: {
        auto r = jobs.get(who, id);
        status = r.status();
        if (r.is_ok()) {
          EXPECT_EQ(r->id, id);
          shown = !r->details_hidden && r->name == "alice-payroll";
          EXPECT_EQ(r->details_hidden, !shown);
        }
        break;
      }
      case JobOp::list: {
        auto r = jobs.list(who);
        status = r.status();
        if (r.is_ok()) {
          ASSERT_EQ(r->size(), 1u);
          EXPECT_EQ((*r)[0].id, id);
          shown = !(*r)[0].details_hidden && (*r)[0].name == "alice-payroll";
          if (!shown) {
            EXPECT_TRUE((*r)[0].owner_name.empty());
          }
        }
        break;
      }
      case JobOp::release:
        status = jobs.release(who, id);
        break;
      case JobOp::cancel:
        status = jobs.cancel(who, id);
        break;
      case JobOp::set_copies:
        status = jobs.set_copies(who, id, 3);
        break;
      case JobOp::cancel_own: {
        auto r = jobs.cancel_own(who);
        status = r.status();
        if (r.is_ok()) {
          EXPECT_EQ(r.value(), row.effect ? 1u : 0u);
        }
        break;
      }
    }
    EXPECT_EQ(status.code(), row.code) << status.message();

    ASSERT_TRUE(jobs.wait_idle(60s));
    const JobInfo after = jobs.get(DeviceFixture::key_operator(), id).value();
    switch (row.op) {
      case JobOp::get:
      case JobOp::list:
        EXPECT_EQ(shown, row.effect);
        EXPECT_EQ(after.state, JobState::pending_held);
        break;
      case JobOp::release:
        EXPECT_EQ(after.state, row.effect ? JobState::completed : JobState::pending_held);
        EXPECT_EQ(d.simulator().output_tray().delivered(), row.effect ? 1u : 0u);
        break;
      case JobOp::cancel:
      case JobOp::cancel_own:
        EXPECT_EQ(after.state, row.effect ? JobState::canceled : JobState::pending_held);
        EXPECT_EQ(d.f().stored_objects(), row.effect ? 0u : 1u);  // the spool overwritten
        break;
      case JobOp::set_copies:
        EXPECT_EQ(after.copies, row.effect ? 3u : 1u);
        EXPECT_EQ(after.state, JobState::pending_held);
        break;
    }
  }
}

// ---- folders: folder 7 of alice's holding one file; folder 9 of alice's, empty ---------------

enum class FolderOp {
  create,  // the actor creates a folder of their own
  edit,
  delete_holding_file,
  delete_empty,
  list_folders,
  get_folder,
  store_file,
  list_files,
  retrieve_file,
  delete_file,
};

const char* name_of(FolderOp op) {
  switch (op) {
    case FolderOp::create:
      return "create";
    case FolderOp::edit:
      return "edit";
    case FolderOp::delete_holding_file:
      return "delete (holding a file)";
    case FolderOp::delete_empty:
      return "delete (empty)";
    case FolderOp::list_folders:
      return "list_folders";
    case FolderOp::get_folder:
      return "get_folder";
    case FolderOp::store_file:
      return "store_file";
    case FolderOp::list_files:
      return "list_files";
    case FolderOp::retrieve_file:
      return "retrieve_file";
    case FolderOp::delete_file:
      return "delete_file";
  }
  return "?";
}

struct FolderRow {
  Actor actor;
  FolderOp op;
  StatusCode code;  // ok: allowed and done
};

constexpr FolderRow kFolderRows[] = {
    // Folders: created by every logged-in user (for themselves), edited and deleted by their
    // owner and administrators.
    {Actor::key_operator, FolderOp::create, StatusCode::ok},
    {Actor::system_administrator, FolderOp::create, StatusCode::ok},
    {Actor::owner, FolderOp::create, StatusCode::ok},
    {Actor::other_user, FolderOp::create, StatusCode::ok},
    {Actor::unauthenticated, FolderOp::create, StatusCode::permission_denied},
    {Actor::key_operator, FolderOp::edit, StatusCode::ok},
    {Actor::system_administrator, FolderOp::edit, StatusCode::ok},
    {Actor::owner, FolderOp::edit, StatusCode::ok},
    {Actor::other_user, FolderOp::edit, StatusCode::permission_denied},
    {Actor::unauthenticated, FolderOp::edit, StatusCode::permission_denied},
    {Actor::key_operator, FolderOp::delete_empty, StatusCode::ok},
    {Actor::system_administrator, FolderOp::delete_empty, StatusCode::ok},
    {Actor::owner, FolderOp::delete_empty, StatusCode::ok},
    {Actor::other_user, FolderOp::delete_empty, StatusCode::permission_denied},
    {Actor::unauthenticated, FolderOp::delete_empty, StatusCode::permission_denied},
    // Deleting a folder deletes its files, which a System Administrator who does not own the
    // folder may not touch.
    {Actor::key_operator, FolderOp::delete_holding_file, StatusCode::ok},
    {Actor::system_administrator, FolderOp::delete_holding_file, StatusCode::permission_denied},
    {Actor::owner, FolderOp::delete_holding_file, StatusCode::ok},
    {Actor::other_user, FolderOp::delete_holding_file, StatusCode::permission_denied},
    {Actor::unauthenticated, FolderOp::delete_holding_file, StatusCode::permission_denied},
    // The folder list (number and name) is shown to every logged-in user; the unauthenticated
    // user gets an empty list.
    {Actor::key_operator, FolderOp::list_folders, StatusCode::ok},
    {Actor::system_administrator, FolderOp::list_folders, StatusCode::ok},
    {Actor::owner, FolderOp::list_folders, StatusCode::ok},
    {Actor::other_user, FolderOp::list_folders, StatusCode::ok},
    {Actor::unauthenticated, FolderOp::list_folders, StatusCode::permission_denied},
    {Actor::key_operator, FolderOp::get_folder, StatusCode::ok},
    {Actor::system_administrator, FolderOp::get_folder, StatusCode::ok},
    {Actor::owner, FolderOp::get_folder, StatusCode::ok},
    {Actor::other_user, FolderOp::get_folder, StatusCode::permission_denied},
    {Actor::unauthenticated, FolderOp::get_folder, StatusCode::permission_denied},
    // Files: the folder's owner and the Key Operator only; storing into a folder: its owner.
    {Actor::key_operator, FolderOp::store_file, StatusCode::permission_denied},
    {Actor::system_administrator, FolderOp::store_file, StatusCode::permission_denied},
    {Actor::owner, FolderOp::store_file, StatusCode::ok},
    {Actor::other_user, FolderOp::store_file, StatusCode::permission_denied},
    {Actor::unauthenticated, FolderOp::store_file, StatusCode::permission_denied},
    {Actor::key_operator, FolderOp::list_files, StatusCode::ok},
    {Actor::system_administrator, FolderOp::list_files, StatusCode::permission_denied},
    {Actor::owner, FolderOp::list_files, StatusCode::ok},
    {Actor::other_user, FolderOp::list_files, StatusCode::permission_denied},
    {Actor::unauthenticated, FolderOp::list_files, StatusCode::permission_denied},
    {Actor::key_operator, FolderOp::retrieve_file, StatusCode::ok},
    {Actor::system_administrator, FolderOp::retrieve_file, StatusCode::permission_denied},
    {Actor::owner, FolderOp::retrieve_file, StatusCode::ok},
    {Actor::other_user, FolderOp::retrieve_file, StatusCode::permission_denied},
    {Actor::unauthenticated, FolderOp::retrieve_file, StatusCode::permission_denied},
    {Actor::key_operator, FolderOp::delete_file, StatusCode::ok},
    {Actor::system_administrator, FolderOp::delete_file, StatusCode::permission_denied},
    {Actor::owner, FolderOp::delete_file, StatusCode::ok},
    {Actor::other_user, FolderOp::delete_file, StatusCode::permission_denied},
    {Actor::unauthenticated, FolderOp::delete_file, StatusCode::permission_denied},
};

TEST(ServiceAccess, FoldersTable) {
  const std::string content = "scanned page of alice's";
  const std::vector<std::uint8_t> file_bytes(content.begin(), content.end());
  for (const FolderRow& row : kFolderRows) {
    SCOPED_TRACE(std::string(name_of(row.actor)) + " " + name_of(row.op));
    Device d;
    auto& folders = d.core().folders();
    const Subject alice = d.as(Actor::owner);
    ASSERT_TRUE(folders.create_folder(alice, 7, "Alice box", false).is_ok());
    ASSERT_TRUE(folders.create_folder(alice, 9, "Alice empty", false).is_ok());
    auto file = folders.store_file(alice, 7, NewFolderFile{"scan", "scan.pdf", 1}, file_bytes);
    ASSERT_TRUE(file.is_ok()) << file.status().message();
    const std::uint64_t file_id = file.value();
    const Subject who = d.as(row.actor);
    const bool allowed = row.code == StatusCode::ok;

    Status status;
    switch (row.op) {
      case FolderOp::create:
        status = folders.create_folder(who, 8, "Mine", false);
        if (allowed) {
          EXPECT_EQ(folders.get_folder(who, 8).value().owner_user_id, d.id_of(row.actor));
        }
        break;
      case FolderOp::edit:
        status = folders.edit_folder(who, 7, "Renamed", true);
        break;
      case FolderOp::delete_holding_file:
        status = folders.delete_folder(who, 7);
        break;
      case FolderOp::delete_empty:
        status = folders.delete_folder(who, 9);
        break;
      case FolderOp::list_folders: {
        auto r = folders.list_folders(who);
        ASSERT_TRUE(r.is_ok()) << r.status().message();
        // An empty list for those who may not see folders at all.
        status =
            r->empty() ? Status(StatusCode::permission_denied, "no folders shown") : Status::ok();
        if (!r->empty()) {
          ASSERT_EQ(r->size(), 2u);
          EXPECT_EQ((*r)[0].number, 7u);
          EXPECT_EQ((*r)[0].name, "Alice box");
        }
        break;
      }
      case FolderOp::get_folder: {
        auto r = folders.get_folder(who, 7);
        status = r.status();
        if (r.is_ok()) {
          EXPECT_EQ(r->name, "Alice box");
        }
        break;
      }
      case FolderOp::store_file:
        status =
            folders.store_file(who, 7, NewFolderFile{"scan", "more.pdf", 1}, file_bytes).status();
        break;
      case FolderOp::list_files: {
        auto r = folders.list_files(who, 7);
        status = r.status();
        if (r.is_ok()) {
          EXPECT_EQ(r->size(), 1u);
        }
        break;
      }
      case FolderOp::retrieve_file: {
        auto r = folders.retrieve_file(who, 7, file_id, 1 << 20);
        status = r.status();
        if (r.is_ok()) {
          EXPECT_EQ(std::string(reinterpret_cast<const char*>(r->data()), r->size()), content);
        }
        break;
      }
      case FolderOp::delete_file:
        status = folders.delete_file(who, 7, file_id);
        break;
    }
    EXPECT_EQ(status.code(), row.code) << status.message();

    // Effects, seen by the Key Operator (who may see everything in every folder).
    const Subject ko = DeviceFixture::key_operator();
    auto f7 = folders.get_folder(ko, 7);
    auto files7 = folders.list_files(ko, 7);
    switch (row.op) {
      case FolderOp::create:
        EXPECT_EQ(folders.get_folder(ko, 8).is_ok(), allowed);
        break;
      case FolderOp::edit:
        EXPECT_EQ(f7.value().name, allowed ? "Renamed" : "Alice box");
        break;
      case FolderOp::delete_holding_file:
        EXPECT_EQ(f7.status().code(), allowed ? StatusCode::not_found : StatusCode::ok);
        EXPECT_EQ(d.f().stored_objects(), allowed ? 0u : 1u);  // the file overwritten
        break;
      case FolderOp::delete_empty:
        EXPECT_EQ(folders.get_folder(ko, 9).status().code(),
                  allowed ? StatusCode::not_found : StatusCode::ok);
        break;
      case FolderOp::store_file:
        EXPECT_EQ(files7.value().size(), allowed ? 2u : 1u);
        EXPECT_EQ(d.f().stored_objects(), allowed ? 2u : 1u);
        break;
      case FolderOp::delete_file:
        EXPECT_EQ(files7.value().size(), allowed ? 0u : 1u);
        EXPECT_EQ(d.f().stored_objects(), allowed ? 0u : 1u);
        break;
      case FolderOp::list_folders:
      case FolderOp::get_folder:
      case FolderOp::list_files:
        EXPECT_EQ(f7.value().name, "Alice box");
        EXPECT_EQ(files7.value().size(), 1u);
        break;
      case FolderOp::retrieve_file:
        // "Files Retrieved By Client" is "Force Delete" in the secure configuration.
        EXPECT_EQ(files7.value().size(), allowed ? 0u : 1u);
        EXPECT_EQ(d.f().stored_objects(), allowed ? 0u : 1u);
        break;
    }
  }
}

// ---- users: alice's account, and the Key Operator's ------------------------------------------

enum class UserOp {
  add,
  edit_alice,
  delete_alice,  // DeviceCore::delete_user
  reset_alice_password,
  change_own_password,
  edit_key_operator,
  delete_key_operator,
  reset_key_operator_password,
};

const char* name_of(UserOp op) {
  switch (op) {
    case UserOp::add:
      return "add";
    case UserOp::edit_alice:
      return "edit alice";
    case UserOp::delete_alice:
      return "delete alice";
    case UserOp::reset_alice_password:
      return "reset alice's password";
    case UserOp::change_own_password:
      return "change own password";
    case UserOp::edit_key_operator:
      return "edit the Key Operator";
    case UserOp::delete_key_operator:
      return "delete the Key Operator";
    case UserOp::reset_key_operator_password:
      return "reset the Key Operator's password";
  }
  return "?";
}

struct UserRow {
  Actor actor;
  UserOp op;
  StatusCode code;
};

constexpr UserRow kUserRows[] = {
    {Actor::key_operator, UserOp::add, StatusCode::ok},
    {Actor::system_administrator, UserOp::add, StatusCode::ok},
    {Actor::owner, UserOp::add, StatusCode::permission_denied},
    {Actor::other_user, UserOp::add, StatusCode::permission_denied},
    {Actor::unauthenticated, UserOp::add, StatusCode::permission_denied},
    // "owner" is alice acting on her own account: a General User changes only her password.
    {Actor::key_operator, UserOp::edit_alice, StatusCode::ok},
    {Actor::system_administrator, UserOp::edit_alice, StatusCode::ok},
    {Actor::owner, UserOp::edit_alice, StatusCode::permission_denied},
    {Actor::other_user, UserOp::edit_alice, StatusCode::permission_denied},
    {Actor::unauthenticated, UserOp::edit_alice, StatusCode::permission_denied},
    {Actor::key_operator, UserOp::delete_alice, StatusCode::ok},
    {Actor::system_administrator, UserOp::delete_alice, StatusCode::ok},
    {Actor::owner, UserOp::delete_alice, StatusCode::permission_denied},
    {Actor::other_user, UserOp::delete_alice, StatusCode::permission_denied},
    {Actor::unauthenticated, UserOp::delete_alice, StatusCode::permission_denied},
    // Her own password alice changes only with her current one (change_own_password).
    {Actor::key_operator, UserOp::reset_alice_password, StatusCode::ok},
    {Actor::system_administrator, UserOp::reset_alice_password, StatusCode::ok},
    {Actor::owner, UserOp::reset_alice_password, StatusCode::permission_denied},
    {Actor::other_user, UserOp::reset_alice_password, StatusCode::permission_denied},
    {Actor::unauthenticated, UserOp::reset_alice_password, StatusCode::permission_denied},
    {Actor::key_operator, UserOp::change_own_password, StatusCode::ok},
    {Actor::system_administrator, UserOp::change_own_password, StatusCode::ok},
    {Actor::owner, UserOp::change_own_password, StatusCode::ok},
    {Actor::other_user, UserOp::change_own_password, StatusCode::ok},
    {Actor::unauthenticated, UserOp::change_own_password, StatusCode::permission_denied},
    // The Key Operator's account: changed only by the Key Operator (its password, with the
    // current one); never edited or deleted.
    {Actor::key_operator, UserOp::edit_key_operator, StatusCode::permission_denied},
    {Actor::system_administrator, UserOp::edit_key_operator, StatusCode::permission_denied},
    {Actor::owner, UserOp::edit_key_operator, StatusCode::permission_denied},
    {Actor::other_user, UserOp::edit_key_operator, StatusCode::permission_denied},
    {Actor::unauthenticated, UserOp::edit_key_operator, StatusCode::permission_denied},
    {Actor::key_operator, UserOp::delete_key_operator, StatusCode::permission_denied},
    {Actor::system_administrator, UserOp::delete_key_operator, StatusCode::permission_denied},
    {Actor::owner, UserOp::delete_key_operator, StatusCode::permission_denied},
    {Actor::other_user, UserOp::delete_key_operator, StatusCode::permission_denied},
    {Actor::unauthenticated, UserOp::delete_key_operator, StatusCode::permission_denied},
    {Actor::key_operator, UserOp::reset_key_operator_password, StatusCode::permission_denied},
    {Actor::system_administrator, UserOp::reset_key_operator_password,
     StatusCode::permission_denied},
    {Actor::owner, UserOp::reset_key_operator_password, StatusCode::permission_denied},
    {Actor::other_user, UserOp::reset_key_operator_password, StatusCode::permission_denied},
    {Actor::unauthenticated, UserOp::reset_key_operator_password, StatusCode::permission_denied},
};

TEST(ServiceAccess, UsersTable) {
  constexpr std::uint64_t kKo = security::ownership::kKeyOperatorUserId;
  for (const UserRow& row : kUserRows) {
    SCOPED_TRACE(std::string(name_of(row.actor)) + " " + name_of(row.op));
    Device d;
    auto& accounts = d.core().accounts();
    const Subject who = d.as(row.actor);
    const std::uint64_t alice = d.id_of(Actor::owner);
    const bool allowed = row.code == StatusCode::ok;
    const std::string ko_display = accounts.get(kKo).value().display_name;

    Status status;
    switch (row.op) {
      case UserOp::add:
        status = accounts.add_user(who, "dave", "Dave", {Role::general_user}, bytes(kNewPassword))
                     .status();
        EXPECT_EQ(accounts.find("dave").is_ok(), allowed);
        break;
      case UserOp::edit_alice:
        status = accounts.edit_user(who, alice, "Alice Renamed",
                                    {Role::general_user, Role::system_administrator});
        EXPECT_EQ(accounts.get(alice).value().display_name, allowed ? "Alice Renamed" : "Alice");
        EXPECT_EQ(accounts.get(alice).value().roles.contains(Role::system_administrator), allowed);
        break;
      case UserOp::delete_alice:
        status = d.core().delete_user(who, alice);
        EXPECT_EQ(accounts.get(alice).status().code(),
                  allowed ? StatusCode::not_found : StatusCode::ok);
        break;
      case UserOp::reset_alice_password:
        status = accounts.reset_password(who, alice, bytes(kNewPassword));
        EXPECT_EQ(accounts.check_password(alice, bytes(kNewPassword)).value(), allowed);
        EXPECT_EQ(accounts.get(alice).value().must_change_password, allowed);
        break;
      case UserOp::change_own_password: {
        const std::string current =
            row.actor == Actor::unauthenticated ? std::string(kPassword) : d.password_of(row.actor);
        status = accounts.change_own_password(who, bytes(current), bytes(kNewPassword));
        if (row.actor != Actor::unauthenticated) {
          const std::uint64_t self = d.id_of(row.actor);
          EXPECT_EQ(accounts.check_password(self, bytes(kNewPassword)).value(), allowed);
          EXPECT_FALSE(accounts.get(self).value().must_change_password);
        }
        break;
      }
      case UserOp::edit_key_operator:
        status = accounts.edit_user(who, kKo, "Taken over", {Role::general_user});
        EXPECT_EQ(accounts.get(kKo).value().display_name, ko_display);
        EXPECT_TRUE(accounts.get(kKo).value().roles.contains(Role::key_operator));
        break;
      case UserOp::delete_key_operator:
        status = d.core().delete_user(who, kKo);
        EXPECT_TRUE(accounts.get(kKo).is_ok());
        break;
      case UserOp::reset_key_operator_password:
        status = accounts.reset_password(who, kKo, bytes(kNewPassword));
        EXPECT_FALSE(accounts.check_password(kKo, bytes(kNewPassword)).value());
        break;
    }
    EXPECT_EQ(status.code(), row.code) << status.message();
  }
}

// ---- settings: DeviceCore::set_setting ---------------------------------------------------------

struct SettingRow {
  Actor actor;
  std::string_view key;
  SettingValue value;  // not the current value
  StatusCode code;
};

const std::vector<SettingRow>& setting_rows() {
  static const std::vector<SettingRow> rows = [] {
    const std::pair<std::string_view, SettingValue> changes[] = {
        {settings::kBrowserSessionTimeout.name, SettingValue{std::int64_t{5}}},
        {settings::kMaxLoginAttemptsLocalUser.name, SettingValue{std::int64_t{3}}},
        {settings::kOverwriteStorage.name, SettingValue{std::string("3")}},
        {settings::kAuditLog.name, SettingValue{false}},
    };
    std::vector<SettingRow> out;
    for (const auto& [key, value] : changes) {
      for (Actor a : kEveryActor) {
        const bool admin = a == Actor::key_operator || a == Actor::system_administrator;
        out.push_back({a, key, value, admin ? StatusCode::ok : StatusCode::permission_denied});
      }
    }
    return out;
  }();
  return rows;
}

TEST(ServiceAccess, SettingsTable) {
  ASSERT_EQ(setting_rows().size(), 20u);
  for (const SettingRow& row : setting_rows()) {
    SCOPED_TRACE(std::string(name_of(row.actor)) + " " + std::string(row.key));
    Device d;
    const auto& settings = d.core().security().settings();
    const SettingValue before = settings.value(row.key).value();
    ASSERT_NE(before, row.value);
    const Status status = d.core().set_setting(row.key, row.value, d.as(row.actor));
    EXPECT_EQ(status.code(), row.code) << status.message();
    EXPECT_EQ(settings.value(row.key).value(), row.code == StatusCode::ok ? row.value : before);
  }
}

// A valid value of `def`'s type other than `current`.
SettingValue another_value(const security::settings::SettingDefinition& def,
                           const SettingValue& current) {
  if (const bool* b = std::get_if<bool>(&current)) return SettingValue{!*b};
  if (const std::int64_t* i = std::get_if<std::int64_t>(&current)) {
    return SettingValue{*i < def.max ? *i + 1 : def.min};
  }
  const std::string& now = std::get<std::string>(current);
  std::string_view names = def.allowed;
  while (!names.empty()) {
    const std::size_t bar = names.find('|');
    const std::string_view name = names.substr(0, bar);
    if (name != now) return SettingValue{std::string(name)};
    if (bar == std::string_view::npos) break;
    names.remove_prefix(bar + 1);
  }
  return current;
}

// "General User ... cannot be allowed to configure the system settings": not one of them,
// through the device core (the registry's own check is in settings_registry_test.cc).
TEST(ServiceAccess, GeneralAndUnauthenticatedUsersChangeNoSettingThroughTheDevice) {
  Device d;
  const auto& settings = d.core().security().settings();
  const Subject users[] = {d.as(Actor::owner), d.as(Actor::other_user), Subject::unauthenticated()};
  std::size_t tried = 0;
  for (const auto& def : security::settings::setting_table()) {
    const SettingValue current = settings.value(def.key).value();
    const SettingValue next = another_value(def, current);
    ASSERT_NE(next, current) << def.key;
    for (const Subject& who : users) {
      EXPECT_EQ(d.core().set_setting(def.key, next, who).code(), StatusCode::permission_denied)
          << def.key;
      ++tried;
    }
    EXPECT_EQ(settings.value(def.key).value(), current) << def.key;
  }
  EXPECT_GT(tried, 200u);
  EXPECT_TRUE(settings.conformance().empty());
}

}  // namespace
}  // namespace mfp::pipeline::jobs
