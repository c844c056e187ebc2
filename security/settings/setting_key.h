#pragma once
// SettingKey<T>: a setting's key together with the type code reads it as (bool, std::int64_t,
// or an enumeration type of setting_choices.h). Keys are declared once, as constants in
// setting_keys.h, and checked against the settings table by a test: code never names a
// setting with a string literal, so a misspelt key is a compile error, not a silent fallback.

#include <string_view>

namespace mfp::security::settings {

template <typename T>
struct SettingKey {
  std::string_view name;
};

}  // namespace mfp::security::settings
