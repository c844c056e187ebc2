// Every device-service operation x every role (unauthenticated; a general user who owns the
// object; a general user who does not; a system administrator; the Key Operator) x every
// interface (panel, browser, IPP, local), on the real services of a whole device. The
// expectations are written out here, from the guide, not derived from the operation table or
// the access table: a change to either that changes who may do what fails this test.
//
// An allowed call must not be refused (it may still fail for another reason, e.g. a garbage
// certificate file); a refused call must answer permission_denied. Each call gets its own
// fresh object, owned by a fresh general user, so a successful delete or release does not
// change what the next call sees.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/device/device_services.h"
#include "pipeline/device/operation_table.h"
#include "security/settings/setting_keys.h"
#include "tests/support/certificate_requests.h"
#include "tests/support/device_fixture.h"

namespace mfp::pipeline::device {
namespace {

using security::ownership::Role;
using security::ownership::Subject;

// Roles: U unauthenticated, O general user owning the object, N general user not owning it,
// A system administrator, K Key Operator. Interfaces: P panel, B browser, I IPP, R raw print
// port, L local.
struct Expectation {
  OperationId operation;
  std::string_view roles;
  std::string_view interfaces;
};

// clang-format off
constexpr Expectation kExpected[] = {
    {OperationId::users_list, "AK", "PBL"},
    {OperationId::user_view, "OAK", "PBL"},
    {OperationId::user_add, "AK", "PBL"},
    {OperationId::user_edit, "AK", "PBL"},
    {OperationId::user_delete, "AK", "PBL"},
    {OperationId::user_unlock, "AK", "PBL"},
    {OperationId::user_set_password, "AK", "PBL"},
    {OperationId::password_change_own, "ONAK", "PBL"},
    {OperationId::settings_list, "AK", "PBL"},
    {OperationId::setting_get, "AK", "PBL"},
    {OperationId::setting_set, "AK", "PBL"},
    {OperationId::settings_check, "AK", "PBL"},
    {OperationId::settings_apply_secure, "AK", "PBL"},
    {OperationId::jobs_list, "ONAK", "PBIL"},
    {OperationId::job_view, "ONAK", "PBIL"},
    // The access table lets anyone submit; the secure configuration's Receive Control then
    // deletes a job without a user ID (refused as permission_denied).
    {OperationId::job_submit, "ONAK", "PBIRL"},
    {OperationId::job_hold, "OAK", "PBIL"},
    {OperationId::job_release, "OAK", "PBIL"},
    {OperationId::job_cancel, "OAK", "PBIL"},
    {OperationId::jobs_cancel_own, "ONAK", "PBIL"},
    {OperationId::job_set_copies, "OAK", "PBIL"},
    {OperationId::folders_list, "ONAK", "PBL"},
    {OperationId::folder_view, "OAK", "PBL"},
    {OperationId::folder_create, "ONAK", "PBL"},
    {OperationId::folder_edit, "OAK", "PBL"},
    {OperationId::folder_delete, "OAK", "PBL"},
    {OperationId::folder_files, "OK", "PBL"},
    {OperationId::folder_file_retrieve, "OK", "PBL"},
    {OperationId::folder_file_delete, "OK", "PBL"},
    {OperationId::certificate_show, "AK", "BL"},
    {OperationId::certificate_create_self_signed, "AK", "BL"},
    {OperationId::certificate_request, "AK", "BL"},
    {OperationId::certificate_accept, "AK", "BL"},
    {OperationId::certificate_import, "AK", "BL"},
    {OperationId::trust_list, "AK", "BL"},
    {OperationId::trust_add, "AK", "BL"},
    {OperationId::trust_remove, "AK", "BL"},
    {OperationId::audit_list, "AK", "PBL"},
    {OperationId::audit_export, "AK", "BL"},
    {OperationId::device_status, "ONAK", "PBIL"},
    {OperationId::time_view, "AK", "PBL"},
    {OperationId::time_adjust, "AK", "PBL"},
    {OperationId::restart, "AK", "PBL"},
    {OperationId::factory_reset, "K", "PL"},
};
// clang-format on

constexpr std::string_view kRoles = "UONAK";
constexpr std::string_view kInterfaces = "PBIRL";

Interface interface_of(char c) {
  switch (c) {
    case 'P':
      return Interface::panel;
    case 'B':
      return Interface::browser;
    case 'I':
      return Interface::ipp;
    case 'R':
      return Interface::raw;
    default:
      return Interface::local;
  }
}

std::span<const std::uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

class AccessRun {
 public:
  AccessRun() : services_(f_.core()) {
    const std::string user(testing::DeviceFixture::kUserPassword);
    passwords_[f_.bob().user_id] = user;
    passwords_[f_.carol().user_id] = user;
    auto ko = f_.core().take_initial_password();
    passwords_[security::ownership::kKeyOperatorUserId] =
        std::string(reinterpret_cast<const char*>(ko.data()), ko.size());
  }

