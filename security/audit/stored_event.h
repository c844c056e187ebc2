#pragma once
// StoredEvent: an audit event as the log keeps it: its sequence number and the guide's Log ID
// (1..60000, assigned in order, wrapping back to 1 after 60000) beside the event itself.

#include <cstdint>

#include "security/audit/audit_event.h"

namespace mfp::security::audit {

// Log IDs run 1..kLogIdModulus.
inline constexpr std::uint64_t kLogIdModulus = 60000;

// The Log ID of sequence number `sequence` (sequences start at 1 and never repeat):
// ((sequence - 1) mod 60000) + 1, so sequence 60000 is Log ID 60000 and 60001 is Log ID 1.
[[nodiscard]] constexpr std::uint16_t log_id_for(std::uint64_t sequence) noexcept {
  return static_cast<std::uint16_t>((sequence + kLogIdModulus - 1) % kLogIdModulus + 1);
}

struct StoredEvent {
  std::uint64_t sequence = 0;  // position in the log; 0 when read back from an export
  std::uint16_t log_id = 0;    // log_id_for(sequence), or the exported Log ID
  AuditEvent event;
};

}  // namespace mfp::security::audit
