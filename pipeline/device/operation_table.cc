#include "pipeline/device/operation_table.h"

#include <array>

namespace mfp::pipeline::device {

namespace {

using security::audit::EventKind;
using enum security::ownership::Operation;
using enum security::ownership::ObjectKind;
using enum OperationId;
using enum OwnerOf;

// Where each group of functions is offered. The guide offers management functions at the
// panel and in CentreWare Internet Services; certificates and the audit log export only in
// the latter; the printer driver reaches jobs and the device's status over IPP, and only
// submits over the raw print port. The maintenance socket (local) is root's on the device
// itself and offers everything.
constexpr InterfaceSet kEverywhere{Interface::panel, Interface::browser, Interface::ipp,
                                   Interface::local};
constexpr InterfaceSet kSubmission{Interface::panel, Interface::browser, Interface::ipp,
                                   Interface::raw, Interface::local};
constexpr InterfaceSet kManagement{Interface::panel, Interface::browser, Interface::local};
constexpr InterfaceSet kWebOnly{Interface::browser, Interface::local};
constexpr InterfaceSet kAtTheDevice{Interface::panel, Interface::local};

constexpr EventKind kViewed = EventKind::security_setting_viewed;
constexpr EventKind kChanged = EventKind::security_setting_changed;

// clang-format off
constexpr std::array kTable = {
  // users
  OperationSpec{users_list, "users-list", false, user_account, list, none, kManagement, std::nullopt, "local accounts"},
  OperationSpec{user_view, "user-view", false, user_account, view_details, recorded, kManagement, std::nullopt, "one account"},
  OperationSpec{user_add, "user-add", true, user_account, create, none, kManagement, EventKind::user_added, "add an account"},
  OperationSpec{user_edit, "user-edit", true, user_account, modify, recorded, kManagement, EventKind::user_edited, "change an account's name and roles"},
  OperationSpec{user_delete, "user-delete", true, user_account, delete_, recorded, kManagement, EventKind::user_deleted, "delete an account with its folders and jobs"},
  OperationSpec{user_unlock, "user-unlock", true, user_account, modify, recorded, kManagement, EventKind::user_edited, "unlock a locked-out account"},
  OperationSpec{user_set_password, "user-set-password", true, user_account, modify, recorded, kManagement, EventKind::user_edited, "set another user's password"},
  OperationSpec{password_change_own, "password-change", true, user_account, set_password, caller, kManagement, EventKind::user_edited, "change one's own password"},
  // settings
  OperationSpec{settings_list, "settings-list", false, setting, list, none, kManagement, kViewed, "every setting, its value and its secure value"},
  OperationSpec{setting_get, "settings-get", false, setting, read, none, kManagement, kViewed, "one setting's value"},
  OperationSpec{setting_set, "settings-set", true, setting, modify, none, kManagement, kChanged, "change a setting"},
  OperationSpec{settings_check, "settings-check", false, setting, view_details, none, kManagement, kViewed, "settings that deviate from the secure configuration"},
  OperationSpec{settings_apply_secure, "settings-secure", true, setting, modify, none, kManagement, kChanged, "set every deviating setting to its secure value"},
  // jobs
  OperationSpec{jobs_list, "jobs-list", false, job, list, recorded, kEverywhere, std::nullopt, "jobs and job history"},
  OperationSpec{job_view, "job-view", false, job, view_details, recorded, kEverywhere, std::nullopt, "one job"},
  OperationSpec{job_submit, "print", true, job, create, caller, kSubmission, std::nullopt, "submit a print job"},
  OperationSpec{job_hold, "job-hold", true, job, modify, recorded, kEverywhere, std::nullopt, "hold a queued job until it is released"},
  OperationSpec{job_release, "job-release", true, job, release, recorded, kEverywhere, std::nullopt, "release a held job"},
  OperationSpec{job_cancel, "job-cancel", true, job, cancel, recorded, kEverywhere, std::nullopt, "cancel a job"},
  OperationSpec{jobs_cancel_own, "jobs-cancel-own", true, job, cancel, caller, kEverywhere, std::nullopt, "cancel every job of one's own"},
  OperationSpec{job_set_copies, "job-set-copies", true, job, modify, recorded, kEverywhere, std::nullopt, "change a held job's number of copies"},
  // folders
  OperationSpec{folders_list, "folders-list", false, folder, list, none, kManagement, std::nullopt, "Send from Folder folders"},
  OperationSpec{folder_view, "folder-view", false, folder, view_details, recorded, kManagement, std::nullopt, "one folder's settings"},
  OperationSpec{folder_create, "folder-create", true, folder, create, caller, kManagement, std::nullopt, "create a folder"},
  OperationSpec{folder_edit, "folder-edit", true, folder, modify, recorded, kManagement, std::nullopt, "change a folder's name or passcode check"},
  OperationSpec{folder_delete, "folder-delete", true, folder, delete_, recorded, kManagement, std::nullopt, "delete a folder and its files"},
  OperationSpec{folder_files, "folder-files", false, folder_file, list, recorded, kManagement, std::nullopt, "a folder's File List"},
  OperationSpec{folder_file_retrieve, "folder-file-retrieve", false, folder_file, read, recorded, kManagement, std::nullopt, "retrieve a folder file"},
  OperationSpec{folder_file_delete, "folder-file-delete", true, folder_file, delete_, recorded, kManagement, std::nullopt, "delete a folder file"},
  // certificates and trust
  OperationSpec{certificate_show, "cert-show", false, certificate, view_details, none, kWebOnly, std::nullopt, "the device certificate (PEM and details)"},
  OperationSpec{certificate_create_self_signed, "cert-create", true, certificate, create, none, kWebOnly, kChanged, "make a new self-signed device certificate"},
  OperationSpec{certificate_request, "cert-csr", true, certificate, create, none, kWebOnly, std::nullopt, "make a key and a certificate signing request"},
  OperationSpec{certificate_accept, "cert-accept", true, certificate, modify, none, kWebOnly, kChanged, "install the CA's answer to the pending request"},
  OperationSpec{certificate_import, "cert-import", true, certificate, modify, none, kWebOnly, kChanged, "import the device's key and certificate (PKCS#12)"},
  OperationSpec{trust_list, "trust-list", false, certificate, list, none, kWebOnly, std::nullopt, "the trusted CA certificates"},
  OperationSpec{trust_add, "trust-add", true, certificate, create, none, kWebOnly, kChanged, "trust CA certificates"},
  OperationSpec{trust_remove, "trust-remove", true, certificate, delete_, none, kWebOnly, kChanged, "remove a trusted CA certificate"},
  // audit
  OperationSpec{audit_list, "audit-list", false, audit_log, list, none, kManagement, std::nullopt, "the newest audit log records"},
  OperationSpec{audit_export, "audit-export", false, audit_log, export_, none, kWebOnly, std::nullopt, "the audit log in the guide's export format"},
  // device
  OperationSpec{device_status, "status", false, device, view_details, none, kEverywhere, std::nullopt, "device, engine and job status"},
  OperationSpec{time_view, "time-view", false, setting, read, none, kManagement, std::nullopt, "the system clock, time zone and date format"},
  OperationSpec{time_adjust, "time-adjust", true, setting, modify, none, kManagement, EventKind::time_adjusted, "set the system clock's date and time"},
  OperationSpec{restart, "restart", true, device, maintain, none, kManagement, std::nullopt, "shut the device down in order and start it again (warm boot)"},
  OperationSpec{factory_reset, "factory-reset", true, device, restore_defaults, none, kAtTheDevice, std::nullopt, "regenerate the keys and overwrite every store (no undo)"},
};
// clang-format on

constexpr bool in_id_order() {
  for (std::size_t i = 0; i < kTable.size(); ++i) {
    if (static_cast<std::size_t>(kTable[i].id) != i) return false;
  }
  return true;
}
static_assert(in_id_order(), "operation table rows follow OperationId order");

}  // namespace

std::span<const OperationSpec> operation_table() noexcept {
  return kTable;
}

const OperationSpec& spec_of(OperationId id) noexcept {
  return kTable[static_cast<std::size_t>(id)];
}

const OperationSpec* find_operation(std::string_view name) noexcept {
  for (const auto& row : kTable) {
    if (row.name == name) return &row;
  }
  return nullptr;
}

}  // namespace mfp::pipeline::device
