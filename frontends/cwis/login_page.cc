// The login page and logging out. A login opens a new session (a fresh ID; the one the client
// had is ended) and goes on to the page the user came from, or to the password page while the
// account must still change its password.

#include <string>

#include "frontends/cwis/page_table.h"
#include "frontends/cwis/pages.h"
#include "frontends/cwis/web_request.h"

namespace mfp::frontends::cwis {

namespace {

constexpr std::string_view kHome = "/home/index.html";

void show_login(WebRequest& request, std::string_view next, const std::string& failed,
                unsigned status) {
  http::TemplateData data;
  data.set("next", std::string(is_return_page(next) ? next : kHome));
  if (!failed.empty()) data.set("failed", failed);
  if (request.query().has("ended")) data.set("ended", true);
  if (request.query().has("changed")) data.set("changed", true);
  request.page("templates/login.html", "Log In", data, status);
}

}  // namespace

void login_page(WebRequest& request) {
  show_login(request, request.query().value("next"), {}, 200);
}

void login_submit(WebRequest& request) {
  auto form = http::read_form(request.exchange());
  if (!form) return request.fail(form.status());
  auto login = request.log_in(form->value("user"), form->bytes("password"));
  if (!login) {
    const bool throttled = login.status().code() == pipeline::StatusCode::resource_exhausted;
    return show_login(request, form->value("next"), login.status().message(),
                      throttled ? 429 : 403);
  }
  if (login->must_change_password) return request.see_other("/password.html");
  const std::string_view next = form->value("next");
  request.see_other(is_return_page(next) ? next : kHome);
}

void logout_submit(WebRequest& request) {
  request.end_session();
  request.see_other("/login.html?ended=1");
}

}  // namespace mfp::frontends::cwis
