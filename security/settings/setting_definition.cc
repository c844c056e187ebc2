#include "security/settings/setting_definition.h"

#include <charconv>

namespace mfp::security::settings {
namespace {

std::int64_t to_int(std::string_view text) noexcept {
  std::int64_t out = 0;
  (void)std::from_chars(text.data(), text.data() + text.size(), out);
  return out;
}

}  // namespace

bool name_in(std::string_view names, std::string_view name) noexcept {
  while (true) {
    const std::size_t bar = names.find('|');
    if (names.substr(0, bar) == name) return true;
    if (bar == std::string_view::npos) return false;
    names.remove_prefix(bar + 1);
  }
}

pipeline::Status validate(const SettingDefinition& def, const SettingValue& value) {
  using pipeline::StatusCode;
  const std::string key(def.key);
  if (type_of(value) != def.type) {
    return pipeline::make_error(
        StatusCode::invalid_argument,
        "setting " + key + ": expected a value of type " + std::string(to_string(def.type)));
  }
  if (def.type == SettingType::integer) {
    const std::int64_t v = std::get<std::int64_t>(value);
    if (v < def.min || v > def.max) {
      return pipeline::make_error(StatusCode::invalid_argument,
                                  "setting " + key + ": out of range " + std::to_string(def.min) +
                                      ".." + std::to_string(def.max));
    }
  } else if (def.type == SettingType::enumeration) {
    if (!name_in(def.allowed, std::get<std::string>(value))) {
      return pipeline::make_error(StatusCode::invalid_argument,
                                  "setting " + key + ": not one of " + std::string(def.allowed));
    }
  }
  return pipeline::Status::ok();
}

bool is_secure(const SettingDefinition& def, const SettingValue& value) noexcept {
  switch (def.secure_rule) {
    case SecureRule::any:
      return true;
    case SecureRule::equals:
      return to_text(value) == def.secure_operand;
    case SecureRule::one_of:
      return name_in(def.secure_operand, to_text(value));
    case SecureRule::at_least:
      return type_of(value) == SettingType::integer &&
             std::get<std::int64_t>(value) >= to_int(def.secure_operand);
    case SecureRule::at_most:
      return type_of(value) == SettingType::integer &&
             std::get<std::int64_t>(value) <= to_int(def.secure_operand);
  }
  return false;
}

std::string secure_requirement(const SettingDefinition& def) {
  const std::string operand(def.secure_operand);
  switch (def.secure_rule) {
    case SecureRule::any:
      return "any";
    case SecureRule::equals:
      return "== " + operand;
    case SecureRule::one_of:
      return "one of " + operand;
    case SecureRule::at_least:
      return ">= " + operand;
    case SecureRule::at_most:
      return "<= " + operand;
  }
  return "?";
}

}  // namespace mfp::security::settings
