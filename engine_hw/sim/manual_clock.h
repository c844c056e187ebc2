#pragma once
// ManualClock: simulated time for tests and simulations. Sleeping advances the clock instead of
// waiting, so nothing that runs on it ever sleeps for real.

#include <atomic>
#include <cstdint>

#include "engine_hw/clock.h"

namespace mfp::engine_hw::sim {

// Monotonic time starts at the epoch of Clock::TimePoint and moves only through sleep_until(),
// sleep_for() and advance(). Calendar time is `wall_start` plus the monotonic time elapsed.
// Thread-safe (concurrent sleepers each move the clock to at least their own deadline); never
// fails, never throws.
class ManualClock final : public Clock {
 public:
  // 2021-01-22T00:00:00Z, the date of the security guide this device follows.
  static constexpr std::chrono::seconds kDefaultWallStart{1'611'273'600};

  explicit ManualClock(WallTime wall_start = WallTime{kDefaultWallStart}) noexcept;

  [[nodiscard]] TimePoint now() const noexcept override;
  [[nodiscard]] WallTime wall_now() const noexcept override;
  // Moves the clock forward to `t` if `t` is later than now(); returns at once.
  void sleep_until(TimePoint t) noexcept override;
  // Moves the clock forward by `d` (ignored if negative).
  void advance(Duration d) noexcept;
  // How many times sleep_until() moved the clock forward (tests check "never waited").
  [[nodiscard]] std::uint64_t sleeps() const noexcept { return sleeps_.load(); }

 private:
  WallTime wall_start_;
  std::atomic<std::int64_t> now_ns_{0};
  std::atomic<std::uint64_t> sleeps_{0};
};

}  // namespace mfp::engine_hw::sim
