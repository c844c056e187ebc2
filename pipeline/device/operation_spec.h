#pragma once
// OperationId and OperationSpec: the device's management functions as data. One row per
// operation says what it is called (mfpctl's command, the coming HTTP routes and panel screens
// use the same name), whether it changes state, which permission AccessPolicy must grant on
// which kind of object, from which interfaces it is offered, and which audit event it records.

#include <cstdint>
#include <optional>
#include <string_view>

#include "pipeline/device/caller.h"
#include "security/audit/audit_catalog.h"
#include "security/ownership/object_kind.h"
#include "security/ownership/operation.h"

namespace mfp::pipeline::device {

enum class OperationId : std::uint8_t {
  // users
  users_list,
  user_view,
  user_add,
  user_edit,
  user_delete,
  user_unlock,
  user_set_password,
  password_change_own,
  // settings
  settings_list,
  setting_get,
  setting_set,
  settings_check,
  settings_apply_secure,
  // jobs
  jobs_list,
  job_view,
  job_submit,
  job_hold,
  job_release,
  job_cancel,
  jobs_cancel_own,
  job_set_copies,
  // folders
  folders_list,
  folder_view,
  folder_create,
  folder_edit,
  folder_delete,
  folder_files,
  folder_file_retrieve,
  folder_file_delete,
  // certificates and trust
  certificate_show,
  certificate_create_self_signed,
  certificate_request,
  certificate_accept,
  certificate_import,
  trust_list,
  trust_add,
  trust_remove,
  // audit
  audit_list,
  audit_export,
  // device
  device_status,
  time_view,
  time_adjust,
  restart,
  factory_reset,
};

// Whose object the operation acts on, which decides the owner AccessPolicy is asked about.
enum class OwnerOf : std::uint8_t {
  none,      // an object without an owner (settings, the audit log, the device, certificates)
  caller,    // the caller's own (their list, their new job or folder, their password)
  recorded,  // the objects the request names or lists: each one's recorded owner, asked by the
             // service below
};

struct OperationSpec {
  OperationId id;
  std::string_view name;  // "users-list", "job-release", ...
  bool mutates;           // changes state: POST only over HTTP
  security::ownership::ObjectKind object;
  security::ownership::Operation permission;
  OwnerOf owner;
  InterfaceSet interfaces;
  // The guide's "Use of management functions" event the operation records, if any.
  std::optional<security::audit::EventKind> audit;
  std::string_view summary;  // one line for people (mfpctl's help, a page's title)
};

}  // namespace mfp::pipeline::device