  // Runs `op` as `role` through `where` on a fresh object; the status it answers.
  Status run(OperationId op, char role, Interface where) {
    ++n_;
    owner_ = fresh_user();
    const Caller caller{subject_of(role), where, "127.0.0.1"};
    return call(op, caller);
  }

 private:
  Subject subject_of(char role) const {
    switch (role) {
      case 'U':
        return Subject::unauthenticated();
      case 'O':
        return Subject::user(owner_, {Role::general_user});
      case 'N':
        return f_.bob();
      case 'A':
        return f_.carol();
      default:
        return testing::DeviceFixture::key_operator();
    }
  }

  std::uint64_t fresh_user() {
    auto id = f_.core().accounts().add_user(
        testing::DeviceFixture::key_operator(), "user" + std::to_string(n_), "User",
        {Role::general_user}, bytes_of(testing::DeviceFixture::kUserPassword));
    EXPECT_TRUE(id.is_ok()) << id.status().message();
    return id.is_ok() ? id.value() : 0;
  }
  Subject owner() const { return Subject::user(owner_, {Role::general_user}); }

  // A held (Private Charge Print) job of the owner.
  std::uint64_t owners_job() {
    auto id = f_.jobs().submit(f_.request(owner()));
    EXPECT_TRUE(id.is_ok()) << id.status().message();
    return id.is_ok() ? id.value() : 0;
  }
  // A folder of the owner, numbered by the run, with one file when `with_file`.
  std::uint32_t owners_folder(bool with_file, std::uint64_t* file = nullptr) {
    const auto number = static_cast<std::uint32_t>(n_);
    EXPECT_TRUE(f_.core().folders().create_folder(owner(), number, "F", false).is_ok());
    if (with_file) {
      auto id = f_.core().folders().store_file_as_system(number, {"scan", "scan.pdf", 1},
                                                         bytes_of("%PDF-1.4 scanned"));
      EXPECT_TRUE(id.is_ok()) << id.status().message();
      if (file != nullptr && id.is_ok()) *file = id.value();
    }
    return number;
  }

