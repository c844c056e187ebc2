#include "engine_hw/sim/manual_clock.h"

namespace mfp::engine_hw::sim {

ManualClock::ManualClock(WallTime wall_start) noexcept : wall_start_(wall_start) {}

Clock::TimePoint ManualClock::now() const noexcept {
  return TimePoint{Duration{now_ns_.load()}};
}

Clock::WallTime ManualClock::wall_now() const noexcept {
  return wall_start_ + std::chrono::duration_cast<WallTime::duration>(Duration{now_ns_.load()});
}

void ManualClock::sleep_until(TimePoint t) noexcept {
  const std::int64_t target = t.time_since_epoch().count();
  std::int64_t cur = now_ns_.load();
  while (cur < target) {
    if (now_ns_.compare_exchange_weak(cur, target)) {
      sleeps_.fetch_add(1);
      return;
    }
  }
}

void ManualClock::advance(Duration d) noexcept {
  if (d.count() > 0) now_ns_.fetch_add(d.count());
}

}  // namespace mfp::engine_hw::sim
