#pragma once
// Clock: the device's time source. Simulated hardware paces itself by it, and tests drive it.

#include <chrono>

namespace mfp::engine_hw {

// Reads monotonic and calendar time and waits on monotonic time. Implementations are
// thread-safe, never fail and never throw. SystemClock is real time; sim::ManualClock is
// simulated time that advances when slept on, so tests never wait for real.
class Clock {
 public:
  using Duration = std::chrono::nanoseconds;
  using TimePoint = std::chrono::time_point<std::chrono::steady_clock, Duration>;
  using WallTime = std::chrono::system_clock::time_point;

  virtual ~Clock() = default;

  // Monotonic time, for pacing and timeouts. Never goes backwards.
  [[nodiscard]] virtual TimePoint now() const noexcept = 0;
  // Calendar time, for timestamps people read (audit log, job history, output records).
  [[nodiscard]] virtual WallTime wall_now() const noexcept = 0;
  // Returns once now() >= t; at once if t is not in the future.
  virtual void sleep_until(TimePoint t) noexcept = 0;
  // sleep_until(now() + d).
  void sleep_for(Duration d) noexcept { sleep_until(now() + d); }
};

}  // namespace mfp::engine_hw
