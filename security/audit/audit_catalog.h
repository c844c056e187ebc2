#pragma once
// The audit event catalog: the one table of every auditable event the device records (guide,
// "Additional Notes" > "Audit Log", plus OpenMFP's own audit-log and overwrite events), each
// with its stable Audit Event ID and the exact "Logged Events" / "Description" / "Status"
// strings the export shows. Producers use the builders in audit_events.h, which take their
// strings from here; nothing else spells an event. Lookups never fail and never allocate.
//
// ID scheme (the export shows it as 0xHHHH): the high byte is the category, in the guide's
// order, and equals the legacy category value of AuditEventId (System Status 0x01,
// Login/Logout 0x02, Job Status 0x03, Device Settings 0x04, Device Config 0x05, Audit Policy
// 0x06, Communication 0x07) plus OpenMFP's Audit Log 0x08, Storage 0x09 and Job Operation 0x0A
// (Private Charge Print held and released, and job operations refused to a user). Job Status IDs
// are 0x03TS: T = job type (1 Print, 2 Copy, 3 Scan, 4 Fax, 5 Mailbox, 6 Print Reports), S =
// outcome (1 Completed, 2 Canceled by User, 3 Aborted). Login/Logout IDs are 0x02IR: I =
// interface (1 Control Panel, 2 CentreWare Internet Services / Audit Server), R = reason
// (1 Invalid UserID, 2 Invalid Password). IDs are never reused or renumbered.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "security/audit/audit_event.h"

namespace mfp::security::audit {

// Every row of the catalog, in table order.
enum class EventKind : std::uint8_t {
  system_started_cold,
  system_started_warm,
  system_shutdown_requested,
  login_failed_panel_user_id,
  login_failed_panel_password,
  login_failed_web_user_id,
  login_failed_web_password,
  job_print_completed,
  job_print_canceled,
  job_print_aborted,
  job_copy_completed,
  job_copy_canceled,
  job_copy_aborted,
  job_scan_completed,
  job_scan_canceled,
  job_scan_aborted,
  job_fax_completed,
  job_fax_canceled,
  job_fax_aborted,
  job_mailbox_completed,
  job_mailbox_canceled,
  job_mailbox_aborted,
  job_print_reports_completed,
  job_print_reports_canceled,
  job_print_reports_aborted,
  security_setting_viewed,
  security_setting_changed,
  authentication_mode_switched,
  user_added,
  user_edited,
  user_deleted,
  time_adjusted,
  software_updated,
  audit_log_enabled,
  audit_log_disabled,
  trusted_communication_failed,
  audit_log_integrity_failure,
  audit_log_record_lost,
  overwrite_storage_completed,
  overwrite_storage_failed,
  stored_data_integrity_failure,
  private_print_held,
  private_print_released,
  job_operation_refused,
  pjl_command_refused,
  raw_data_refused,
};

inline constexpr std::size_t kEventKindCount =
    static_cast<std::size_t>(EventKind::raw_data_refused) + 1;

struct CatalogEntry {
  EventKind kind;
  std::uint16_t id;                  // Audit Event ID
  std::string_view logged_event;     // "Logged Events" column: "Job Status"
  std::string_view description;      // "Description" column: "Print"
  std::string_view status;           // "Status" column: "Completed"
  std::string_view interface;        // value of the "Interface" item that tells rows apart, or ""
  std::string_view auditable_event;  // the guide's "Auditable event" this row implements
};

// The whole table, indexed by EventKind.
[[nodiscard]] std::span<const CatalogEntry> catalog() noexcept;
// The row of `kind`.
[[nodiscard]] const CatalogEntry& catalog_entry(EventKind kind) noexcept;
// The ID of `kind` as an AuditEventId value.
[[nodiscard]] AuditEventId event_id(EventKind kind) noexcept;
// The row with Audit Event ID `id`, or nullptr.
[[nodiscard]] const CatalogEntry* find_catalog_entry(std::uint16_t id) noexcept;
// True for the seven legacy category values of AuditEventId (0x0001..0x0007).
[[nodiscard]] bool is_category_id(AuditEventId id) noexcept;

// The catalog ID for an event: its own ID when that is a catalog row; for an event that carries
// a legacy category ID (e.g. AuditEventId::job_status from an older producer), the row whose
// category, strings and (where the row has one) "Interface" item match; nullopt otherwise.
[[nodiscard]] std::optional<std::uint16_t> classify(const AuditEvent& event) noexcept;

}  // namespace mfp::security::audit
