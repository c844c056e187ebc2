#include "pipeline/device/maintenance_operations.h"

#include "pipeline/device/authorize.h"

namespace mfp::pipeline::device {

Status MaintenanceOperations::restart(const Caller& caller) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::restart));
  if (!hooks_.restart) return make_error(StatusCode::unsupported, "this device cannot restart");
  hooks_.restart();
  return Status::ok();
}

Result<security::crypto::SecureBytes> MaintenanceOperations::factory_reset(const Caller& caller) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::factory_reset));
  if (hooks_.pause) hooks_.pause();
  if (Status s = core_.factory_reset(caller.subject); !s.is_ok()) {
    if (hooks_.stop) hooks_.stop();
    return s;
  }
  if (after_reset_) after_reset_();
  if (hooks_.resume) hooks_.resume();
  return core_.take_initial_password();
}

}  // namespace mfp::pipeline::device
