#include "frontends/http/request_origin.h"

#include <string>
#include <string_view>

#include "pipeline/ascii_iequals.h"

namespace mfp::frontends::http {

namespace {

// "https://host:port" of a URL ("https://host:port/path?q"), or "" when it has no scheme.
std::string_view origin_of(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  const std::size_t path = url.find_first_of("/?#", scheme + 3);
  return url.substr(0, path);
}

}  // namespace

RequestOrigin request_origin(const HttpRequestHead& head, bool tls) {
  const auto host = head.field("Host");
  const std::string self =
      std::string(tls ? "https://" : "http://") + std::string(host.value_or(std::string_view{}));
  bool seen = false;
  if (auto site = head.field("Sec-Fetch-Site")) {
    seen = true;
    if (!pipeline::ascii_iequals(*site, "same-origin") && !pipeline::ascii_iequals(*site, "none")) {
      return RequestOrigin::cross_site;
    }
  }
  if (auto origin = head.field("Origin")) {
    seen = true;
    // "null" (a sandboxed or privacy-sensitive context) is not this device.
    if (!host || !pipeline::ascii_iequals(*origin, self)) return RequestOrigin::cross_site;
  }
  if (auto referer = head.field("Referer")) {
    seen = true;
    if (!host || !pipeline::ascii_iequals(origin_of(*referer), self)) {
      return RequestOrigin::cross_site;
    }
  }
  return seen ? RequestOrigin::same_origin : RequestOrigin::absent;
}

}  // namespace mfp::frontends::http
