#include "security/ownership/access_policy.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "security/ownership/access_rule.h"

namespace mfp::security::ownership {
namespace {

using enum Operation;
using enum ObjectKind;

constexpr std::uint64_t kSa = 10;       // a user given the System Administrator role
constexpr std::uint64_t kOtherSa = 11;  // another such user
constexpr std::uint64_t kGu = 20;       // a general user
constexpr std::uint64_t kOtherGu = 99;  // someone else
constexpr std::uint64_t kCe = 30;       // a customer engineer's session

Subject ko() {
  return Subject::user(kKeyOperatorUserId, {Role::key_operator});
}
Subject sa(std::uint64_t id = kSa) {
  return Subject::user(id, {Role::system_administrator});
}
Subject gu(std::uint64_t id = kGu) {
  return Subject::user(id, {Role::general_user});
}
Subject ce(bool maintenance_allowed) {
  Subject s = Subject::user(kCe, {Role::customer_engineer});
  s.maintenance_allowed = maintenance_allowed;
  return s;
}

Subject subject_for(Role role, bool maintenance_allowed) {
  switch (role) {
    case Role::key_operator:
      return ko();
    case Role::system_administrator:
      return sa();
    case Role::general_user:
      return gu();
    case Role::unauthenticated:
      return Subject::unauthenticated();
    case Role::customer_engineer:
      return ce(maintenance_allowed);
  }
  return Subject::unauthenticated();
}

bool in(Operation op, std::initializer_list<Operation> ops) {
  for (Operation o : ops) {
    if (o == op) return true;
  }
  return false;
}

bool has_owner(ObjectKind kind) {
  return kind != setting && kind != audit_log && kind != device && kind != certificate;
}

// The guide's rules restated independently of the table in access_rule.cc: what each role may
// do to each kind of object, its own (`own`) or another general user's.
bool expected(Role role, Operation op, ObjectKind kind, bool own, bool maintenance) {
  const std::initializer_list<Operation> job_ops = {view_details, list,   read,  release, cancel,
                                                    delete_,      modify, print, preview};
  const std::initializer_list<Operation> data_ops = {view_details, list,  read,   delete_,
                                                     modify,       print, preview};
  const std::initializer_list<Operation> file_ops = {view_details, list,  read,   delete_,
                                                     modify,       print, preview};
  switch (role) {
    case Role::unauthenticated:
      return op == create && (kind == job || kind == document) && own;
    case Role::customer_engineer:
      return maintenance && kind == device && in(op, {view_details, maintain});
    case Role::general_user:
      switch (kind) {
        case job:
          return own && (in(op, job_ops) || op == create);
        case document:
        case page_store:
          return own && (in(op, data_ops) || op == create);
        case folder:
          return op == list || (own && in(op, {create, view_details, modify, delete_}));
        case folder_file:
          return own && (in(op, file_ops) || op == create);
        case user_account:
          return own && in(op, {view_details, set_password});
        case device:
          return op == view_details;
        case setting:
        case audit_log:
        case certificate:
          return false;
      }
      return false;
    case Role::system_administrator:
    case Role::key_operator:
      switch (kind) {
        case job:
          return op == create ? own : in(op, job_ops);
        case document:
        case page_store:
          return op == create ? own : in(op, data_ops);
        case folder:
          return op == create ? own : in(op, {list, view_details, modify, delete_});
        case folder_file:
          return op == create ? own : (role == Role::key_operator || own) && in(op, file_ops);
        case user_account:
          return in(op, {list, view_details, create, modify, delete_, set_password});
        case setting:
          return in(op, {list, view_details, read, modify});
        case audit_log:
          return in(op, {list, view_details, read, export_});
        case device:
          return in(op, {view_details, maintain}) ||
                 (op == restore_defaults && role == Role::key_operator);
        case certificate:
          return in(op, {list, view_details, read, create, modify, delete_});
      }
      return false;
  }
  return false;
}

const AccessPolicy kPolicy;

TEST(AccessPolicy, MatchesTheGuideForEveryRoleOperationKindAndOwnership) {
  int checked = 0;
  for (Role role : kAllRoles) {
    for (bool maintenance : {false, true}) {
      if (maintenance && role != Role::customer_engineer) continue;
      const Subject subject = subject_for(role, maintenance);
      for (ObjectKind kind : kAllObjectKinds) {
        for (bool own : {true, false}) {
          if (!has_owner(kind) && !own) continue;
          const std::uint64_t owner = !has_owner(kind) ? kUnauthenticatedUserId
                                      : own            ? subject.user_id
                                                       : kOtherGu;
          for (Operation op : kAllOperations) {
            const Decision d = kPolicy.decide(subject, op, ObjectRef{kind, owner});
            const bool want = expected(role, op, kind, own, maintenance);
            EXPECT_EQ(d.allowed, want)
                << to_string(role) << (maintenance ? "+maintenance" : "") << " " << to_string(op)
                << " " << to_string(kind) << (own ? " (own)" : " (other's)") << ": " << d.message();
            EXPECT_EQ(d.allowed,
                      d.reason == DecisionReason::owner || d.reason == DecisionReason::any_owner);
            ++checked;
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 600);
}

// ---- The guide's statements, one by one ("User Authentication") ----

// "As for Private Print feature, General User can perform the following operations for the
// data and the jobs stored his/her own Private Charge Print folder: preview, print, delete the
// print data; change the number of copies; cancel the processing job."
TEST(AccessPolicy, GeneralUserOperatesOwnPrivatePrintDataAndJobs) {
  for (Operation op : {preview, print, delete_}) {
    EXPECT_TRUE(kPolicy.decide(gu(), op, {document, kGu}).allowed) << to_string(op);
  }
  EXPECT_TRUE(kPolicy.decide(gu(), modify, {job, kGu}).allowed);  // number of copies
  EXPECT_TRUE(kPolicy.decide(gu(), cancel, {job, kGu}).allowed);
  EXPECT_TRUE(kPolicy.decide(gu(), release, {job, kGu}).allowed);
  EXPECT_EQ(kPolicy.decide(gu(), release, {job, kGu}).reason, DecisionReason::owner);
}

// "But General User cannot operate the print data and the job stored by others."
TEST(AccessPolicy, GeneralUserCannotOperateOthersPrintDataOrJobs) {
  for (Operation op : {preview, print, delete_, read, view_details, list}) {
    const Decision d = kPolicy.decide(gu(), op, {document, kOtherGu});
    EXPECT_FALSE(d.allowed) << to_string(op);
    EXPECT_EQ(d.reason, DecisionReason::not_owner);
  }
  for (Operation op : {modify, cancel, release, delete_, view_details, list}) {
    EXPECT_FALSE(kPolicy.decide(gu(), op, {job, kOtherGu}).allowed) << to_string(op);
  }
  EXPECT_FALSE(kPolicy.decide(gu(), read, {page_store, kOtherGu}).allowed);
  // Nor someone's unauthenticated submission.
  EXPECT_FALSE(kPolicy.decide(gu(), release, {job, kUnauthenticatedUserId}).allowed);
}

// "System Administrator (including Key Operator) can operate all the print data and jobs
// regardless of owner."
TEST(AccessPolicy, AdministratorsOperateAllPrintDataAndJobs) {
  for (const Subject& admin : {ko(), sa()}) {
    for (Operation op : {preview, print, delete_, modify, read}) {
      EXPECT_TRUE(kPolicy.decide(admin, op, {document, kOtherGu}).allowed) << to_string(op);
    }
    for (Operation op : {modify, cancel, release, delete_, view_details, list}) {
      const Decision d = kPolicy.decide(admin, op, {job, kOtherGu});
      EXPECT_TRUE(d.allowed) << to_string(op);
      EXPECT_EQ(d.reason, DecisionReason::any_owner);
    }
    EXPECT_TRUE(kPolicy.decide(admin, release, {job, kUnauthenticatedUserId}).allowed);
    EXPECT_TRUE(kPolicy.decide(admin, delete_, {job, kUnauthenticatedUserId}).allowed);
  }
}

// Network Scan: "Preview the scanned image ...; Cancel the processing scan job. But General
// User cannot operate the scanned data and the job started by others."
TEST(AccessPolicy, ScanDataAndJobsBelongToWhoStartedThem) {
  EXPECT_TRUE(kPolicy.decide(gu(), preview, {document, kGu}).allowed);
  EXPECT_TRUE(kPolicy.decide(gu(), cancel, {job, kGu}).allowed);
  EXPECT_FALSE(kPolicy.decide(gu(), preview, {document, kOtherGu}).allowed);
  EXPECT_FALSE(kPolicy.decide(gu(), cancel, {job, kOtherGu}).allowed);
  EXPECT_TRUE(kPolicy.decide(sa(), cancel, {job, kOtherGu}).allowed);
}

// Copy: "Change the number of copies for the copy job started by oneself; Restart and Cancel
// the processing copy job."
TEST(AccessPolicy, CopyJobsChangeRestartCancelOnlyByOwner) {
  for (Operation op : {modify, release, cancel}) {
    EXPECT_TRUE(kPolicy.decide(gu(), op, {job, kGu}).allowed) << to_string(op);
    EXPECT_FALSE(kPolicy.decide(gu(), op, {job, kOtherGu}).allowed) << to_string(op);
    EXPECT_TRUE(kPolicy.decide(ko(), op, {job, kOtherGu}).allowed) << to_string(op);
  }
}

// Fax Send: "Preview the scanned image ...; Cancel the processing fax send job."
TEST(AccessPolicy, FaxSendPreviewAndCancelOnlyByOwner) {
  EXPECT_TRUE(kPolicy.decide(gu(), preview, {page_store, kGu}).allowed);
  EXPECT_TRUE(kPolicy.decide(gu(), cancel, {job, kGu}).allowed);
  EXPECT_FALSE(kPolicy.decide(gu(), preview, {page_store, kOtherGu}).allowed);
  EXPECT_FALSE(kPolicy.decide(gu(), cancel, {job, kOtherGu}).allowed);
}

// "Received Fax data is stored into the folder specified with 'Folder Selector Setup'. The
// following operations are allowed to the owner of the folder in which the data was stored:
// Retrieve, Print, Delete. The user who doesn't have the ownership for the folder cannot
// operate the received fax data. However, Key Operator can operate the data stored in all the
// folder regardless of the owner."
TEST(AccessPolicy, ReceivedFaxFilesOnlyForFolderOwnerAndKeyOperator) {
  const ObjectRef fax{folder_file, kGu};  // in kGu's folder
  for (Operation op : {read, print, delete_}) {
    EXPECT_TRUE(kPolicy.decide(gu(), op, fax).allowed) << to_string(op);
    EXPECT_FALSE(kPolicy.decide(gu(kOtherGu), op, fax).allowed) << to_string(op);
    const Decision admin = kPolicy.decide(sa(), op, fax);
    EXPECT_FALSE(admin.allowed) << "a System Administrator is not the Key Operator";
    EXPECT_EQ(admin.reason, DecisionReason::not_owner);
    EXPECT_TRUE(kPolicy.decide(ko(), op, fax).allowed) << to_string(op);
  }
}

// Scan to Folder: "Preview, Print, Delete, Change the number of copies to be printed, Change
// the selection of the paper" for the folder owner; others cannot; the Key Operator can.
TEST(AccessPolicy, ScanToFolderFilesOnlyForFolderOwnerAndKeyOperator) {
  const ObjectRef scan{folder_file, kSa};  // in a system administrator's own folder
  for (Operation op : {preview, print, delete_, modify}) {
    EXPECT_TRUE(kPolicy.decide(sa(), op, scan).allowed) << to_string(op);
    EXPECT_FALSE(kPolicy.decide(sa(kOtherSa), op, scan).allowed) << to_string(op);
    EXPECT_FALSE(kPolicy.decide(gu(), op, scan).allowed) << to_string(op);
    EXPECT_TRUE(kPolicy.decide(ko(), op, scan).allowed) << to_string(op);
  }
}

// CWIS [File List]: "When the User ID logged in ... matches the owner of the specified folder,
// the list of files in the specified folder is available. If [it] doesn't match ..., 'Unable
// to select because you do not have access' ... However, when you log in as Key Operator, you
// can see the list of files for all folders." The folder list itself (number and name) is
// shown to everyone logged in.
TEST(AccessPolicy, FolderFileListOnlyForOwnerAndKeyOperator) {
  EXPECT_TRUE(kPolicy.decide(gu(), list, {folder_file, kGu}).allowed);
  EXPECT_FALSE(kPolicy.decide(gu(), list, {folder_file, kOtherGu}).allowed);
  EXPECT_FALSE(kPolicy.decide(sa(), list, {folder_file, kOtherGu}).allowed);
  EXPECT_TRUE(kPolicy.decide(ko(), list, {folder_file, kOtherGu}).allowed);
  EXPECT_TRUE(kPolicy.decide(gu(), list, {folder, kOtherGu}).allowed);
  EXPECT_FALSE(kPolicy.decide(Subject::unauthenticated(), list, {folder, kOtherGu}).allowed);
}

// "Create Folder for Fax receive: Log in as a user with System Administrator role (but not
// System Administrator's user ID)": that user owns the folder, so received faxes are theirs
// and the Key Operator's, not other administrators'.
TEST(AccessPolicy, FaxReceiveFolderCreatedByAdministratorUser) {
  EXPECT_TRUE(kPolicy.decide(sa(), create, {folder, kSa}).allowed);
  EXPECT_FALSE(kPolicy.decide(sa(), create, {folder, kOtherSa}).allowed);
  EXPECT_TRUE(kPolicy.decide(sa(), read, {folder_file, kSa}).allowed);
  EXPECT_FALSE(kPolicy.decide(sa(kOtherSa), read, {folder_file, kSa}).allowed);
  EXPECT_TRUE(kPolicy.decide(ko(), read, {folder_file, kSa}).allowed);
  // Administrators still manage every folder itself (DESIGN: operate on all folders).
  EXPECT_TRUE(kPolicy.decide(sa(kOtherSa), modify, {folder, kSa}).allowed);
  EXPECT_FALSE(kPolicy.decide(gu(), modify, {folder, kSa}).allowed);
  EXPECT_TRUE(kPolicy.decide(gu(), create, {folder, kGu}).allowed);
}

// A general user changes only their own password, and not their own account otherwise.
TEST(AccessPolicy, GeneralUserChangesOnlyOwnPassword) {
  EXPECT_TRUE(kPolicy.decide(gu(), set_password, {user_account, kGu}).allowed);
  EXPECT_FALSE(kPolicy.decide(gu(), set_password, {user_account, kOtherGu}).allowed);
  EXPECT_FALSE(kPolicy.decide(gu(), modify, {user_account, kGu}).allowed);  // e.g. its roles
  EXPECT_FALSE(kPolicy.decide(gu(), list, {user_account, kOtherGu}).allowed);
}

// "General User can use the basic function of the device, but cannot be allowed to configure
// the system settings." Settings, users and the audit log are for administrators.
TEST(AccessPolicy, SettingsUsersAndAuditLogOnlyForAdministrators) {
  const ObjectRef setting_ref{setting, kUnauthenticatedUserId};
  const ObjectRef log{audit_log, kUnauthenticatedUserId};
  for (const Subject& admin : {ko(), sa()}) {
    EXPECT_TRUE(kPolicy.decide(admin, modify, setting_ref).allowed);
    EXPECT_TRUE(kPolicy.decide(admin, export_, log).allowed);
    EXPECT_TRUE(kPolicy.decide(admin, create, {user_account, 500}).allowed);
    EXPECT_TRUE(kPolicy.decide(admin, set_password, {user_account, kGu}).allowed);
  }
  EXPECT_FALSE(kPolicy.decide(gu(), modify, setting_ref).allowed);
  EXPECT_FALSE(kPolicy.decide(gu(), read, setting_ref).allowed);
  EXPECT_FALSE(kPolicy.decide(gu(), export_, log).allowed);
  EXPECT_FALSE(kPolicy.decide(gu(), read, log).allowed);
  EXPECT_FALSE(kPolicy.decide(gu(), create, {user_account, 500}).allowed);
  EXPECT_FALSE(kPolicy.decide(ce(true), export_, log).allowed);
}

// The Key Operator's account is changed only by the Key Operator: otherwise a System
// Administrator could reset its password and reach every folder's files.
TEST(AccessPolicy, AdministratorCannotTakeOverTheKeyOperatorAccount) {
  const ObjectRef ko_account{user_account, kKeyOperatorUserId};
  for (Operation op : {set_password, modify, delete_}) {
    const Decision d = kPolicy.decide(sa(), op, ko_account);
    EXPECT_FALSE(d.allowed) << to_string(op);
    EXPECT_EQ(d.reason, DecisionReason::key_operator_account);
    EXPECT_TRUE(kPolicy.decide(ko(), op, ko_account).allowed) << to_string(op);
  }
  EXPECT_TRUE(kPolicy.decide(sa(), view_details, ko_account).allowed);
  EXPECT_TRUE(kPolicy.decide(sa(), set_password, {user_account, kOtherSa}).allowed);
}

// "Unauthenticated User cannot use the device at all" (DESIGN: "can do nothing but submit a
// job that is then held or deleted").
TEST(AccessPolicy, UnauthenticatedOnlySubmitsUnownedJobs) {
  const Subject anon = Subject::unauthenticated();
  EXPECT_TRUE(kPolicy.decide(anon, create, {job, kUnauthenticatedUserId}).allowed);
  EXPECT_TRUE(kPolicy.decide(anon, create, {document, kUnauthenticatedUserId}).allowed);
  // Not on someone's behalf.
  EXPECT_EQ(kPolicy.decide(anon, create, {job, kGu}).reason, DecisionReason::not_owner);
  // Nothing else, not even on the job it submitted.
  for (Operation op : kAllOperations) {
    if (op == create) continue;
    EXPECT_FALSE(kPolicy.decide(anon, op, {job, kUnauthenticatedUserId}).allowed) << to_string(op);
  }
  EXPECT_FALSE(kPolicy.decide(anon, view_details, {device, kUnauthenticatedUserId}).allowed);
  EXPECT_FALSE(kPolicy.decide(anon, create, {folder, kUnauthenticatedUserId}).allowed);
}

// Customer Engineer: nothing unless Service Representative Restricted Operation allows
// maintenance; then device maintenance only, never user data.
TEST(AccessPolicy, CustomerEngineerMaintainsOnlyWhenAllowedAndNeverTouchesUserData) {
  const ObjectRef dev{device, kUnauthenticatedUserId};
  const Decision restricted = kPolicy.decide(ce(false), maintain, dev);
  EXPECT_FALSE(restricted.allowed);
  EXPECT_EQ(restricted.reason, DecisionReason::maintenance_disabled);
  EXPECT_TRUE(kPolicy.decide(ce(true), maintain, dev).allowed);
  EXPECT_TRUE(kPolicy.decide(ce(true), view_details, dev).allowed);
  for (ObjectKind kind : {job, document, page_store, folder, folder_file, user_account}) {
    for (Operation op : kAllOperations) {
      EXPECT_FALSE(kPolicy.decide(ce(true), op, {kind, kCe}).allowed)
          << to_string(op) << " " << to_string(kind);
      EXPECT_FALSE(kPolicy.decide(ce(true), op, {kind, kOtherGu}).allowed);
    }
  }
  EXPECT_FALSE(kPolicy.decide(ce(true), modify, {setting, kUnauthenticatedUserId}).allowed);
}

TEST(AccessPolicy, RolesCombine) {
  const Subject both = Subject::user(kSa, {Role::general_user, Role::system_administrator});
  EXPECT_TRUE(kPolicy.decide(both, cancel, {job, kOtherGu}).allowed);
  EXPECT_TRUE(kPolicy.decide(both, read, {folder_file, kSa}).allowed);
  EXPECT_FALSE(kPolicy.decide(both, read, {folder_file, kOtherGu}).allowed);
}

TEST(AccessPolicy, MalformedSubjectsAreDeniedEverything) {
  const Subject malformed[] = {
      Subject{kGu, RoleSet{}, false},                                   // no roles
      Subject::user(kUnauthenticatedUserId, {Role::general_user}),      // authenticated, id 0
      Subject::user(kSa, {Role::key_operator}),                         // KO on another account
      Subject::user(kKeyOperatorUserId, {Role::system_administrator}),  // KO account without KO
      Subject{kUnauthenticatedUserId, {Role::unauthenticated, Role::general_user}, false},
      Subject{7, {Role::unauthenticated}, false},  // unauthenticated with an id
  };
  for (const Subject& s : malformed) {
    for (Operation op : {create, read, list, modify}) {
      const Decision d = kPolicy.decide(s, op, {job, s.user_id});
      EXPECT_FALSE(d.allowed);
      EXPECT_EQ(d.reason, DecisionReason::malformed_subject);
    }
  }
}

TEST(AccessPolicy, RequireGivesPermissionDeniedWithoutUserData) {
  EXPECT_TRUE(kPolicy.require(gu(), cancel, {job, kGu}).is_ok());
  const pipeline::Status denied = kPolicy.require(gu(424242), cancel, {job, 737373});
  EXPECT_EQ(denied.code(), pipeline::StatusCode::permission_denied);
  EXPECT_NE(denied.message().find("cancel job"), std::string::npos) << denied.message();
  EXPECT_EQ(denied.message().find("424242"), std::string::npos);
  EXPECT_EQ(denied.message().find("737373"), std::string::npos);
  EXPECT_EQ(kPolicy.decide(gu(), cancel, {job, kOtherGu}).to_status().code(),
            pipeline::StatusCode::permission_denied);
}

// Structural properties of the table itself, whatever the rows say.
TEST(AccessRules, TableKeepsTheGuidesHardLimits) {
  ASSERT_FALSE(access_rules().empty());
  for (const AccessRule& rule : access_rules()) {
    EXPECT_FALSE(rule.basis.empty());
    if (rule.role == Role::customer_engineer) {
      EXPECT_EQ(rule.kind, device);
      EXPECT_EQ(rule.condition, Condition::maintenance_allowed);
    }
    if (rule.role == Role::unauthenticated) {
      EXPECT_EQ(rule.scope, Scope::own);
      for (Operation op : kAllOperations) {
        EXPECT_TRUE(op == create || !rule.operations.contains(op)) << to_string(op);
      }
    }
    if (rule.kind == folder_file && rule.scope != Scope::own) {
      EXPECT_EQ(rule.role, Role::key_operator) << "folder files are owner and KO only";
    }
    if (rule.kind == setting || rule.kind == audit_log || rule.kind == certificate) {
      EXPECT_TRUE(rule.role == Role::key_operator || rule.role == Role::system_administrator);
    }
    // Accounts and certificates have no creator-owner.
    if (rule.operations.contains(create) && rule.kind != user_account && rule.kind != certificate) {
      EXPECT_EQ(rule.scope, Scope::own) << "objects are created for oneself";
    }
  }
}

}  // namespace
}  // namespace mfp::security::ownership
