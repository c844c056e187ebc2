#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "engine_hw/sim/manual_clock.h"
#include "engine_hw/system_clock.h"

namespace mfp::engine_hw {
namespace {

using namespace std::chrono_literals;

TEST(ManualClock, SleepingAdvancesTimeAndNeverGoesBack) {
  sim::ManualClock clock;
  const auto t0 = clock.now();
  const auto w0 = clock.wall_now();
  clock.sleep_for(5s);
  EXPECT_EQ(clock.now() - t0, 5s);
  clock.sleep_until(t0 + 2s);  // in the past: no change
  EXPECT_EQ(clock.now() - t0, 5s);
  clock.advance(1500ms);
  clock.advance(-10s);  // ignored
  EXPECT_EQ(clock.now() - t0, 6500ms);
  EXPECT_EQ(clock.wall_now() - w0, 6500ms);
  EXPECT_EQ(clock.sleeps(), 1u);
  EXPECT_EQ(sim::ManualClock().wall_now().time_since_epoch(), sim::ManualClock::kDefaultWallStart);
}

TEST(ManualClock, ConcurrentSleepersEndAtTheLatestDeadline) {
  sim::ManualClock clock;
  const auto t0 = clock.now();
  std::vector<std::thread> threads;
  for (int i = 1; i <= 8; ++i) {
    threads.emplace_back([&clock, t0, i] { clock.sleep_until(t0 + i * 1s); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(clock.now() - t0, 8s);
}

TEST(SystemClock, ReadsTimeWithoutSleeping) {
  SystemClock clock;
  const auto a = clock.now();
  clock.sleep_until(a - 1s);  // past: returns at once
  clock.sleep_for(0s);
  EXPECT_GE(clock.now(), a);
  EXPECT_GT(clock.wall_now().time_since_epoch().count(), 0);
}

}  // namespace
}  // namespace mfp::engine_hw
