#pragma once
// DeviceStatus: what the device reports about itself (the panel's Device screen, the browser's
// Home page, mfpctl status): model, software version, clock, engine state and reasons, trays,
// toner, counters, jobs, pending overwrites, how many settings deviate from the secure
// configuration and the fault codes raised. A plain value, read by StatusOperations.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine_hw/engine_counters.h"
#include "engine_hw/engine_model.h"
#include "engine_hw/engine_status.h"
#include "engine_hw/toner_info.h"
#include "engine_hw/tray_info.h"
#include "pipeline/device/fault_code.h"

namespace mfp::pipeline::device {

struct DeviceStatus {
  engine_hw::EngineModel model;
  std::string software_version;  // OpenMFP's version, "0.1.0"
  std::chrono::system_clock::time_point clock;
  engine_hw::EngineStatus engine;
  std::vector<engine_hw::TrayInfo> trays;
  std::vector<engine_hw::TonerInfo> toner;
  engine_hw::EngineCounters counters;
  std::size_t jobs_active = 0;     // queued or processing
  std::size_t jobs_held = 0;       // pending-held (Private Charge Print, job-hold-until)
  bool overwrite_pending = false;  // an overwrite waits to be run or resumed
  std::size_t settings_deviations = 0;
  std::vector<ActiveFault> faults;  // fault codes raised and not cleared, oldest first
  bool scanner_installed = false;   // the device has a scanner (copy, scan)
  std::size_t fax_lines = 0;        // telephone lines of the fax function
};

}  // namespace mfp::pipeline::device
