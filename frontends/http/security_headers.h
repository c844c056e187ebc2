#pragma once
// add_security_headers(): the fields every response of the device's web pages carries: a
// strict Content-Security-Policy (no inline script or style anywhere, so injected markup
// cannot run), framing refused, no MIME sniffing, same-origin referrers and opener, HSTS, and
// no caching of pages and downloads that belong to a session.

#include <cstdint>

#include "frontends/http/http_exchange.h"

namespace mfp::frontends::http {

enum class Caching : std::uint8_t {
  no_store,       // authenticated pages, downloads, anything that varies with the session
  public_static,  // the style sheet, the script, the icons
};

// The Content-Security-Policy value the pages are served with.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

void add_security_headers(HttpResponse& response, Caching caching = Caching::no_store);

}  // namespace mfp::frontends::http
