#pragma once
// ObjectKind: the kinds of object the access policy protects.

#include <array>
#include <cstdint>
#include <string_view>

namespace mfp::security::ownership {

enum class ObjectKind : std::uint8_t {
  job,           // a print, copy, scan or fax job (owner: who submitted or started it)
  document,      // a job's stored data: print data, scanned or fax-send images
  page_store,    // a job's rendered pages (owner: the job's owner)
  folder,        // a "Send from Folder" folder (owner: who created it)
  folder_file,   // a file stored in a folder: scan to folder, received fax (owner: the
                 // FOLDER's owner, whoever produced the file)
  user_account,  // a local user account (owner: the account's own user id)
  setting,       // a device setting (no owner)
  audit_log,     // the audit log (no owner)
  device,        // the device itself: status, maintenance (no owner)
  certificate,   // the device certificate and the trusted CA certificates (no owner)
};

inline constexpr std::array<ObjectKind, 10> kAllObjectKinds = {
    ObjectKind::job,        ObjectKind::document,    ObjectKind::page_store,
    ObjectKind::folder,     ObjectKind::folder_file, ObjectKind::user_account,
    ObjectKind::setting,    ObjectKind::audit_log,   ObjectKind::device,
    ObjectKind::certificate};

[[nodiscard]] constexpr std::string_view to_string(ObjectKind kind) noexcept {
  switch (kind) {
    case ObjectKind::job:
      return "job";
    case ObjectKind::document:
      return "document";
    case ObjectKind::page_store:
      return "page_store";
    case ObjectKind::folder:
      return "folder";
    case ObjectKind::folder_file:
      return "folder_file";
    case ObjectKind::user_account:
      return "user_account";
    case ObjectKind::setting:
      return "setting";
    case ObjectKind::audit_log:
      return "audit_log";
    case ObjectKind::device:
      return "device";
    case ObjectKind::certificate:
      return "certificate";
  }
  return "unknown";
}

}  // namespace mfp::security::ownership
