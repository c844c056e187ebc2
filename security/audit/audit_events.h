#pragma once
// Builders for every catalog event (audit_catalog.h), so producers never spell an event name,
// description, status or ID themselves: `audit_log.record(events::job_completed(type, user,
// events::JobOutcome::completed, job_name))`. Each returns a complete AuditEvent stamped with
// the current time; they only allocate (std::bad_alloc is the only exception they can throw).
// An empty user becomes "-" (the guide's "user ID unknown"); empty optional items are left out.

#include <string>

#include "pipeline/job_options.h"
#include "security/audit/audit_catalog.h"
#include "security/audit/audit_event.h"

namespace mfp::security::audit::events {

enum class BootKind : std::uint8_t { cold, warm };
enum class JobOutcome : std::uint8_t { completed, canceled_by_user, aborted };
// Where a login was attempted. `web` covers CentreWare Internet Services and the Audit Server
// (which logs in through it); a failed Printer Driver authentication is, per the guide, logged
// as "Job Status / Print / Aborted".
enum class LoginInterface : std::uint8_t { control_panel, web, printer_driver };
enum class LoginFailure : std::uint8_t { invalid_user_id, invalid_password };

// The event of catalog row `kind`, by `user`, with `items`.
[[nodiscard]] AuditEvent make(EventKind kind, std::string user = "-",
                              std::vector<std::pair<std::string, std::string>> items = {});

// System Status: Started normally (cold boot / warm boot).
[[nodiscard]] AuditEvent system_started(BootKind boot);
// System Status: Shutdown requested.
[[nodiscard]] AuditEvent shutdown_requested(std::string user = "-");

// Login/Logout: Login: Failed (Invalid UserID | Invalid Password), with an "Interface" item; or
// Job Status: Print: Aborted for the Printer Driver (with "Interface" and "Reason" items).
// `user` is the user ID that was tried.
[[nodiscard]] AuditEvent login_failed(LoginInterface where, LoginFailure why, std::string user);

// Job Status: <job type>: Completed | Canceled by User | Aborted, with a "Job Name" item.
// Fax send and receive are both "Fax".
[[nodiscard]] AuditEvent job_completed(pipeline::JobType type, std::string user, JobOutcome status,
                                       std::string job_name);
// The catalog row of a job type and outcome.
[[nodiscard]] EventKind job_event_kind(pipeline::JobType type, JobOutcome status) noexcept;

// Device Settings (all "Successful"). `setting`, `mode`, `target_user` and `interface` (the
// guide's name of the interface used, e.g. "Control Panel") become items.
[[nodiscard]] AuditEvent security_setting_viewed(std::string user, std::string interface = {});
[[nodiscard]] AuditEvent security_setting_changed(std::string user, std::string setting,
                                                  std::string interface = {});
[[nodiscard]] AuditEvent authentication_mode_switched(std::string user, std::string mode);
[[nodiscard]] AuditEvent user_added(std::string user, std::string target_user,
                                    std::string interface = {});
[[nodiscard]] AuditEvent user_edited(std::string user, std::string target_user,
                                     std::string interface = {});
[[nodiscard]] AuditEvent user_deleted(std::string user, std::string target_user,
                                      std::string interface = {});
// Adjust Time: `time` (the new calendar time, UTC, ISO 8601) and `interface` become items.
[[nodiscard]] AuditEvent time_adjusted(std::string user, std::string time = {},
                                       std::string interface = {});

// Device Config: Software: Updated, with a "Version" item.
[[nodiscard]] AuditEvent software_updated(std::string user, std::string version);

// Audit Policy: Audit Log: Enable | Disable.
[[nodiscard]] AuditEvent audit_log_switched(std::string user, bool enabled);

// Communication: Trusted Communication: Failed, with "Protocol", "Destination" and "Reason"
// items (each left out when empty).
[[nodiscard]] AuditEvent trusted_communication_failed(std::string protocol, std::string destination,
                                                      std::string reason, std::string user = "-");

// Audit Log: Integrity Check: Failed, with a "Reason" item (slot/sequence numbers only).
[[nodiscard]] AuditEvent audit_log_integrity_failure(std::string reason);
// Audit Log: Record: Lost: the stand-in sealed where a record was found damaged or missing.
[[nodiscard]] AuditEvent audit_log_record_lost(std::string reason);

// Storage: Overwrite Storage: Completed | Failed, with a "Target" item (what was overwritten,
// e.g. "Job 42") and, on failure, a "Reason" item.
// A sealed object failed authentication (tampered, moved, truncated or swapped): `target` names
// it by kind and random id, `reason` by the store's message (no user data).
[[nodiscard]] AuditEvent stored_data_integrity_failure(std::string target, std::string reason);
[[nodiscard]] AuditEvent overwrite_storage(bool completed, std::string target,
                                           std::string reason = {});

// Job Operation: Private Charge Print: Held | Released, with "Job ID" and "Job Name" items.
[[nodiscard]] AuditEvent private_print_held(std::string user, std::uint64_t job_id,
                                            std::string job_name);
[[nodiscard]] AuditEvent private_print_released(std::string user, std::uint64_t job_id,
                                                std::string job_name);
// Job Operation: Job Operation: Refused, with "Operation", "Job ID" and "Reason" items (the
// policy's reason, never another user's data).
[[nodiscard]] AuditEvent job_operation_refused(std::string user, std::string operation,
                                               std::uint64_t job_id, std::string reason);
// A PJL command dropped from a print stream: its keyword only (arguments can hold host paths),
// the protocol and the peer.
[[nodiscard]] AuditEvent pjl_command_refused(std::string keyword, std::string protocol,
                                             std::string peer);
// Data on the raw print port that is not print data (an HTTP request: cross-site printing).
[[nodiscard]] AuditEvent raw_data_refused(std::string peer, std::string reason);

}  // namespace mfp::security::audit::events
