// The guide's audit-log import script ("Import the Audit Log File"), served as the script is
// printed: POST /LOGIN.CMD with NAME and PSW base64-encoded and put into the form body without
// escaping (so a '+' of the encoding arrives as itself, never as a space), then
// GET /ALOGEXPT.CMD with the session cookie the login set, then GET /LOGOUT.CMD. Failed logins
// count towards the lockout and are audited at the browser interface, as at the login page;
// only those AccessPolicy lets export the audit log get the file.

#include <string>

#include "frontends/cwis/pages.h"
#include "frontends/cwis/web_request.h"
#include "frontends/http/base64.h"

namespace mfp::frontends::cwis {

namespace {

void plain(WebRequest& request, unsigned status, std::string text) {
  http::HttpResponse r;
  r.status = status;
  r.set("Content-Type", "text/plain; charset=utf-8");
  r.body = std::move(text);
  request.send(std::move(r));
}

}  // namespace

void login_command(WebRequest& request) {
  auto form = http::read_form(request.exchange(), http::PlusSign::literal);
  if (!form) return plain(request, 400, "The login request is malformed.\n");
  auto user = http::decode_base64(form->value("NAME"));
  auto password = http::decode_base64(form->value("PSW"));
  if (!user || !password || user->empty()) {
    return plain(request, 400, "NAME and PSW must be base64-encoded.\n");
  }
  const std::string_view name(reinterpret_cast<const char*>(user->data()), user->size());
  auto login = request.log_in(name, password->span());
  if (!login) {
    const bool throttled = login.status().code() == pipeline::StatusCode::resource_exhausted;
    return plain(request, throttled ? 429 : 403, login.status().message() + "\n");
  }
  http::TemplateData data;
  data.set("message", login->must_change_password
                          ? std::string("Logged in. Set a new password before you go on.")
                          : std::string("Logged in."));
  request.page("templates/command_done.html", "Log In", data);
}

void audit_export_command(WebRequest& request) {
  auto log = request.device().audit().export_log(request.caller(), request.host());
  if (!log)
    return plain(request,
                 log.status().code() == pipeline::StatusCode::permission_denied ? 403 : 500,
                 log.status().message() + "\n");
  request.download("auditfile.txt", "text/plain; charset=utf-8", std::move(log).value());
}

void logout_command(WebRequest& request) {
  request.end_session();
  http::TemplateData data;
  data.set("message", std::string("Logged out."));
  request.page("templates/command_done.html", "Log Out", data);
}

}  // namespace mfp::frontends::cwis
