#pragma once
// SourceThrottle: per-source-address brake on failed logins. A source that fails
// `max_failures` times within `window` (counted from its first failure in the window) is
// refused for `block` from the last of them, and while blocked its attempts are neither
// checked nor counted against any account, so one address cannot go on spraying passwords or
// locking accounts (it can lock at most max_failures / account-limit accounts per window+block;
// the guide's per-account lockout itself is required and stays). Tracks at most `max_sources`
// addresses: entries idle past window and block are dropped first, then the oldest.
//
// Sources are keyed by source_key(): an IPv6 client counts as its whole /64, so rotating its
// interface identifier does not escape the brake.
//
// A success does not clear a source's failures (a valid account cannot reset its own source).
//
// Never fails. Not thread-safe (Authenticator serializes). Time comes from the caller.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "engine_hw/clock.h"

namespace mfp::security::auth {

struct SourceThrottleOptions {
  std::uint32_t max_failures = 10;
  engine_hw::Clock::Duration window = std::chrono::minutes(1);
  engine_hw::Clock::Duration block = std::chrono::minutes(5);
  std::size_t max_sources = 4096;
};

class SourceThrottle {
 public:
  explicit SourceThrottle(SourceThrottleOptions options = {}) noexcept : options_(options) {}

  // True when `source` is refused at `now`.
  [[nodiscard]] bool blocked(std::string_view source, engine_hw::Clock::TimePoint now) const;
  // Records a failed attempt; true when this failure starts a block.
  bool record_failure(std::string_view source, engine_hw::Clock::TimePoint now);
  // Forget everything (restart).
  void clear() noexcept { sources_.clear(); }
  [[nodiscard]] std::size_t tracked() const noexcept { return sources_.size(); }

 private:
  struct Entry {
    engine_hw::Clock::TimePoint window_start{};
    engine_hw::Clock::TimePoint blocked_until{};
    std::uint32_t failures = 0;
  };
  void make_room(engine_hw::Clock::TimePoint now);

  SourceThrottleOptions options_;
  std::unordered_map<std::string, Entry> sources_;
};

}  // namespace mfp::security::auth
