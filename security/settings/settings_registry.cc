#include "security/settings/settings_registry.h"

#include <stdexcept>

#include <utility>

#include "security/audit/audit_events.h"
#include "security/ownership/object_ref.h"
#include "security/settings/setting_table.h"

namespace mfp::security::settings {
namespace {

using pipeline::StatusCode;

// The row's value from canonical `text`; rows are checked by the tests, so a row whose text
// does not parse is a bug: it falls back to a value of the right type.
SettingValue row_value(const SettingDefinition& def, std::string_view text) {
  auto parsed = parse_value(def.type, text);
  if (parsed.is_ok() && validate(def, parsed.value()).is_ok()) return std::move(parsed).value();
  switch (def.type) {
    case SettingType::boolean:
      return SettingValue{false};
    case SettingType::integer:
      return SettingValue{def.min};
    case SettingType::enumeration:
      return SettingValue{std::string(def.allowed.substr(0, def.allowed.find('|')))};
  }
  return SettingValue{false};
}

std::string audit_user(const ownership::Subject& who) {
  if (who.roles.contains(ownership::Role::key_operator)) return "KO";
  return std::to_string(who.user_id);
}

std::size_t index_of(std::string_view key) noexcept {
  const auto table = setting_table();
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].key == key) return i;
  }
  return table.size();
}

pipeline::Status unknown(std::string_view key) {
  return pipeline::make_error(StatusCode::not_found, "no setting " + std::string(key));
}

}  // namespace

SettingsRegistry::SettingsRegistry(audit::AuditSink& audit) noexcept
    : audit_(audit), values_(values_from(true)) {}

std::vector<SettingValue> SettingsRegistry::values_from(bool secure) {
  std::vector<SettingValue> out;
  out.reserve(setting_table().size());
  for (const SettingDefinition& def : setting_table()) {
    out.push_back(row_value(def, secure ? def.secure_value : def.factory_default));
  }
  return out;
}

SettingValue SettingsRegistry::secure_value_of(std::string_view key) {
  const SettingDefinition* def = find_setting(key);
  if (def == nullptr) throw std::out_of_range("no such setting");
  return row_value(*def, def->secure_value);
}

pipeline::Result<SettingValue> SettingsRegistry::value(std::string_view key) const {
  const std::size_t i = index_of(key);
  if (i == setting_table().size()) return unknown(key);
  std::lock_guard lock(mu_);
  return values_[i];
}

pipeline::Status SettingsRegistry::set(std::string_view key, const SettingValue& value,
                                       const ownership::Subject& who, std::string_view interface) {
  const std::size_t i = index_of(key);
  if (i == setting_table().size()) return unknown(key);
  const SettingDefinition& def = setting_table()[i];
  MFP_RETURN_IF_ERROR(policy_.require(
      who, ownership::Operation::modify,
      ownership::ObjectRef{ownership::ObjectKind::setting, ownership::kUnauthenticatedUserId}));
  MFP_RETURN_IF_ERROR(validate(def, value));
  {
    std::lock_guard lock(mu_);
    values_[i] = value;
  }
  if (def.security) {
    audit_.record(audit::events::security_setting_changed(audit_user(who), std::string(key),
                                                          std::string(interface)));
  }
  return pipeline::Status::ok();
}

std::vector<Deviation> SettingsRegistry::conformance() const {
  std::vector<Deviation> out;
  const auto table = setting_table();
  std::lock_guard lock(mu_);
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (is_secure(table[i], values_[i])) continue;
    out.push_back(Deviation{std::string(table[i].key), std::string(table[i].display_name),
                            to_text(values_[i]), secure_requirement(table[i])});
  }
  return out;
}

void SettingsRegistry::reset_to_factory_defaults() {
  auto fresh = values_from(false);
  std::lock_guard lock(mu_);
  values_ = std::move(fresh);
}

void SettingsRegistry::reset_to_secure() {
  auto fresh = values_from(true);
  std::lock_guard lock(mu_);
  values_ = std::move(fresh);
}

std::map<std::string, std::string> SettingsRegistry::snapshot() const {
  std::map<std::string, std::string> out;
  const auto table = setting_table();
  std::lock_guard lock(mu_);
  for (std::size_t i = 0; i < table.size(); ++i) {
    out.emplace(std::string(table[i].key), to_text(values_[i]));
  }
  return out;
}

void SettingsRegistry::restore(const std::map<std::string, std::string>& stored) {
  std::vector<SettingValue> fresh;
  fresh.reserve(setting_table().size());
  for (const SettingDefinition& def : setting_table()) {
    const auto it = stored.find(std::string(def.key));
    if (it != stored.end()) {
      auto parsed = parse_value(def.type, it->second);
      if (parsed.is_ok() && validate(def, parsed.value()).is_ok()) {
        fresh.push_back(std::move(parsed).value());
        continue;
      }
    }
    fresh.push_back(row_value(def, def.secure_value));
  }
  std::lock_guard lock(mu_);
  values_ = std::move(fresh);
}

}  // namespace mfp::security::settings
