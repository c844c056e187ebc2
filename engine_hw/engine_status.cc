#include "engine_hw/engine_status.h"

#include <algorithm>

namespace mfp::engine_hw {

std::string_view to_string(PrinterState s) noexcept {
  switch (s) {
    case PrinterState::idle:
      return "idle";
    case PrinterState::processing:
      return "processing";
    case PrinterState::stopped:
      return "stopped";
  }
  return "unknown";
}

std::string_view to_string(StateReason r) noexcept {
  switch (r) {
    case StateReason::none:
      return "none";
    case StateReason::media_empty:
      return "media-empty";
    case StateReason::media_needed:
      return "media-needed";
    case StateReason::media_low:
      return "media-low";
    case StateReason::media_jam:
      return "media-jam";
    case StateReason::toner_low:
      return "toner-low";
    case StateReason::toner_empty:
      return "toner-empty";
    case StateReason::door_open:
      return "door-open";
    case StateReason::cover_open:
      return "cover-open";
  }
  return "none";
}

ReasonSeverity severity_of(StateReason r) noexcept {
  switch (r) {
    case StateReason::media_jam:
    case StateReason::media_needed:
    case StateReason::toner_empty:
    case StateReason::door_open:
    case StateReason::cover_open:
      return ReasonSeverity::error;
    case StateReason::media_empty:
      return ReasonSeverity::warning;
    case StateReason::none:
    case StateReason::media_low:
    case StateReason::toner_low:
      return ReasonSeverity::report;
  }
  return ReasonSeverity::report;
}

bool EngineStatus::has(StateReason r) const noexcept {
  return std::find(reasons.begin(), reasons.end(), r) != reasons.end();
}

std::vector<std::string> EngineStatus::keywords() const {
  std::vector<std::string> out;
  for (StateReason r : reasons) {
    if (r == StateReason::none) continue;
    std::string k(to_string(r));
    switch (severity_of(r)) {
      case ReasonSeverity::error:
        k += "-error";
        break;
      case ReasonSeverity::warning:
        k += "-warning";
        break;
      case ReasonSeverity::report:
        k += "-report";
        break;
    }
    out.push_back(std::move(k));
  }
  if (out.empty()) out.emplace_back("none");
  return out;
}

}  // namespace mfp::engine_hw
