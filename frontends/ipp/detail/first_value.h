#pragma once
// The first value of an attribute as a string, integer or boolean: null when the attribute is
// absent, has no values, or its first value has another type; one_of() for keyword checks. Shared
// by the printer's request handling and its ticket reading.

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

#include "frontends/ipp/ipp_message.h"

namespace mfp::frontends::ipp::detail {

[[nodiscard]] inline const std::string* first_string(const IppAttribute* a) {
  if (a == nullptr || a->values.empty()) return nullptr;
  return a->values.front().as_string();
}
[[nodiscard]] inline const std::int32_t* first_integer(const IppAttribute* a) {
  if (a == nullptr || a->values.empty()) return nullptr;
  return a->values.front().as_integer();
}
[[nodiscard]] inline const bool* first_boolean(const IppAttribute* a) {
  if (a == nullptr || a->values.empty()) return nullptr;
  return std::get_if<bool>(&a->values.front().data);
}
// True when `s` is one of `allowed` (false for null).
[[nodiscard]] inline bool one_of(const std::string* s,
                                 std::initializer_list<std::string_view> allowed) {
  if (s == nullptr) return false;
  return std::find(allowed.begin(), allowed.end(), *s) != allowed.end();
}

}  // namespace mfp::frontends::ipp::detail
