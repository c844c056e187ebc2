// The audit event catalog against the guide's "Audit Log" table, and the builders on top of it.
#include "security/audit/audit_catalog.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <string>

#include "security/audit/audit_events.h"

namespace mfp::security::audit {
namespace {

struct Row {
  EventKind kind;
  std::uint16_t id;
  std::string_view logged_event;
  std::string_view description;
  std::string_view status;
};

// The guide's table, row by row, with the IDs we assigned (they must never change).
constexpr Row kGuide[] = {
    {EventKind::system_started_cold, 0x0101, "System Status", "Started normally (cold boot)", "-"},
    {EventKind::system_started_warm, 0x0102, "System Status", "Started normally (warm boot)", "-"},
    {EventKind::system_shutdown_requested, 0x0103, "System Status", "Shutdown requested", "-"},
    {EventKind::login_failed_panel_user_id, 0x0211, "Login/Logout", "Login",
     "Failed (Invalid UserID)"},
    {EventKind::login_failed_panel_password, 0x0212, "Login/Logout", "Login",
     "Failed (Invalid Password)"},
    {EventKind::login_failed_web_user_id, 0x0221, "Login/Logout", "Login",
     "Failed (Invalid UserID)"},
    {EventKind::login_failed_web_password, 0x0222, "Login/Logout", "Login",
     "Failed (Invalid Password)"},
    {EventKind::job_print_completed, 0x0311, "Job Status", "Print", "Completed"},
    {EventKind::job_print_canceled, 0x0312, "Job Status", "Print", "Canceled by User"},
    {EventKind::job_print_aborted, 0x0313, "Job Status", "Print", "Aborted"},
    {EventKind::job_copy_completed, 0x0321, "Job Status", "Copy", "Completed"},
    {EventKind::job_copy_canceled, 0x0322, "Job Status", "Copy", "Canceled by User"},
    {EventKind::job_copy_aborted, 0x0323, "Job Status", "Copy", "Aborted"},
    {EventKind::job_scan_completed, 0x0331, "Job Status", "Scan", "Completed"},
    {EventKind::job_scan_canceled, 0x0332, "Job Status", "Scan", "Canceled by User"},
    {EventKind::job_scan_aborted, 0x0333, "Job Status", "Scan", "Aborted"},
    {EventKind::job_fax_completed, 0x0341, "Job Status", "Fax", "Completed"},
    {EventKind::job_fax_canceled, 0x0342, "Job Status", "Fax", "Canceled by User"},
    {EventKind::job_fax_aborted, 0x0343, "Job Status", "Fax", "Aborted"},
    {EventKind::job_mailbox_completed, 0x0351, "Job Status", "Mailbox", "Completed"},
    {EventKind::job_mailbox_canceled, 0x0352, "Job Status", "Mailbox", "Canceled by User"},
    {EventKind::job_mailbox_aborted, 0x0353, "Job Status", "Mailbox", "Aborted"},
    {EventKind::job_print_reports_completed, 0x0361, "Job Status", "Print Reports", "Completed"},
    {EventKind::job_print_reports_canceled, 0x0362, "Job Status", "Print Reports",
     "Canceled by User"},
    {EventKind::job_print_reports_aborted, 0x0363, "Job Status", "Print Reports", "Aborted"},
    {EventKind::security_setting_viewed, 0x0401, "Device Settings", "View Security Setting",
     "Successful"},
    {EventKind::security_setting_changed, 0x0402, "Device Settings", "Change Security Setting",
     "Successful"},
    {EventKind::authentication_mode_switched, 0x0403, "Device Settings",
     "Switch Authentication Mode", "Successful"},
    {EventKind::user_added, 0x0404, "Device Settings", "Add User", "Successful"},
    {EventKind::user_edited, 0x0405, "Device Settings", "Edit User", "Successful"},
    {EventKind::user_deleted, 0x0406, "Device Settings", "Delete User", "Successful"},
    {EventKind::time_adjusted, 0x0407, "Device Settings", "Adjust Time", "Successful"},
    {EventKind::software_updated, 0x0501, "Device Config", "Software", "Updated"},
    {EventKind::audit_log_enabled, 0x0601, "Audit Policy", "Audit Log", "Enable"},
    {EventKind::audit_log_disabled, 0x0602, "Audit Policy", "Audit Log", "Disable"},
    {EventKind::trusted_communication_failed, 0x0701, "Communication", "Trusted Communication",
     "Failed"},
    {EventKind::audit_log_integrity_failure, 0x0801, "Audit Log", "Integrity Check", "Failed"},
    {EventKind::audit_log_record_lost, 0x0802, "Audit Log", "Record", "Lost"},
    {EventKind::overwrite_storage_completed, 0x0901, "Storage", "Overwrite Storage", "Completed"},
    {EventKind::overwrite_storage_failed, 0x0902, "Storage", "Overwrite Storage", "Failed"},
    {EventKind::stored_data_integrity_failure, 0x0903, "Storage", "Integrity Check", "Failed"},
    {EventKind::private_print_held, 0x0A01, "Job Operation", "Private Charge Print", "Held"},
    {EventKind::private_print_released, 0x0A02, "Job Operation", "Private Charge Print",
     "Released"},
    {EventKind::job_operation_refused, 0x0A03, "Job Operation", "Job Operation", "Refused"},
    {EventKind::pjl_command_refused, 0x0A04, "Job Operation", "PJL Command", "Refused"},
    {EventKind::raw_data_refused, 0x0A05, "Job Operation", "Port 9100", "Refused"},
};

TEST(AuditCatalog, MatchesTheGuideTableRowByRow) {
  ASSERT_EQ(std::size(kGuide), kEventKindCount);
  ASSERT_EQ(catalog().size(), kEventKindCount);
  for (const Row& row : kGuide) {
    SCOPED_TRACE(row.id);
    const CatalogEntry& e = catalog_entry(row.kind);
    EXPECT_EQ(e.kind, row.kind);
    EXPECT_EQ(e.id, row.id);
    EXPECT_EQ(e.logged_event, row.logged_event);
    EXPECT_EQ(e.description, row.description);
    EXPECT_EQ(e.status, row.status);
    EXPECT_FALSE(e.auditable_event.empty());
    EXPECT_EQ(event_id(row.kind), static_cast<AuditEventId>(row.id));
    EXPECT_EQ(find_catalog_entry(row.id), &e);
  }
}

TEST(AuditCatalog, IdsAreUniqueAndTheHighByteIsTheCategory) {
  std::set<std::uint16_t> ids;
  std::map<std::uint16_t, std::string_view> category_name;
  for (const CatalogEntry& e : catalog()) {
    EXPECT_TRUE(ids.insert(e.id).second) << e.id;
    const auto category = static_cast<std::uint16_t>(e.id >> 8);
    auto [it, fresh] = category_name.emplace(category, e.logged_event);
    EXPECT_EQ(it->second, e.logged_event) << "category " << category;
    // The high byte of the guide's categories is the legacy AuditEventId value.
    if (category <= 7) {
      EXPECT_TRUE(is_category_id(static_cast<AuditEventId>(category)));
    }
  }
  EXPECT_EQ(static_cast<std::uint16_t>(AuditEventId::job_status), 0x03);
  EXPECT_EQ(find_catalog_entry(0x0003), nullptr);
  EXPECT_EQ(find_catalog_entry(0xffff), nullptr);
}

TEST(AuditCatalog, ClassifiesLegacyCategoryEvents) {
  struct Case {
    AuditEventId id;
    const char* name;
    const char* description;
    const char* status;
    const char* interface;
    std::optional<std::uint16_t> expect;
  };
  const Case cases[] = {
      {AuditEventId::job_status, "Job Status", "Print", "Completed", "", 0x0311},
      {AuditEventId::job_status, "Job Status", "Print Reports", "Aborted", "", 0x0363},
      {AuditEventId::job_status, "Job Status", "Fax", "Canceled by User", "", 0x0342},
      {AuditEventId::login_logout, "Login/Logout", "Login", "Failed (Invalid Password)",
       "CentreWare Internet Services", 0x0222},
      {AuditEventId::login_logout, "Login/Logout", "Login", "Failed (Invalid UserID)",
       "Control Panel", 0x0211},
      {AuditEventId::login_logout, "Login/Logout", "Login", "Failed (Invalid UserID)", "", {}},
      {AuditEventId::system_status, "System Status", "Shutdown requested", "-", "", 0x0103},
      {AuditEventId::job_status, "Job Status", "Print", "Exploded", "", {}},
      {AuditEventId::device_settings, "Job Status", "Print", "Completed", "", {}},
      {static_cast<AuditEventId>(0x0404), "anything", "", "", "", 0x0404},
      {static_cast<AuditEventId>(0x1234), "Job Status", "Print", "Completed", "", {}},
  };
  for (const Case& c : cases) {
    AuditEvent e;
    e.id = c.id;
    e.name = c.name;
    e.description = c.description;
    e.status = c.status;
    if (*c.interface) e.items.emplace_back("Interface", c.interface);
    EXPECT_EQ(classify(e), c.expect) << c.name << "/" << c.description << "/" << c.status;
  }
}

TEST(AuditEvents, JobBuildersCoverEveryTypeAndOutcome) {
  using events::JobOutcome;
  using pipeline::JobType;
  struct Case {
    JobType type;
    JobOutcome outcome;
    std::uint16_t id;
  };
  const Case cases[] = {
      {JobType::print, JobOutcome::completed, 0x0311},
      {JobType::print, JobOutcome::canceled_by_user, 0x0312},
      {JobType::print, JobOutcome::aborted, 0x0313},
      {JobType::copy, JobOutcome::aborted, 0x0323},
      {JobType::scan, JobOutcome::completed, 0x0331},
      {JobType::fax_send, JobOutcome::completed, 0x0341},
      {JobType::fax_receive, JobOutcome::canceled_by_user, 0x0342},
      {JobType::mailbox, JobOutcome::aborted, 0x0353},
      {JobType::print_reports, JobOutcome::completed, 0x0361},
  };
  for (const Case& c : cases) {
    const AuditEvent e = events::job_completed(c.type, "alice", c.outcome, "report.pdf");
    const CatalogEntry* row = find_catalog_entry(c.id);
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(e.id, static_cast<AuditEventId>(c.id));
    EXPECT_EQ(e.name, row->logged_event);
    EXPECT_EQ(e.description, row->description);
    EXPECT_EQ(e.status, row->status);
    EXPECT_EQ(e.user, "alice");
    EXPECT_EQ(e.items, (decltype(e.items){{"Job Name", "report.pdf"}}));
  }
  EXPECT_TRUE(events::job_completed(JobType::copy, "", JobOutcome::completed, "").items.empty());
  EXPECT_EQ(events::job_completed(JobType::copy, "", JobOutcome::completed, "").user, "-");
}

TEST(AuditEvents, LoginFailuresPerInterface) {
  using events::LoginFailure;
  using events::LoginInterface;
  struct Case {
    LoginInterface where;
    LoginFailure why;
    std::uint16_t id;
    const char* interface;
  };
  const Case cases[] = {
      {LoginInterface::control_panel, LoginFailure::invalid_user_id, 0x0211, "Control Panel"},
      {LoginInterface::control_panel, LoginFailure::invalid_password, 0x0212, "Control Panel"},
      {LoginInterface::web, LoginFailure::invalid_user_id, 0x0221, "CentreWare Internet Services"},
      {LoginInterface::web, LoginFailure::invalid_password, 0x0222, "CentreWare Internet Services"},
      // The guide: a failed Printer Driver authentication is "Job Status / Print / Aborted".
      {LoginInterface::printer_driver, LoginFailure::invalid_password, 0x0313, "Printer Driver"},
  };
  for (const Case& c : cases) {
    const AuditEvent e = events::login_failed(c.where, c.why, "User1");
    EXPECT_EQ(e.id, static_cast<AuditEventId>(c.id));
    EXPECT_EQ(e.user, "User1");
    ASSERT_FALSE(e.items.empty());
    EXPECT_EQ(e.items[0], (std::pair<std::string, std::string>{"Interface", c.interface}));
    // The event classifies back to itself even if its ID were the legacy category.
    AuditEvent legacy = e;
    legacy.id = static_cast<AuditEventId>(c.id >> 8);
    EXPECT_EQ(classify(legacy), c.id);
  }
}

TEST(AuditEvents, OtherBuilders) {
  struct Case {
    AuditEvent event;
    EventKind kind;
    std::vector<std::pair<std::string, std::string>> items;
  };
  const Case cases[] = {
      {events::system_started(events::BootKind::cold), EventKind::system_started_cold, {}},
      {events::system_started(events::BootKind::warm), EventKind::system_started_warm, {}},
      {events::shutdown_requested("KO"), EventKind::system_shutdown_requested, {}},
      {events::security_setting_viewed("KO"), EventKind::security_setting_viewed, {}},
      {events::security_setting_changed("KO", "TLS"),
       EventKind::security_setting_changed,
       {{"Setting", "TLS"}}},
      {events::authentication_mode_switched("KO", "Local"),
       EventKind::authentication_mode_switched,
       {{"Mode", "Local"}}},
      {events::user_added("KO", "bob"), EventKind::user_added, {{"Target User", "bob"}}},
      {events::user_edited("KO", "bob"), EventKind::user_edited, {{"Target User", "bob"}}},
      {events::user_deleted("KO", "bob"), EventKind::user_deleted, {{"Target User", "bob"}}},
      {events::time_adjusted("KO"), EventKind::time_adjusted, {}},
      {events::software_updated("CE", "2.1.0"),
       EventKind::software_updated,
       {{"Version", "2.1.0"}}},
      {events::audit_log_switched("KO", true), EventKind::audit_log_enabled, {}},
      {events::audit_log_switched("KO", false), EventKind::audit_log_disabled, {}},
      {events::trusted_communication_failed("TLS", "smtp.example.com:465", "certificate expired"),
       EventKind::trusted_communication_failed,
       {{"Protocol", "TLS"},
        {"Destination", "smtp.example.com:465"},
        {"Reason", "certificate expired"}}},
      {events::trusted_communication_failed("IPsec", "", ""),
       EventKind::trusted_communication_failed,
       {{"Protocol", "IPsec"}}},
      {events::audit_log_integrity_failure("slot 5"),
       EventKind::audit_log_integrity_failure,
       {{"Reason", "slot 5"}}},
      {events::audit_log_record_lost("missing"),
       EventKind::audit_log_record_lost,
       {{"Reason", "missing"}}},
      {events::overwrite_storage(true, "Job 42"),
       EventKind::overwrite_storage_completed,
       {{"Target", "Job 42"}}},
      {events::overwrite_storage(false, "Job 43", "io_error"),
       EventKind::overwrite_storage_failed,
       {{"Target", "Job 43"}, {"Reason", "io_error"}}},
      {events::stored_data_integrity_failure("page 0a1b", "authentication failed"),
       EventKind::stored_data_integrity_failure,
       {{"Target", "page 0a1b"}, {"Reason", "authentication failed"}}},
      {events::private_print_held("alice", 7, "report.pdf"),
       EventKind::private_print_held,
       {{"Job ID", "7"}, {"Job Name", "report.pdf"}}},
      {events::private_print_released("alice", 7, ""),
       EventKind::private_print_released,
       {{"Job ID", "7"}}},
      {events::job_operation_refused("bob", "release", 7, "denied: only the owner may do this"),
       EventKind::job_operation_refused,
       {{"Operation", "release"},
        {"Job ID", "7"},
        {"Reason", "denied: only the owner may do this"}}},
      {events::pjl_command_refused("FSDOWNLOAD", "Port 9100", "127.0.0.1:4711"),
       EventKind::pjl_command_refused,
       {{"Command", "FSDOWNLOAD"}, {"Protocol", "Port 9100"}, {"Peer", "127.0.0.1:4711"}}},
      {events::raw_data_refused("127.0.0.1:4711", "HTTP request"),
       EventKind::raw_data_refused,
       {{"Peer", "127.0.0.1:4711"}, {"Reason", "HTTP request"}}},
  };
  for (const Case& c : cases) {
    const CatalogEntry& row = catalog_entry(c.kind);
    SCOPED_TRACE(row.id);
    EXPECT_EQ(c.event.id, event_id(c.kind));
    EXPECT_EQ(c.event.name, row.logged_event);
    EXPECT_EQ(c.event.description, row.description);
    EXPECT_EQ(c.event.status, row.status);
    EXPECT_EQ(c.event.items, c.items);
  }
}

}  // namespace
}  // namespace mfp::security::audit
