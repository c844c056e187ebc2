#include "frontends/http/connection_limiter.h"

namespace mfp::frontends::http {

ConnectionSlot::~ConnectionSlot() {
  if (limiter_ != nullptr) limiter_->release(source_);
}

std::optional<ConnectionSlot> ConnectionLimiter::try_acquire(const std::string& source) {
  std::lock_guard lock(mu_);
  if (total_ >= max_total_) return std::nullopt;
  std::size_t& from = per_source_[source];
  if (from >= max_per_source_) {
    if (from == 0) per_source_.erase(source);
    return std::nullopt;
  }
  ++from;
  ++total_;
  return ConnectionSlot(this, source);
}

std::size_t ConnectionLimiter::open() const {
  std::lock_guard lock(mu_);
  return total_;
}

std::size_t ConnectionLimiter::open_from(const std::string& source) const {
  std::lock_guard lock(mu_);
  auto it = per_source_.find(source);
  return it == per_source_.end() ? 0 : it->second;
}

void ConnectionLimiter::release(const std::string& source) noexcept {
  std::lock_guard lock(mu_);
  auto it = per_source_.find(source);
  if (it != per_source_.end() && --it->second == 0) per_source_.erase(it);
  if (total_ > 0) --total_;
}

}  // namespace mfp::frontends::http
