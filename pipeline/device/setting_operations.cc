#include "pipeline/device/setting_operations.h"

#include <set>

#include "pipeline/device/authorize.h"
#include "security/audit/audit_events.h"
#include "security/settings/setting_definition.h"
#include "security/settings/setting_table.h"
#include "security/settings/setting_value.h"

namespace mfp::pipeline::device {

namespace {

namespace settings = security::settings;

// The guide's "where it is changed" column, for the panel and the browser.
bool changeable_at(const settings::SettingDefinition& def, Interface where) {
  switch (where) {
    case Interface::panel:
      return settings::has(def.changed_on, settings::ChangedOn::panel);
    case Interface::browser:
      return settings::has(def.changed_on, settings::ChangedOn::cwis);
    case Interface::local:
      return true;
    case Interface::ipp:
    case Interface::raw:
      return false;
  }
  return false;
}

SettingRow row_of(const settings::SettingDefinition& def, std::string value, bool deviates) {
  SettingRow row;
  row.key = std::string(def.key);
  row.name = std::string(def.display_name);
  row.value = std::move(value);
  row.secure = std::string(def.secure_value);
  row.deviates = deviates;
  row.needs_restart = def.needs_restart;
  return row;
}

std::set<std::string> deviating_keys(const settings::SettingsRegistry& registry) {
  std::set<std::string> keys;
  for (const auto& d : registry.conformance()) keys.insert(d.key);
  return keys;
}

}  // namespace

void SettingOperations::audit_viewed(const Caller& caller) {
  core_.security().audit().record(security::audit::events::security_setting_viewed(
      core_.accounts().audit_name(caller.subject.user_id),
      std::string(audit_name(caller.interface))));
}

Result<std::vector<SettingRow>> SettingOperations::list(const Caller& caller) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::settings_list));
  const auto& registry = core_.security().settings();
  const auto values = registry.snapshot();
  const auto deviating = deviating_keys(registry);
  std::vector<SettingRow> out;
  for (const auto& def : settings::setting_table()) {
    auto it = values.find(std::string(def.key));
    out.push_back(row_of(def, it == values.end() ? std::string() : it->second,
                         deviating.contains(std::string(def.key))));
  }
  audit_viewed(caller);
  return out;
}

Result<SettingRow> SettingOperations::get(const Caller& caller, std::string_view key) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::setting_get));
  const auto* def = settings::find_setting(key);
  if (def == nullptr) return make_error(StatusCode::not_found, "no setting " + std::string(key));
  MFP_ASSIGN_OR_RETURN(auto value, core_.security().settings().value(key));
  // One setting's deviation is its own secure rule, as conformance() applies it to all.
  auto row = row_of(*def, settings::to_text(value), !settings::is_secure(*def, value));
  audit_viewed(caller);
  return row;
}

Result<SettingChanged> SettingOperations::set(const Caller& caller, const SettingChange& change) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::setting_set));
  const auto* def = settings::find_setting(change.key);
  if (def == nullptr) return make_error(StatusCode::not_found, "no setting " + change.key);
  if (!changeable_at(*def, caller.interface)) {
    return make_error(StatusCode::permission_denied, change.key + " is not changed at the " +
                                                         std::string(to_string(caller.interface)) +
                                                         " interface");
  }
  MFP_ASSIGN_OR_RETURN(auto value, settings::parse_value(def->type, change.value));
  MFP_RETURN_IF_ERROR(
      core_.set_setting(change.key, value, caller.subject, audit_name(caller.interface)));
  return SettingChanged{def->needs_restart};
}

Result<std::vector<security::settings::Deviation>> SettingOperations::check(const Caller& caller) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::settings_check));
  auto deviations = core_.security().settings().conformance();
  audit_viewed(caller);
  return deviations;
}

Result<SecureApplied> SettingOperations::apply_secure(const Caller& caller) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::settings_apply_secure));
  const auto deviating = deviating_keys(core_.security().settings());
  SecureApplied out;
  for (const auto& def : settings::setting_table()) {
    const std::string key(def.key);
    if (!deviating.contains(key)) continue;
    if (!changeable_at(def, caller.interface)) {
      out.elsewhere.push_back(key);
      continue;
    }
    MFP_ASSIGN_OR_RETURN(auto value, settings::parse_value(def.type, def.secure_value));
    MFP_RETURN_IF_ERROR(
        core_.set_setting(key, value, caller.subject, audit_name(caller.interface)));
    out.changed.push_back(key);
    out.needs_restart = out.needs_restart || def.needs_restart;
  }
  return out;
}

}  // namespace mfp::pipeline::device