  Status call(OperationId op, const Caller& c) {
    auto& s = services_;
    const auto pw = bytes_of(testing::DeviceFixture::kUserPassword);
    switch (op) {
      case OperationId::users_list:
        return s.users().list(c).status();
      case OperationId::user_view:
        return s.users().view(c, owner_).status();
      case OperationId::user_add: {
        NewUser u{"new" + std::to_string(n_),
                  "New",
                  {Role::general_user},
                  security::crypto::SecureBytes::copy_of(pw)};
        return s.users().add(c, u).status();
      }
      case OperationId::user_edit:
        return s.users().edit(c, {owner_, "Renamed", {Role::general_user}});
      case OperationId::user_delete:
        return s.users().remove(c, owner_);
      case OperationId::user_unlock:
        return s.users().unlock(c, owner_);
      case OperationId::user_set_password:
        return s.users().set_password(c, owner_, bytes_of("Another-pass-456"));
      case OperationId::password_change_own: {
        // Each subject's current password is tracked: a refused change must not pass as a
        // wrong current password (both answer permission_denied).
        const std::string current = c.subject.user_id == owner_
                                        ? std::string(testing::DeviceFixture::kUserPassword)
                                        : passwords_[c.subject.user_id];
        const std::string next = "Next-pass-" + std::to_string(n_) + "-x";
        Status st = s.users().change_own_password(c, bytes_of(current), bytes_of(next));
        if (st.is_ok()) passwords_[c.subject.user_id] = next;
        return st;
      }
      case OperationId::settings_list:
        return s.settings().list(c).status();
      case OperationId::setting_get:
        return s.settings().get(c, security::settings::kAuditLog.name).status();
      case OperationId::setting_set:
        return s.settings()
            .set(c, {std::string(security::settings::kAuditLog.name), "true"})
            .status();
      case OperationId::settings_check:
        return s.settings().check(c).status();
      case OperationId::settings_apply_secure:
        return s.settings().apply_secure(c).status();
      case OperationId::jobs_list:
        return s.jobs().list(c, {}).status();
      case OperationId::job_view:
        return s.jobs().view(c, owners_job()).status();
      case OperationId::job_submit: {
        auto r = f_.request(c.subject);
        return s.jobs().submit(c, std::move(r)).status();
      }
      case OperationId::job_hold:
        return s.jobs().hold(c, owners_job());  // already held: conflict when allowed
      case OperationId::job_release:
        return s.jobs().release(c, owners_job());
      case OperationId::job_cancel:
        return s.jobs().cancel(c, owners_job());
      case OperationId::jobs_cancel_own:
        return s.jobs().cancel_own(c).status();
      case OperationId::job_set_copies:
        return s.jobs().set_copies(c, owners_job(), 2);
      case OperationId::folders_list:
        return s.folders().list(c).status();
      case OperationId::folder_view:
        return s.folders().view(c, owners_folder(false)).status();
      case OperationId::folder_create:
        return s.folders().create(c, {static_cast<std::uint32_t>(n_), "Mine", false});
      case OperationId::folder_edit:
        return s.folders().edit(c, {owners_folder(false), "Renamed", false});
      case OperationId::folder_delete:
        return s.folders().remove(c, owners_folder(false));
      case OperationId::folder_files:
        return s.folders().files(c, owners_folder(true)).status();
      case OperationId::folder_file_retrieve: {
        std::uint64_t file = 0;
        const auto number = owners_folder(true, &file);
        return s.folders().retrieve(c, number, file, 1 << 20).status();
      }
      case OperationId::folder_file_delete: {
        std::uint64_t file = 0;
        const auto number = owners_folder(true, &file);
        return s.folders().remove_file(c, number, file);
      }
      case OperationId::certificate_show:
        return s.certificates().show(c).status();
      case OperationId::certificate_create_self_signed:
        return s.certificates().create_self_signed(c, {});
      case OperationId::certificate_request: {
        const auto o = testing::valid_csr_options();
        return s.certificates().request(c, o).status();
      }
      case OperationId::certificate_accept:
        return s.certificates().accept(c, bytes_of("not a certificate"),
                                       security::certs::ImportFormat::x509);
      case OperationId::certificate_import:
        return s.certificates().import_pkcs12(c, bytes_of("not a pkcs12 file"), "pw");
      case OperationId::trust_list:
        return s.certificates().trusted(c).status();
      case OperationId::trust_add:
        return s.certificates()
            .trust(c, bytes_of("not a certificate"), security::certs::ImportFormat::x509, "")
            .status();
      case OperationId::trust_remove:
        return s.certificates().untrust(c, security::certs::Fingerprint{});
      case OperationId::audit_list:
        return s.audit().list(c, 10).status();
      case OperationId::audit_export:
        return s.audit().export_log(c, "192.0.2.1").status();
      case OperationId::device_status:
        return s.status().status(c).status();
      case OperationId::time_view:
        return s.time().view(c).status();
      case OperationId::time_adjust:
        return s.time().adjust(c, {f_.core().clock().wall_now()});
      case OperationId::restart:
        return s.maintenance().restart(c);  // no hook: unsupported when allowed
      case OperationId::factory_reset:
        return s.maintenance().factory_reset(c).status();
    }
    return Status(StatusCode::internal, "no such operation");
  }

  testing::DeviceFixture f_;
  DeviceServices services_;
  int n_ = 0;
  std::uint64_t owner_ = 0;
  std::map<std::uint64_t, std::string> passwords_;  // current passwords of N, A and K
};

class DeviceServicesAccess : public ::testing::TestWithParam<Expectation> {};

TEST_P(DeviceServicesAccess, EveryRoleAtEveryInterface) {
  const Expectation& e = GetParam();
  AccessRun run;
  for (char role : kRoles) {
    for (char where : kInterfaces) {
      const bool allowed = e.roles.find(role) != std::string_view::npos &&
                           e.interfaces.find(where) != std::string_view::npos;
      const Status s = run.run(e.operation, role, interface_of(where));
      if (allowed) {
        EXPECT_NE(s.code(), StatusCode::permission_denied)
            << "role " << role << " at " << where << ": " << s.message();
      } else {
        EXPECT_EQ(s.code(), StatusCode::permission_denied)
            << "role " << role << " at " << where << " was not refused: " << s.message();
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Operations, DeviceServicesAccess, ::testing::ValuesIn(kExpected),
                         [](const auto& info) {
                           std::string name(spec_of(info.param.operation).name);
                           for (char& ch : name) {
                             if (ch == '-') ch = '_';
                           }
                           return name;
                         });

TEST(DeviceServicesAccess, EveryOperationHasAnExpectation) {
  std::vector<bool> seen(operation_table().size(), false);
  for (const auto& e : kExpected) seen.at(static_cast<std::size_t>(e.operation)) = true;
  for (const auto& row : operation_table()) {
    EXPECT_TRUE(seen.at(static_cast<std::size_t>(row.id))) << row.name;
  }
}

}  // namespace
}  // namespace mfp::pipeline::device
