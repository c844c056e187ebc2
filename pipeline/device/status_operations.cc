#include "pipeline/device/status_operations.h"

#include "pipeline/device/authorize.h"
#include "pipeline/device/software_version.h"

namespace mfp::pipeline::device {

Result<DeviceStatus> StatusOperations::status(const Caller& caller) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::device_status));
  auto& engine = core_.engine();
  DeviceStatus s;
  s.model = engine.model();
  s.software_version = std::string(software_version());
  s.clock = core_.clock().wall_now();
  s.engine = engine.status();
  s.trays = engine.trays();
  s.toner = engine.toner();
  s.counters = engine.counters();
  // The device's own count, not the caller's view: every unfinished job counts.
  const auto counts = core_.jobs().counts();
  s.jobs_held = counts.held;
  s.jobs_active = counts.other;
  s.overwrite_pending = core_.security().eraser().pending();
  s.settings_deviations = core_.security().settings().conformance().size();
  s.faults = core_.faults().active();
  s.scanner_installed = core_.scanner() != nullptr;
  s.fax_lines = core_.fax_lines().size();
  return s;
}

}  // namespace mfp::pipeline::device
