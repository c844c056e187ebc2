#pragma once
// Cookies: find_cookie() reads one cookie of a request's Cookie fields; SetCookie writes a
// Set-Cookie value. Browser sessions use a "__Host-" cookie, which browsers accept only with
// Secure, Path=/ and no Domain: SetCookie always writes those, with HttpOnly and
// SameSite=Strict (a cross-site request never carries the session, so a GET from another site
// cannot act with it).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "frontends/http/http_exchange.h"

namespace mfp::frontends::http {

// The value of the first cookie named `name` in any Cookie field, or nullopt. Malformed pairs
// are skipped; the value is returned as sent (no unquoting beyond one pair of quotes).
[[nodiscard]] std::optional<std::string> find_cookie(const HttpRequestHead& head,
                                                     std::string_view name);

struct SetCookie {
  std::string name;
  std::string value;
  // Set: a cookie the browser keeps only for this long (0 deletes it); unset: a session cookie.
  std::optional<std::chrono::seconds> max_age;

  // "NAME=VALUE; Path=/; Secure; HttpOnly; SameSite=Strict[; Max-Age=N]".
  [[nodiscard]] std::string to_string() const;
  // The Set-Cookie value that deletes cookie `name`.
  [[nodiscard]] static SetCookie expire(std::string name);
};

}  // namespace mfp::frontends::http
