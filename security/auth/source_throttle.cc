#include "security/auth/source_throttle.h"

#include "security/auth/source_key.h"

namespace mfp::security::auth {

bool SourceThrottle::blocked(std::string_view source, engine_hw::Clock::TimePoint now) const {
  auto it = sources_.find(source_key(source));
  return it != sources_.end() && now < it->second.blocked_until;
}

void SourceThrottle::make_room(engine_hw::Clock::TimePoint now) {
  if (sources_.size() < options_.max_sources) return;
  for (auto it = sources_.begin(); it != sources_.end();) {
    const bool idle =
        now >= it->second.blocked_until && now - it->second.window_start >= options_.window;
    it = idle ? sources_.erase(it) : std::next(it);
  }
  while (sources_.size() >= options_.max_sources) {
    auto oldest = sources_.begin();
    for (auto it = sources_.begin(); it != sources_.end(); ++it) {
      if (it->second.window_start < oldest->second.window_start) oldest = it;
    }
    sources_.erase(oldest);
  }
}

bool SourceThrottle::record_failure(std::string_view source, engine_hw::Clock::TimePoint now) {
  std::string key = source_key(source);
  auto it = sources_.find(key);
  if (it == sources_.end()) {
    make_room(now);
    it = sources_.emplace(std::move(key), Entry{now, {}, 0}).first;
  }
  Entry& e = it->second;
  if (now - e.window_start >= options_.window) {
    e.window_start = now;
    e.failures = 0;
  }
  ++e.failures;
  if (e.failures >= options_.max_failures) {
    e.blocked_until = now + options_.block;
    e.failures = 0;
    e.window_start = now;
    return true;
  }
  return false;
}

}  // namespace mfp::security::auth
