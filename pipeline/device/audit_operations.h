#pragma once
// AuditOperations: the audit log as device-service operations (the newest records; the export
// in the guide's format). Administrators only, as AccessPolicy says. Enabling and disabling the
// log is the "Audit Log" setting (SettingOperations), audited there as Audit Log
// Enable/Disable.
//
// Errors: permission_denied; the log's own (e.g. integrity failures) as the log reports them.
// Borrows the core, which must outlive it.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/device/caller.h"
#include "pipeline/device/device_core.h"
#include "security/audit/audit_export.h"
#include "security/audit/stored_event.h"

namespace mfp::pipeline::device {

class AuditOperations {
 public:
  explicit AuditOperations(DeviceCore& core) : core_(core) {}

  // The newest `last` records, oldest first.
  [[nodiscard]] Result<std::vector<security::audit::StoredEvent>> list(const Caller& caller,
                                                                       std::size_t last);
  // Every record in the guide's export format (version 3, tab-separated). The header carries
  // `device_address` (the address the caller reached the device at) and the device's Time
  // Zone and Date Format settings, which also date the records.
  [[nodiscard]] Result<std::string> export_log(const Caller& caller,
                                               std::string_view device_address);

 private:
  DeviceCore& core_;
  security::ownership::AccessPolicy policy_;
};

}  // namespace mfp::pipeline::device
