#pragma once
// SystemClock: the Clock of the real device, reading the operating system's clocks.

#include "engine_hw/clock.h"

namespace mfp::engine_hw {

// now() is std::chrono::steady_clock, wall_now() is std::chrono::system_clock, and
// sleep_until() blocks the calling thread. Stateless and thread-safe; never throws.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] TimePoint now() const noexcept override;
  [[nodiscard]] WallTime wall_now() const noexcept override;
  void sleep_until(TimePoint t) noexcept override;
};

}  // namespace mfp::engine_hw
