#pragma once
// The settings table: every device setting of the Security Function Supplementary Guide (each
// row of the appendix "List of Operation Procedures", each item of "Settings for the Secure
// Operation", and the switches of its "Set ..." procedures), as data, one row per setting.
//
// Rows are static constants, sorted by nothing in particular; keys are unique. Never throws.

#include <span>
#include <string_view>

#include "security/settings/setting_definition.h"

namespace mfp::security::settings {

// All rows, in table order.
[[nodiscard]] std::span<const SettingDefinition> setting_table() noexcept;

// The row for `key`, or nullptr when there is none.
[[nodiscard]] const SettingDefinition* find_setting(std::string_view key) noexcept;

}  // namespace mfp::security::settings
