#include "security/audit/memory_audit_sink.h"

namespace mfp::security::audit {

void MemoryAuditSink::record(AuditEvent event) noexcept {
  try {
    std::lock_guard lock(mu_);
    if (capacity_ == 0) return;
    while (events_.size() >= capacity_) events_.pop_front();
    events_.push_back(std::move(event));
  } catch (...) {
    // Allocation failure: the in-memory trail is best effort; the durable log is not.
  }
}

std::vector<AuditEvent> MemoryAuditSink::events() const {
  std::lock_guard lock(mu_);
  return {events_.begin(), events_.end()};
}

}  // namespace mfp::security::audit
