#include "frontends/http/cookie.h"

#include "frontends/http/detail/field_text.h"
#include "pipeline/ascii_iequals.h"

namespace mfp::frontends::http {

using detail::trim_ows;

std::optional<std::string> find_cookie(const HttpRequestHead& head, std::string_view name) {
  for (const auto& [field, value] : head.fields) {
    if (!pipeline::ascii_iequals(field, "Cookie")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const std::size_t semi = rest.find(';');
      const std::string_view pair = trim_ows(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      const std::size_t eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (trim_ows(pair.substr(0, eq)) != name) continue;
      std::string_view v = trim_ows(pair.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
  }
  return std::nullopt;
}

std::string SetCookie::to_string() const {
  std::string out = name + "=" + value + "; Path=/; Secure; HttpOnly; SameSite=Strict";
  if (max_age) out += "; Max-Age=" + std::to_string(max_age->count());
  return out;
}

SetCookie SetCookie::expire(std::string name) {
  return SetCookie{std::move(name), "", std::chrono::seconds(0)};
}

}  // namespace mfp::frontends::http
