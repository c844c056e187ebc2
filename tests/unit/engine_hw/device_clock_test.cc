// DeviceClock: the calendar offset an administrator sets is kept in NVRAM and survives a
// reopen; monotonic time is never adjusted; a malformed slot or a failed write changes nothing.

#include "engine_hw/device_clock.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine_hw/sim/manual_clock.h"

namespace mfp::engine_hw {
namespace {

using namespace std::chrono_literals;

// An NVRAM in memory whose writes can be made to fail.
class MemoryNvram final : public Nvram {
 public:
  pipeline::Result<std::optional<std::vector<std::uint8_t>>> read(
      std::string_view slot) noexcept override {
    auto it = slots_.find(std::string(slot));
    if (it == slots_.end()) return std::optional<std::vector<std::uint8_t>>{};
    return std::optional<std::vector<std::uint8_t>>{it->second};
  }
  pipeline::Status write(std::string_view slot,
                         std::span<const std::uint8_t> bytes) noexcept override {
    if (fail_writes) return pipeline::Status(pipeline::StatusCode::io_error, "write failed");
    slots_[std::string(slot)].assign(bytes.begin(), bytes.end());
    return pipeline::Status::ok();
  }
  pipeline::Status erase(std::string_view slot) noexcept override {
    slots_.erase(std::string(slot));
    return pipeline::Status::ok();
  }
  bool fail_writes = false;

 private:
  std::map<std::string, std::vector<std::uint8_t>> slots_;
};

TEST(DeviceClock, WithoutAStoredOffsetItIsTheBaseClock) {
  auto base = std::make_shared<sim::ManualClock>();
  auto clock = DeviceClock::open(base, std::make_shared<MemoryNvram>());
  ASSERT_TRUE(clock.is_ok()) << clock.status().message();
  EXPECT_EQ(clock.value()->wall_now(), base->wall_now());
  EXPECT_EQ(clock.value()->offset(), Clock::Duration::zero());
}

TEST(DeviceClock, SetTimeMovesCalendarTimeOnlyAndSurvivesAReopen) {
  auto base = std::make_shared<sim::ManualClock>();
  auto nvram = std::make_shared<MemoryNvram>();
  auto clock = DeviceClock::open(base, nvram).value();
  const auto monotonic = clock->now();
  const auto target = base->wall_now() - 36h;  // set back a day and a half
  ASSERT_TRUE(clock->set_wall_time(target).is_ok());
  EXPECT_EQ(clock->wall_now(), target);
  EXPECT_EQ(clock->now(), monotonic);  // pacing and timeouts do not jump
  base->advance(5s);
  EXPECT_EQ(clock->wall_now(), target + 5s);  // and it keeps running

  auto reopened = DeviceClock::open(base, nvram).value();
  EXPECT_EQ(reopened->wall_now(), target + 5s);
  EXPECT_EQ(reopened->offset(), -36h);
}

TEST(DeviceClock, AFailedWriteChangesNothing) {
  auto base = std::make_shared<sim::ManualClock>();
  auto nvram = std::make_shared<MemoryNvram>();
  auto clock = DeviceClock::open(base, nvram).value();
  nvram->fail_writes = true;
  EXPECT_EQ(clock->set_wall_time(base->wall_now() + 1h).code(), pipeline::StatusCode::io_error);
  EXPECT_EQ(clock->wall_now(), base->wall_now());
}

TEST(DeviceClock, AMalformedSlotIsRefusedAndNothingIsGuessed) {
  auto nvram = std::make_shared<MemoryNvram>();
  const std::vector<std::uint8_t> short_slot{1, 2, 3};
  ASSERT_TRUE(nvram->write(DeviceClock::kSlot, short_slot).is_ok());
  EXPECT_EQ(DeviceClock::open(std::make_shared<sim::ManualClock>(), nvram).status().code(),
            pipeline::StatusCode::integrity_error);
  EXPECT_EQ(DeviceClock::open(nullptr, nvram).status().code(),
            pipeline::StatusCode::invalid_argument);
}

}  // namespace
}  // namespace mfp::engine_hw
