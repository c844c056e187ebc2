#include "frontends/http/http_exchange.h"

namespace mfp::frontends::http {

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::optional<std::string_view> HttpRequestHead::field(std::string_view name) const noexcept {
  for (const auto& [key, value] : fields) {
    if (iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

}  // namespace mfp::frontends::http
