#pragma once
// PageSpec: one row of the browser interface's page table (page_table.h): the path, the method,
// whether a login is needed, whether it changes state (then POST with the session's CSRF
// token, or for the login endpoints a same-origin check), the main-menu section it belongs to,
// and its handler. The table is the interface's map; tests walk it (role matrix, CSRF,
// headers).

#include <cstdint>
#include <string_view>

#include "frontends/http/route.h"

namespace mfp::frontends::cwis {

class WebRequest;

enum class Access : std::uint8_t {
  anyone,   // shown without a login (Home, the login page, the style sheet)
  session,  // needs a browser session; without one a page redirects to the login page
};

enum class Guard : std::uint8_t {
  read_only,   // GET/HEAD: never changes state
  origin,      // a login: refused when Origin/Sec-Fetch-Site/Referer name another site
  csrf_token,  // POST with the session's synchronizer token, and not cross-site
};

// The main menu's sections (the guide's CentreWare Internet Services tabs).
enum class Section : std::uint8_t { none, home, app, jobs, permissions, system, network };

struct PageSpec {
  std::string_view path;
  http::Method method = http::Method::get;
  Access access = Access::session;
  Guard guard = Guard::read_only;
  Section section = Section::none;
  void (*handler)(WebRequest&) = nullptr;
  // The page works while the session's account must still change its password (the
  // password page itself, logging out).
  bool before_password_change = false;
};

}  // namespace mfp::frontends::cwis
