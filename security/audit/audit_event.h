#pragma once
// AuditEvent: one entry of the guide's audit log (appendix "Audit Log"): who did what, when,
// and how it ended. Producers build it with the helpers in audit_events.h (which take every
// string and ID from the one table, audit_catalog.h); the durable log is audit_log.h.

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mfp::security::audit {

// The guide's "Audit Event ID" (hex in the export). Any 16-bit value may be held: the specific
// IDs are the catalog's (audit_catalog.h, 0xCCNN with C the category below). The named values
// are the categories, kept for producers that predate the catalog; AuditLog gives an event that
// carries one its catalog ID when the strings match a catalog row.
enum class AuditEventId : std::uint16_t {
  system_status = 0x0001,    // Started normally (cold/warm boot), Shutdown requested
  login_logout = 0x0002,     // Login failures per interface
  job_status = 0x0003,       // Job completion per job type
  device_settings = 0x0004,  // management functions, user and role changes, time changes
  device_config = 0x0005,    // software update
  audit_policy = 0x0006,     // audit log enable/disable
  communication = 0x0007,    // trusted channel failures
};

struct AuditEvent {
  AuditEventId id = AuditEventId::job_status;
  std::chrono::system_clock::time_point time = std::chrono::system_clock::now();
  std::string name;         // "Job Status"
  std::string user = "-";   // "KO", "CE", a user ID, or "-"
  std::string description;  // "Print"
  std::string status;       // "Completed", "Canceled by User", "Aborted", ...
  std::vector<std::pair<std::string, std::string>> items;  // optional items (job name, pages)
};

}  // namespace mfp::security::audit
