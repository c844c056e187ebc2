#pragma once
// Small readers of HTTP field values shared by the parsers in frontends/http: trim_ows() drops
// the optional whitespace (spaces and tabs, RFC 9110 section 5.6.3) around a value;
// media_type_of() is the media type of a Content-Type value, without its parameters.

#include <string_view>

namespace mfp::frontends::http::detail {

[[nodiscard]] constexpr std::string_view trim_ows(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

[[nodiscard]] constexpr std::string_view media_type_of(std::string_view content_type) noexcept {
  return trim_ows(content_type.substr(0, content_type.find(';')));
}

}  // namespace mfp::frontends::http::detail
