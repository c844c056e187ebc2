#include "security/audit/audit_events.h"

#include <utility>

namespace mfp::security::audit::events {

namespace {

using Items = std::vector<std::pair<std::string, std::string>>;

void add_if(Items& items, std::string key, std::string value) {
  if (!value.empty()) items.emplace_back(std::move(key), std::move(value));
}

}  // namespace

AuditEvent make(EventKind kind, std::string user, Items items) {
  const CatalogEntry& row = catalog_entry(kind);
  AuditEvent e;
  e.id = static_cast<AuditEventId>(row.id);
  e.name = std::string(row.logged_event);
  e.user = user.empty() ? std::string("-") : std::move(user);
  e.description = std::string(row.description);
  e.status = std::string(row.status);
  e.items = std::move(items);
  return e;
}

AuditEvent system_started(BootKind boot) {
  return make(boot == BootKind::cold ? EventKind::system_started_cold
                                     : EventKind::system_started_warm);
}

AuditEvent shutdown_requested(std::string user) {
  return make(EventKind::system_shutdown_requested, std::move(user));
}

AuditEvent login_failed(LoginInterface where, LoginFailure why, std::string user) {
  const bool bad_id = why == LoginFailure::invalid_user_id;
  switch (where) {
    case LoginInterface::control_panel:
      return make(
          bad_id ? EventKind::login_failed_panel_user_id : EventKind::login_failed_panel_password,
          std::move(user), {{"Interface", "Control Panel"}});
    case LoginInterface::web:
      return make(
          bad_id ? EventKind::login_failed_web_user_id : EventKind::login_failed_web_password,
          std::move(user), {{"Interface", "CentreWare Internet Services"}});
    case LoginInterface::printer_driver:
      break;
  }
  return make(EventKind::job_print_aborted, std::move(user),
              {{"Interface", "Printer Driver"},
               {"Reason", bad_id ? "Failed (Invalid UserID)" : "Failed (Invalid Password)"}});
}

EventKind job_event_kind(pipeline::JobType type, JobOutcome status) noexcept {
  int base = 0;
  switch (type) {
    case pipeline::JobType::print:
      base = static_cast<int>(EventKind::job_print_completed);
      break;
    case pipeline::JobType::copy:
      base = static_cast<int>(EventKind::job_copy_completed);
      break;
    case pipeline::JobType::scan:
      base = static_cast<int>(EventKind::job_scan_completed);
      break;
    case pipeline::JobType::fax_send:
    case pipeline::JobType::fax_receive:
      base = static_cast<int>(EventKind::job_fax_completed);
      break;
    case pipeline::JobType::mailbox:
      base = static_cast<int>(EventKind::job_mailbox_completed);
      break;
    case pipeline::JobType::print_reports:
      base = static_cast<int>(EventKind::job_print_reports_completed);
      break;
  }
  // Rows of one type are consecutive: completed, canceled, aborted (checked by the tests).
  return static_cast<EventKind>(base + static_cast<int>(status));
}

AuditEvent job_completed(pipeline::JobType type, std::string user, JobOutcome status,
                         std::string job_name) {
  Items items;
  add_if(items, "Job Name", std::move(job_name));
  return make(job_event_kind(type, status), std::move(user), std::move(items));
}

AuditEvent security_setting_viewed(std::string user, std::string interface) {
  Items items;
  add_if(items, "Interface", std::move(interface));
  return make(EventKind::security_setting_viewed, std::move(user), std::move(items));
}

AuditEvent security_setting_changed(std::string user, std::string setting, std::string interface) {
  Items items;
  add_if(items, "Setting", std::move(setting));
  add_if(items, "Interface", std::move(interface));
  return make(EventKind::security_setting_changed, std::move(user), std::move(items));
}

AuditEvent authentication_mode_switched(std::string user, std::string mode) {
  Items items;
  add_if(items, "Mode", std::move(mode));
  return make(EventKind::authentication_mode_switched, std::move(user), std::move(items));
}

AuditEvent user_added(std::string user, std::string target_user, std::string interface) {
  Items items;
  add_if(items, "Target User", std::move(target_user));
  add_if(items, "Interface", std::move(interface));
  return make(EventKind::user_added, std::move(user), std::move(items));
}

AuditEvent user_edited(std::string user, std::string target_user, std::string interface) {
  Items items;
  add_if(items, "Target User", std::move(target_user));
  add_if(items, "Interface", std::move(interface));
  return make(EventKind::user_edited, std::move(user), std::move(items));
}

AuditEvent user_deleted(std::string user, std::string target_user, std::string interface) {
  Items items;
  add_if(items, "Target User", std::move(target_user));
  add_if(items, "Interface", std::move(interface));
  return make(EventKind::user_deleted, std::move(user), std::move(items));
}

AuditEvent time_adjusted(std::string user, std::string time, std::string interface) {
  Items items;
  add_if(items, "Time", std::move(time));
  add_if(items, "Interface", std::move(interface));
  return make(EventKind::time_adjusted, std::move(user), std::move(items));
}

AuditEvent software_updated(std::string user, std::string version) {
  Items items;
  add_if(items, "Version", std::move(version));
  return make(EventKind::software_updated, std::move(user), std::move(items));
}

AuditEvent audit_log_switched(std::string user, bool enabled) {
  return make(enabled ? EventKind::audit_log_enabled : EventKind::audit_log_disabled,
              std::move(user));
}

AuditEvent trusted_communication_failed(std::string protocol, std::string destination,
                                        std::string reason, std::string user) {
  Items items;
  add_if(items, "Protocol", std::move(protocol));
  add_if(items, "Destination", std::move(destination));
  add_if(items, "Reason", std::move(reason));
  return make(EventKind::trusted_communication_failed, std::move(user), std::move(items));
}

AuditEvent audit_log_integrity_failure(std::string reason) {
  Items items;
  add_if(items, "Reason", std::move(reason));
  return make(EventKind::audit_log_integrity_failure, "-", std::move(items));
}

AuditEvent audit_log_record_lost(std::string reason) {
  Items items;
  add_if(items, "Reason", std::move(reason));
  return make(EventKind::audit_log_record_lost, "-", std::move(items));
}

AuditEvent overwrite_storage(bool completed, std::string target, std::string reason) {
  Items items;
  add_if(items, "Target", std::move(target));
  add_if(items, "Reason", std::move(reason));
  return make(
      completed ? EventKind::overwrite_storage_completed : EventKind::overwrite_storage_failed, "-",
      std::move(items));
}

AuditEvent stored_data_integrity_failure(std::string target, std::string reason) {
  Items items;
  add_if(items, "Target", std::move(target));
  add_if(items, "Reason", std::move(reason));
  return make(EventKind::stored_data_integrity_failure, "-", std::move(items));
}

AuditEvent private_print_held(std::string user, std::uint64_t job_id, std::string job_name) {
  Items items{{"Job ID", std::to_string(job_id)}};
  add_if(items, "Job Name", std::move(job_name));
  return make(EventKind::private_print_held, std::move(user), std::move(items));
}

AuditEvent private_print_released(std::string user, std::uint64_t job_id, std::string job_name) {
  Items items{{"Job ID", std::to_string(job_id)}};
  add_if(items, "Job Name", std::move(job_name));
  return make(EventKind::private_print_released, std::move(user), std::move(items));
}

AuditEvent job_operation_refused(std::string user, std::string operation, std::uint64_t job_id,
                                 std::string reason) {
  Items items;
  add_if(items, "Operation", std::move(operation));
  items.emplace_back("Job ID", std::to_string(job_id));
  add_if(items, "Reason", std::move(reason));
  return make(EventKind::job_operation_refused, std::move(user), std::move(items));
}

AuditEvent pjl_command_refused(std::string keyword, std::string protocol, std::string peer) {
  Items items;
  add_if(items, "Command", std::move(keyword));
  add_if(items, "Protocol", std::move(protocol));
  add_if(items, "Peer", std::move(peer));
  return make(EventKind::pjl_command_refused, "-", std::move(items));
}

AuditEvent raw_data_refused(std::string peer, std::string reason) {
  Items items;
  add_if(items, "Peer", std::move(peer));
  add_if(items, "Reason", std::move(reason));
  return make(EventKind::raw_data_refused, "-", std::move(items));
}

}  // namespace mfp::security::audit::events
