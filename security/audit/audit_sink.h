#pragma once
// AuditSink: where audit events go. Implementations must be thread-safe and never throw; a
// sink that cannot record an event must say so in its own status, not drop it silently.

#include "security/audit/audit_event.h"

namespace mfp::security::audit {

class AuditSink {
 public:
  virtual ~AuditSink() = default;
  virtual void record(AuditEvent event) noexcept = 0;
};

}  // namespace mfp::security::audit
