#include "engine_hw/system_clock.h"

#include <thread>

namespace mfp::engine_hw {

Clock::TimePoint SystemClock::now() const noexcept {
  return std::chrono::time_point_cast<Duration>(std::chrono::steady_clock::now());
}

Clock::WallTime SystemClock::wall_now() const noexcept {
  return std::chrono::system_clock::now();
}

void SystemClock::sleep_until(TimePoint t) noexcept {
  try {
    std::this_thread::sleep_until(t);
  } catch (...) {
    // sleep_until only throws on clock errors, which steady_clock does not have; returning
    // early is the safe failure (callers re-read now()).
  }
}

}  // namespace mfp::engine_hw
