#pragma once
// ascii_iequals: equality of two strings ignoring ASCII letter case, for protocol tokens and
// names (HTTP field names and schemes, IPP charsets, engine model names). Bytes outside A-Z
// compare exactly: no locale, no Unicode folding.

#include <cstddef>
#include <string_view>

namespace mfp::pipeline {

[[nodiscard]] constexpr bool ascii_iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace mfp::pipeline
