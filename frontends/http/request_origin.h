#pragma once
// request_origin(): where a request says it comes from, for the CSRF defences. Browsers send
// Sec-Fetch-Site and (on POST) Origin; older clients a Referer. A request is same-origin when
// those it carries name this device's scheme and host (the Host field) or say "same-origin"
// ("none" for a URL typed by the user); cross-site when any of them names another origin; and
// absent when it carries none (a script such as the guide's, not a browser).

#include <cstdint>

#include "frontends/http/http_exchange.h"

namespace mfp::frontends::http {

enum class RequestOrigin : std::uint8_t { same_origin, absent, cross_site };

// `tls`: the connection's scheme (https when true). Malformed Origin or Referer fields count as
// cross-site.
[[nodiscard]] RequestOrigin request_origin(const HttpRequestHead& head, bool tls);

}  // namespace mfp::frontends::http
