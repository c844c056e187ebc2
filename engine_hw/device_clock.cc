#include "engine_hw/device_clock.h"

#include <array>
#include <utility>

namespace mfp::engine_hw {
namespace {

using pipeline::make_error;
using pipeline::StatusCode;

constexpr std::size_t kBytes = 8;

std::array<std::uint8_t, kBytes> encode(std::int64_t v) noexcept {
  const auto u = static_cast<std::uint64_t>(v);
  std::array<std::uint8_t, kBytes> out{};
  for (std::size_t i = 0; i < kBytes; ++i) out[i] = static_cast<std::uint8_t>(u >> (8 * i));
  return out;
}

std::int64_t decode(const std::vector<std::uint8_t>& bytes) noexcept {
  std::uint64_t u = 0;
  for (std::size_t i = 0; i < kBytes; ++i) u |= std::uint64_t{bytes[i]} << (8 * i);
  return static_cast<std::int64_t>(u);
}

}  // namespace

pipeline::Result<std::shared_ptr<DeviceClock>> DeviceClock::open(
    std::shared_ptr<Clock> base, std::shared_ptr<Nvram> nvram) noexcept {
  if (!base || !nvram) {
    return make_error(StatusCode::invalid_argument, "device clock: needs a base clock and NVRAM");
  }
  auto stored = nvram->read(kSlot);
  if (!stored) return stored.status();
  std::int64_t ns = 0;
  if (stored.value()) {
    if (stored.value()->size() != kBytes) {
      return make_error(StatusCode::integrity_error,
                        "device clock: the stored time offset is malformed");
    }
    ns = decode(*stored.value());
  }
  try {
    return std::make_shared<DeviceClock>(Key{}, std::move(base), std::move(nvram), ns);
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "device clock: out of memory");
  }
}

Clock::WallTime DeviceClock::wall_now() const noexcept {
  return base_->wall_now() + std::chrono::duration_cast<WallTime::duration>(offset());
}

pipeline::Status DeviceClock::set_wall_time(WallTime t) noexcept {
  std::lock_guard lock(write_mu_);
  const auto base_now = base_->wall_now();
  const std::int64_t ns = std::chrono::duration_cast<Duration>(t - base_now).count();
  const auto bytes = encode(ns);
  if (auto st = nvram_->write(kSlot, bytes); !st.is_ok()) return st;
  offset_ns_.store(ns, std::memory_order_release);
  return pipeline::Status::ok();
}

}  // namespace mfp::engine_hw
