#include "frontends/http/http_exchange.h"

#include "pipeline/ascii_iequals.h"

namespace mfp::frontends::http {

std::optional<std::string_view> HttpRequestHead::field(std::string_view name) const noexcept {
  for (const auto& [key, value] : fields) {
    if (pipeline::ascii_iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

}  // namespace mfp::frontends::http
