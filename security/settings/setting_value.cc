#include "security/settings/setting_value.h"

#include <charconv>

namespace mfp::security::settings {

std::string_view to_string(SettingType type) noexcept {
  switch (type) {
    case SettingType::boolean:
      return "bool";
    case SettingType::integer:
      return "int";
    case SettingType::enumeration:
      return "enum";
  }
  return "unknown";
}

std::string to_text(const SettingValue& value) {
  if (const bool* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (const std::int64_t* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  return std::get<std::string>(value);
}

SettingType type_of(const SettingValue& value) noexcept {
  switch (value.index()) {
    case 0:
      return SettingType::boolean;
    case 1:
      return SettingType::integer;
    default:
      return SettingType::enumeration;
  }
}

pipeline::Result<SettingValue> parse_value(SettingType type, std::string_view text) {
  using pipeline::StatusCode;
  switch (type) {
    case SettingType::boolean:
      if (text == "true") return SettingValue{true};
      if (text == "false") return SettingValue{false};
      return pipeline::make_error(StatusCode::invalid_argument,
                                  "setting value: expected \"true\" or \"false\"");
    case SettingType::integer: {
      std::int64_t out = 0;
      const char* first = text.data();
      const char* last = text.data() + text.size();
      // Canonical decimal only: no '+', no leading zeros (except "0"), no "-0".
      const bool leading_zero = text.size() > 1 && text[0] == '0';
      const bool neg_zero = text.size() > 1 && text[0] == '-' && text[1] == '0';
      auto [ptr, ec] = std::from_chars(first, last, out);
      if (text.empty() || ec != std::errc() || ptr != last || leading_zero || neg_zero) {
        return pipeline::make_error(StatusCode::invalid_argument,
                                    "setting value: expected a decimal integer");
      }
      return SettingValue{out};
    }
    case SettingType::enumeration:
      if (text.empty()) {
        return pipeline::make_error(StatusCode::invalid_argument,
                                    "setting value: empty enumeration name");
      }
      return SettingValue{std::string(text)};
  }
  return pipeline::make_error(StatusCode::internal, "setting value: unknown type");
}

}  // namespace mfp::security::settings
