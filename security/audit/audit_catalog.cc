#include "security/audit/audit_catalog.h"

#include <array>

namespace mfp::security::audit {

namespace {

using K = EventKind;

constexpr std::string_view kSystem = "System Status";
constexpr std::string_view kLogin = "Login/Logout";
constexpr std::string_view kJob = "Job Status";
constexpr std::string_view kSettings = "Device Settings";
constexpr std::string_view kConfig = "Device Config";
constexpr std::string_view kPolicy = "Audit Policy";
constexpr std::string_view kComm = "Communication";
constexpr std::string_view kAuditLog = "Audit Log";
constexpr std::string_view kStorage = "Storage";
constexpr std::string_view kJobOperation = "Job Operation";

constexpr std::string_view kPanel = "Control Panel";
constexpr std::string_view kWeb = "CentreWare Internet Services";

constexpr std::string_view kStartStop = "Start-up and shutdown of the audit functions";
constexpr std::string_view kJobDone = "Job completion";
constexpr std::string_view kLoginPanel =
    "Unsuccessful User authentication/identification (using Control Panel)";
constexpr std::string_view kLoginWeb =
    "Unsuccessful User authentication/identification (using CentreWare Internet Services and "
    "Audit Server)";
constexpr std::string_view kManagement = "Use of management functions";
constexpr std::string_view kRoleChange =
    "Use of management functions; modification to the group of Users that are part of a role";
constexpr std::string_view kTime = "Changes to the time";
constexpr std::string_view kSession = "Failure to establish session (TLS/IPSec)";
constexpr std::string_view kOwnIntegrity = "OpenMFP: audit log integrity failure detected";
constexpr std::string_view kOwnLost = "OpenMFP: audit log record lost (sealed stand-in)";
constexpr std::string_view kOwnOverwrite = "OpenMFP: overwrite of released storage";
constexpr std::string_view kOwnStoredIntegrity =
    "OpenMFP: tampered or corrupted stored data detected";
constexpr std::string_view kOwnPrivatePrint =
    "OpenMFP: Private Charge Print (Receive Control) held or released a job";
constexpr std::string_view kOwnJobRefused =
    "OpenMFP: a job operation refused by Job Operation Restrictions or ownership";
constexpr std::string_view kOwnPjlRefused =
    "OpenMFP: a PJL file-system, persistent or password command dropped (PJL File System "
    "Command disabled)";
constexpr std::string_view kOwnRawRefused =
    "OpenMFP: data on the raw print port that is not a print job (cross-site printing) dropped";

// A Job Status row: ID 0x03TS for job type `t` and outcome `o` (see the header).
constexpr CatalogEntry job(EventKind kind, std::string_view type, unsigned t, unsigned o) {
  constexpr std::array<std::string_view, 4> kOutcome = {"", "Completed", "Canceled by User",
                                                        "Aborted"};
  const auto id = static_cast<std::uint16_t>(0x0300 | (t << 4) | o);
  return {kind, id, kJob, type, kOutcome[o], "", kJobDone};
}

constexpr std::array<CatalogEntry, kEventKindCount> kCatalog = {{
    {K::system_started_cold, 0x0101, kSystem, "Started normally (cold boot)", "-", "", kStartStop},
    {K::system_started_warm, 0x0102, kSystem, "Started normally (warm boot)", "-", "", kStartStop},
    {K::system_shutdown_requested, 0x0103, kSystem, "Shutdown requested", "-", "", kStartStop},
    {K::login_failed_panel_user_id, 0x0211, kLogin, "Login", "Failed (Invalid UserID)", kPanel,
     kLoginPanel},
    {K::login_failed_panel_password, 0x0212, kLogin, "Login", "Failed (Invalid Password)", kPanel,
     kLoginPanel},
    {K::login_failed_web_user_id, 0x0221, kLogin, "Login", "Failed (Invalid UserID)", kWeb,
     kLoginWeb},
    {K::login_failed_web_password, 0x0222, kLogin, "Login", "Failed (Invalid Password)", kWeb,
     kLoginWeb},
    job(K::job_print_completed, "Print", 1, 1),
    job(K::job_print_canceled, "Print", 1, 2),
    job(K::job_print_aborted, "Print", 1, 3),
    job(K::job_copy_completed, "Copy", 2, 1),
    job(K::job_copy_canceled, "Copy", 2, 2),
    job(K::job_copy_aborted, "Copy", 2, 3),
    job(K::job_scan_completed, "Scan", 3, 1),
    job(K::job_scan_canceled, "Scan", 3, 2),
    job(K::job_scan_aborted, "Scan", 3, 3),
    job(K::job_fax_completed, "Fax", 4, 1),
    job(K::job_fax_canceled, "Fax", 4, 2),
    job(K::job_fax_aborted, "Fax", 4, 3),
    job(K::job_mailbox_completed, "Mailbox", 5, 1),
    job(K::job_mailbox_canceled, "Mailbox", 5, 2),
    job(K::job_mailbox_aborted, "Mailbox", 5, 3),
    job(K::job_print_reports_completed, "Print Reports", 6, 1),
    job(K::job_print_reports_canceled, "Print Reports", 6, 2),
    job(K::job_print_reports_aborted, "Print Reports", 6, 3),
    {K::security_setting_viewed, 0x0401, kSettings, "View Security Setting", "Successful", "",
     kManagement},
    {K::security_setting_changed, 0x0402, kSettings, "Change Security Setting", "Successful", "",
     kManagement},
    {K::authentication_mode_switched, 0x0403, kSettings, "Switch Authentication Mode", "Successful",
     "", kManagement},
    {K::user_added, 0x0404, kSettings, "Add User", "Successful", "", kManagement},
    {K::user_edited, 0x0405, kSettings, "Edit User", "Successful", "", kRoleChange},
    {K::user_deleted, 0x0406, kSettings, "Delete User", "Successful", "", kManagement},
    {K::time_adjusted, 0x0407, kSettings, "Adjust Time", "Successful", "", kTime},
    {K::software_updated, 0x0501, kConfig, "Software", "Updated", "", kManagement},
    {K::audit_log_enabled, 0x0601, kPolicy, "Audit Log", "Enable", "", kManagement},
    {K::audit_log_disabled, 0x0602, kPolicy, "Audit Log", "Disable", "", kManagement},
    {K::trusted_communication_failed, 0x0701, kComm, "Trusted Communication", "Failed", "",
     kSession},
    {K::audit_log_integrity_failure, 0x0801, kAuditLog, "Integrity Check", "Failed", "",
     kOwnIntegrity},
    {K::audit_log_record_lost, 0x0802, kAuditLog, "Record", "Lost", "", kOwnLost},
    {K::overwrite_storage_completed, 0x0901, kStorage, "Overwrite Storage", "Completed", "",
     kOwnOverwrite},
    {K::overwrite_storage_failed, 0x0902, kStorage, "Overwrite Storage", "Failed", "",
     kOwnOverwrite},
    {K::stored_data_integrity_failure, 0x0903, kStorage, "Integrity Check", "Failed", "",
     kOwnStoredIntegrity},
    {K::private_print_held, 0x0A01, kJobOperation, "Private Charge Print", "Held", "",
     kOwnPrivatePrint},
    {K::private_print_released, 0x0A02, kJobOperation, "Private Charge Print", "Released", "",
     kOwnPrivatePrint},
    {K::job_operation_refused, 0x0A03, kJobOperation, "Job Operation", "Refused", "",
     kOwnJobRefused},
    {K::pjl_command_refused, 0x0A04, kJobOperation, "PJL Command", "Refused", "", kOwnPjlRefused},
    {K::raw_data_refused, 0x0A05, kJobOperation, "Port 9100", "Refused", "", kOwnRawRefused},
}};

constexpr bool table_is_indexed_by_kind() {
  for (std::size_t i = 0; i < kCatalog.size(); ++i) {
    if (static_cast<std::size_t>(kCatalog[i].kind) != i) return false;
  }
  return true;
}
static_assert(table_is_indexed_by_kind(), "catalog rows must be in EventKind order");

constexpr bool ids_are_unique() {
  for (std::size_t i = 0; i < kCatalog.size(); ++i) {
    for (std::size_t j = i + 1; j < kCatalog.size(); ++j) {
      if (kCatalog[i].id == kCatalog[j].id) return false;
    }
  }
  return true;
}
static_assert(ids_are_unique(), "Audit Event IDs must be unique");

}  // namespace

std::span<const CatalogEntry> catalog() noexcept {
  return kCatalog;
}

const CatalogEntry& catalog_entry(EventKind kind) noexcept {
  return kCatalog[static_cast<std::size_t>(kind)];
}

AuditEventId event_id(EventKind kind) noexcept {
  return static_cast<AuditEventId>(catalog_entry(kind).id);
}

const CatalogEntry* find_catalog_entry(std::uint16_t id) noexcept {
  for (const auto& e : kCatalog) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

bool is_category_id(AuditEventId id) noexcept {
  const auto v = static_cast<std::uint16_t>(id);
  return v >= 0x0001 && v <= 0x0007;
}

std::optional<std::uint16_t> classify(const AuditEvent& event) noexcept {
  const auto raw = static_cast<std::uint16_t>(event.id);
  if (find_catalog_entry(raw) != nullptr) return raw;
  if (!is_category_id(event.id)) return std::nullopt;
  std::string_view interface;
  for (const auto& [key, value] : event.items) {
    if (key == "Interface") interface = value;
  }
  for (const auto& e : kCatalog) {
    if ((e.id >> 8) != raw) continue;
    if (e.logged_event != event.name || e.description != event.description ||
        e.status != event.status) {
      continue;
    }
    if (!e.interface.empty() && e.interface != interface) continue;
    return e.id;
  }
  return std::nullopt;
}

}  // namespace mfp::security::audit
