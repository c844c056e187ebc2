// Cookies: find_cookie() over one or several Cookie fields, with spaces, quotes and malformed
// pairs; SetCookie always writes the __Host- attributes.

#include "frontends/http/cookie.h"

#include <gtest/gtest.h>

namespace mfp::frontends::http {
namespace {

HttpRequestHead with_cookies(std::initializer_list<const char*> fields) {
  HttpRequestHead h;
  for (const char* f : fields) h.fields.emplace_back("Cookie", f);
  return h;
}

TEST(Cookie, FindsTheNamedCookie) {
  const auto h = with_cookies({"theme=dark; __Host-mfp-session=abc123 ; x", "other=\"q\""});
  EXPECT_EQ(find_cookie(h, "__Host-mfp-session").value(), "abc123");
  EXPECT_EQ(find_cookie(h, "theme").value(), "dark");
  EXPECT_EQ(find_cookie(h, "other").value(), "q");
  EXPECT_FALSE(find_cookie(h, "x").has_value());
  EXPECT_FALSE(find_cookie(h, "missing").has_value());
  EXPECT_FALSE(find_cookie(HttpRequestHead{}, "theme").has_value());
  // The name must match exactly (no prefix matches).
  EXPECT_FALSE(find_cookie(with_cookies({"__Host-mfp-session-old=1"}), "__Host-mfp-session"));
}

TEST(Cookie, SetCookieHasTheHostPrefixAttributes) {
  EXPECT_EQ((SetCookie{"__Host-s", "v", std::nullopt}).to_string(),
            "__Host-s=v; Path=/; Secure; HttpOnly; SameSite=Strict");
  EXPECT_EQ(SetCookie::expire("__Host-s").to_string(),
            "__Host-s=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
}

}  // namespace
}  // namespace mfp::frontends::http
