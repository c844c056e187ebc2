#pragma once
// SettingDefinition: one row of the settings table: a device setting's stable key, its name in
// the guide, its type and allowed values, the guide's factory default, what the secure
// configuration requires of it, where it is changed, and whether a change needs a restart or
// is audited as a security setting. validate() and is_secure() answer for a candidate value.
//
// Rows are constant data (string views into literals) kept in setting_table.cc; values are in
// canonical text (setting_value.h). Pure functions; never throw.

#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/status.h"
#include "security/settings/setting_value.h"

namespace mfp::security::settings {

// What the guide's "Settings for the Secure Operation" requires of a value.
enum class SecureRule : std::uint8_t {
  equals,    // exactly `secure_operand`
  one_of,    // one of the '|'-separated names in `secure_operand` ("1|3")
  at_least,  // an integer >= `secure_operand`
  at_most,   // an integer <= `secure_operand`
  any,       // the guide asks nothing of it: never a deviation
};

// Where the guide's appendix says the setting is changed (bit set).
enum class ChangedOn : std::uint8_t {
  panel = 1,       // Control Panel
  cwis = 2,        // CentreWare Internet Services
  both = 3,        // either
  local_tool = 4,  // a local tool (mfpctl) only
};

[[nodiscard]] constexpr bool has(ChangedOn set, ChangedOn one) noexcept {
  return (static_cast<unsigned>(set) & static_cast<unsigned>(one)) != 0;
}

struct SettingDefinition {
  std::string_view key;           // stable, dotted: "network.lpd.enabled"
  std::string_view display_name;  // as in the guide: "LPD"
  SettingType type = SettingType::boolean;
  std::int64_t min = 0;              // integer: inclusive range
  std::int64_t max = 0;              //
  std::string_view allowed;          // enumeration: '|'-separated names
  std::string_view factory_default;  // the guide's "Default" column, canonical text
  SecureRule secure_rule = SecureRule::equals;
  std::string_view secure_operand;  // see SecureRule
  std::string_view secure_value;    // what reset_to_secure() sets (satisfies the rule)
  std::string_view guide_wording;   // the secure-operation list's words for it
  ChangedOn changed_on = ChangedOn::both;
  bool needs_restart = false;
  bool security = true;  // changes audited as "Device Settings / Change Security Setting"
  // A change reconfigures the network listeners at once (ports, protocols, TLS, and Receive
  // Control, which decides what the IPP printer asks of clients), instead of a restart.
  bool reconfigures_listeners = false;
};

// ok when `value` has the row's type and lies in its range / allowed names; otherwise
// invalid_argument naming the key and what is allowed (never the rejected value).
[[nodiscard]] pipeline::Status validate(const SettingDefinition& def, const SettingValue& value);

// True when `value` satisfies the row's secure rule (a valid value is assumed).
[[nodiscard]] bool is_secure(const SettingDefinition& def, const SettingValue& value) noexcept;

// "== true", "one of 1|3", ">= 9", "<= 6", "any": the secure requirement as text.
[[nodiscard]] std::string secure_requirement(const SettingDefinition& def);

// True when `name` is one of the '|'-separated `names`.
[[nodiscard]] bool name_in(std::string_view names, std::string_view name) noexcept;

}  // namespace mfp::security::settings
