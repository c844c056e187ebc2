#include "frontends/http/security_headers.h"

#include <string>

namespace mfp::frontends::http {

void add_security_headers(HttpResponse& response, Caching caching) {
  response.set("Content-Security-Policy", std::string(kContentSecurityPolicy));
  response.set("X-Frame-Options", "DENY");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "same-origin");
  response.set("Cross-Origin-Opener-Policy", "same-origin");
  response.set("Cross-Origin-Resource-Policy", "same-origin");
  response.set("Strict-Transport-Security", "max-age=31536000");
  if (caching == Caching::no_store) {
    response.set("Cache-Control", "no-store");
  } else {
    response.set("Cache-Control", "max-age=3600");
  }
}

}  // namespace mfp::frontends::http
