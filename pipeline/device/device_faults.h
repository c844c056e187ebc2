#pragma once
// DeviceFaults: the faults the device has raised and not cleared, as the guide's fault codes
// (fault_code.h), for the device status (the panel, the browser's Home page, mfpctl status).
// A fault raised again counts up instead of repeating. They live in memory: a restart clears
// them, which is the remedy the guide gives for a software error.
//
// Thread-safe; never throws but bad_alloc.

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "engine_hw/clock.h"
#include "pipeline/device/fault_code.h"

namespace mfp::pipeline::device {

class DeviceFaults {
 public:
  explicit DeviceFaults(const engine_hw::Clock& clock) : clock_(clock) {}

  // Raises `code` (a fault_codes() row; a code the device does not know is ignored) with what
  // caused it. Returns true when it was not raised yet.
  bool raise(std::string_view code, std::string detail);
  // Clears `code`; false when it was not raised.
  bool clear(std::string_view code);
  // The raised faults, oldest first.
  [[nodiscard]] std::vector<ActiveFault> active() const;

 private:
  const engine_hw::Clock& clock_;
  mutable std::mutex mu_;
  std::vector<ActiveFault> faults_;
};

}  // namespace mfp::pipeline::device
