// The logged-in user's profile: change one's own password (the Key Operator's first login with
// the one-time password comes here and cannot go elsewhere until it is done). A change ends
// every session of the account, this one too: the user logs in again with the new password.

#include <string>

#include "frontends/cwis/pages.h"
#include "frontends/cwis/web_request.h"
#include "security/settings/setting_keys.h"

namespace mfp::frontends::cwis {

namespace {

void show(WebRequest& request, const std::string& failed, unsigned status) {
  const auto& session = *request.session();
  http::TemplateData data;
  data.set("login", session.login);
  data.set("csrf", session.csrf_token);
  data.set("forced", session.must_change_password);
  const std::int64_t min_length =
      request.device().protocol().setting(security::settings::kPasswordMinLength);
  data.set("min_length", std::to_string(min_length < 1 ? 1 : min_length));
  if (!failed.empty()) data.set("failed", failed);
  request.page("templates/password.html", "Change Password", data, status);
}

}  // namespace

void password_page(WebRequest& request) {
  show(request, {}, 200);
}

void password_submit(WebRequest& request) {
  const auto& form = request.form();
  if (form.value("next") != form.value("confirm")) {
    return show(request, "The new password and its retyped copy differ.", 400);
  }
  const auto changed = request.device().users().change_own_password(
      request.caller(), form.bytes("current"), form.bytes("next"));
  if (!changed.is_ok()) {
    const unsigned status = changed.code() == pipeline::StatusCode::permission_denied ? 403 : 400;
    return show(request, changed.message(), status);
  }
  request.end_session();
  request.see_other("/login.html?changed=1");
}

}  // namespace mfp::frontends::cwis
