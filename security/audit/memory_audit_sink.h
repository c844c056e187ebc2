#pragma once
// MemoryAuditSink: a bounded in-memory audit trail (oldest overwritten), for tools and tests
// until the durable log exists.

#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

#include "security/audit/audit_sink.h"

namespace mfp::security::audit {

class MemoryAuditSink final : public AuditSink {
 public:
  // The guide's log keeps 15,000 events.
  explicit MemoryAuditSink(std::size_t capacity = 15000) : capacity_(capacity) {}
  void record(AuditEvent event) noexcept override;
  // A copy of the events kept, oldest first.
  [[nodiscard]] std::vector<AuditEvent> events() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::deque<AuditEvent> events_;
};

}  // namespace mfp::security::audit
