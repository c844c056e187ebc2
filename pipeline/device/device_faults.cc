#include "pipeline/device/device_faults.h"

#include <algorithm>

namespace mfp::pipeline::device {

bool DeviceFaults::raise(std::string_view code, std::string detail) {
  const FaultCode* row = find_fault_code(code);
  if (row == nullptr) return false;
  std::lock_guard lock(mu_);
  for (ActiveFault& f : faults_) {
    if (f.code == row) {
      ++f.count;
      f.detail = std::move(detail);
      return false;
    }
  }
  faults_.push_back(ActiveFault{row, std::move(detail), clock_.wall_now(), 1});
  return true;
}

bool DeviceFaults::clear(std::string_view code) {
  std::lock_guard lock(mu_);
  const auto n = std::erase_if(faults_, [&](const ActiveFault& f) { return f.code->code == code; });
  return n > 0;
}

std::vector<ActiveFault> DeviceFaults::active() const {
  std::lock_guard lock(mu_);
  return faults_;
}

}  // namespace mfp::pipeline::device
