#pragma once
// StatusOperations: the device's status as a device-service operation (DeviceStatus), for
// every role AccessPolicy lets view the device. Errors: permission_denied. Borrows the core,
// which must outlive it.

#include "pipeline/device/caller.h"
#include "pipeline/device/device_core.h"
#include "pipeline/device/device_status.h"

namespace mfp::pipeline::device {

class StatusOperations {
 public:
  explicit StatusOperations(DeviceCore& core) : core_(core) {}

  [[nodiscard]] Result<DeviceStatus> status(const Caller& caller);

 private:
  DeviceCore& core_;
  security::ownership::AccessPolicy policy_;
};

}  // namespace mfp::pipeline::device
