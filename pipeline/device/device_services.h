#pragma once
// DeviceServices: the device's management functions, one typed operation each, grouped by
// what they manage. Every front end (mfpctl's socket, the browser, the panel, IPP) calls these
// with its Caller; none reaches into the core's internal services. The operation table
// (operation_table.h) lists them as data.
//
// Thread-safe as the operations are. Borrows the core, which must outlive it.

#include "pipeline/device/audit_operations.h"
#include "pipeline/device/certificate_operations.h"
#include "pipeline/device/device_core.h"
#include "pipeline/device/folder_operations.h"
#include "pipeline/device/job_operations.h"
#include "pipeline/device/maintenance_operations.h"
#include "pipeline/device/protocol_support.h"
#include "pipeline/device/setting_operations.h"
#include "pipeline/device/status_operations.h"
#include "pipeline/device/time_operations.h"
#include "pipeline/device/user_operations.h"

namespace mfp::pipeline::device {

class DeviceServices {
 public:
  explicit DeviceServices(DeviceCore& core)
      : users_(core),
        settings_(core),
        jobs_(core),
        folders_(core),
        certificates_(core),
        audit_(core),
        status_(core),
        time_(core),
        maintenance_(core, [this] { certificates_.discard_request(); }),
        protocol_(core) {}
  DeviceServices(const DeviceServices&) = delete;
  DeviceServices& operator=(const DeviceServices&) = delete;

  [[nodiscard]] UserOperations& users() noexcept { return users_; }
  [[nodiscard]] SettingOperations& settings() noexcept { return settings_; }
  [[nodiscard]] JobOperations& jobs() noexcept { return jobs_; }
  [[nodiscard]] FolderOperations& folders() noexcept { return folders_; }
  [[nodiscard]] CertificateOperations& certificates() noexcept { return certificates_; }
  [[nodiscard]] AuditOperations& audit() noexcept { return audit_; }
  [[nodiscard]] StatusOperations& status() noexcept { return status_; }
  [[nodiscard]] TimeOperations& time() noexcept { return time_; }
  [[nodiscard]] MaintenanceOperations& maintenance() noexcept { return maintenance_; }
  [[nodiscard]] const ProtocolSupport& protocol() const noexcept { return protocol_; }

 private:
  UserOperations users_;
  SettingOperations settings_;
  JobOperations jobs_;
  FolderOperations folders_;
  CertificateOperations certificates_;
  AuditOperations audit_;
  StatusOperations status_;
  TimeOperations time_;
  MaintenanceOperations maintenance_;
  ProtocolSupport protocol_;
};

}  // namespace mfp::pipeline::device
