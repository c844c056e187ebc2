#pragma once
// DeviceClock: the controller's real-time clock: a time source plus the offset an administrator
// set with "Adjust Time", kept in NVRAM so that it survives a restart (a real controller keeps
// its battery-backed clock; ours runs on a host whose clock it must not change).

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "engine_hw/clock.h"
#include "engine_hw/nvram.h"
#include "pipeline/status.h"

namespace mfp::engine_hw {

// now() and sleep_until() are the base clock's (monotonic time is never adjusted, so timeouts
// and pacing do not jump); wall_now() is the base's calendar time plus the offset. Thread-safe;
// never throws. Shares the base clock and the NVRAM it was opened with.
class DeviceClock final : public Clock {
 public:
  // The NVRAM slot holding the offset: 8 bytes, nanoseconds, little-endian two's complement.
  static constexpr const char* kSlot = "rtc-offset";

  // Opens the clock over `base` with the offset stored in `nvram` (none stored: 0).
  // invalid_argument for a null base or NVRAM; the NVRAM's read error; integrity_error for a
  // slot that is not 8 bytes (the clock is not guessed: the caller stops).
  [[nodiscard]] static pipeline::Result<std::shared_ptr<DeviceClock>> open(
      std::shared_ptr<Clock> base, std::shared_ptr<Nvram> nvram) noexcept;

  [[nodiscard]] TimePoint now() const noexcept override { return base_->now(); }
  [[nodiscard]] WallTime wall_now() const noexcept override;
  void sleep_until(TimePoint t) noexcept override { base_->sleep_until(t); }

  // Sets the calendar time to `t` from now on: the new offset is written to NVRAM first and
  // takes effect only once it is stored, so a failed write (its status) changes nothing.
  [[nodiscard]] pipeline::Status set_wall_time(WallTime t) noexcept;
  // How far wall_now() is from the base clock's calendar time.
  [[nodiscard]] Duration offset() const noexcept {
    return Duration{offset_ns_.load(std::memory_order_acquire)};
  }

  // For open() only: make_shared needs a public constructor, and only open() can name Key.
 private:
  struct Key {};

 public:
  DeviceClock(Key /*key*/, std::shared_ptr<Clock> base, std::shared_ptr<Nvram> nvram,
              std::int64_t offset_ns)
      : base_(std::move(base)), nvram_(std::move(nvram)), offset_ns_(offset_ns) {}

 private:
  std::shared_ptr<Clock> base_;
  std::shared_ptr<Nvram> nvram_;
  std::mutex write_mu_;  // serializes set_wall_time(): the stored and effective offset agree
  std::atomic<std::int64_t> offset_ns_;
};

}  // namespace mfp::engine_hw
