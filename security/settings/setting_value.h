#pragma once
// SettingValue: the value of one device setting (a switch, a number or one of an enumeration's
// names), with its canonical text form, as stored in the settings table and shown in reports.
//
// Canonical text: bools "true"/"false", integers in decimal, enumeration names as they are.
// Parsing accepts only the canonical form. Pure functions; never throw.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "pipeline/status.h"

namespace mfp::security::settings {

// bool for switches, std::int64_t for numbers, std::string for enumerations.
using SettingValue = std::variant<bool, std::int64_t, std::string>;

// The value's type as declared by its setting.
enum class SettingType : std::uint8_t { boolean, integer, enumeration };

[[nodiscard]] std::string_view to_string(SettingType type) noexcept;

// The canonical text of `value` ("true", "30", "https_only").
[[nodiscard]] std::string to_text(const SettingValue& value);

// Parses canonical `text` as a value of `type`; invalid_argument when it is not canonical.
// Enumeration names are not checked against a setting's allowed values here.
[[nodiscard]] pipeline::Result<SettingValue> parse_value(SettingType type, std::string_view text);

// The type a value holds.
[[nodiscard]] SettingType type_of(const SettingValue& value) noexcept;

}  // namespace mfp::security::settings
