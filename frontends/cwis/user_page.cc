// Permissions → User Accounts → one account: its name and role (edit), unlock after a
// lockout, a new password (the administrator confirms with their own password first), delete.
// The device services decide who may do each (administrators; the Key Operator's account is
// changed only as the services allow).

#include <string>

#include "frontends/cwis/pages.h"
#include "frontends/cwis/user_role.h"
#include "frontends/cwis/web_request.h"

namespace mfp::frontends::cwis {

namespace {

using http::TemplateData;
using security::ownership::Role;

std::string page_of(std::uint64_t id, std::string_view done = {}) {
  std::string path = "/permissions/user.html?id=" + std::to_string(id);
  if (!done.empty()) path += "&done=" + std::string(done);
  return path;
}

void show(WebRequest& request, std::uint64_t id, const std::string& failed, unsigned status) {
  auto user = request.device().users().view(request.caller(), id);
  if (!user) return request.fail(user.status());
  TemplateData data;
  data.set("id", std::to_string(user->id));
  data.set("login", user->login);
  data.set("name", user->name);
  data.set("role", role_label(user->roles));
  data.set("built_in", user->roles.contains(Role::key_operator));
  data.set("administrator", user->roles.contains(Role::system_administrator));
  data.set("locked", user->locked);
  data.set("csrf", request.session()->csrf_token);
  if (!failed.empty()) data.set("failed", failed);
  if (auto done = request.query().get("done")) {
    if (*done == "saved") data.set("notice", std::string("The account was saved."));
    if (*done == "unlocked") data.set("notice", std::string("The account was unlocked."));
    if (*done == "password") data.set("notice", std::string("The password was set."));
  }
  request.page("templates/user.html", "User Account", data, status);
}

// A refusal by the services is the error page; a bad value is shown on the form.
void refused(WebRequest& request, std::uint64_t id, const pipeline::Status& status) {
  if (status.code() == pipeline::StatusCode::permission_denied ||
      status.code() == pipeline::StatusCode::not_found) {
    return request.fail(status);
  }
  show(request, id, status.message(), 400);
}

}  // namespace

void user_page(WebRequest& request) {
  const auto id = request.number("id");
  if (!id) return request.fail(400, "Which account? The address names none.");
  show(request, *id, {}, 200);
}

void user_edit(WebRequest& request) {
  const auto id = request.number("id");
  if (!id) return request.fail(400, "Which account? The form names none.");
  const auto roles = role_from_form(request.form().value("role"));
  if (!roles) return show(request, *id, "Choose General User or System Administrator.", 400);
  pipeline::device::UserEdit edit;
  edit.id = *id;
  edit.name = std::string(request.form().value("name"));
  edit.roles = *roles;
  const auto done = request.device().users().edit(request.caller(), edit);
  if (!done.is_ok()) return refused(request, *id, done);
  request.see_other(page_of(*id, "saved"));
}

void user_unlock(WebRequest& request) {
  const auto id = request.number("id");
  if (!id) return request.fail(400, "Which account? The form names none.");
  const auto done = request.device().users().unlock(request.caller(), *id);
  if (!done.is_ok()) return refused(request, *id, done);
  request.see_other(page_of(*id, "unlocked"));
}

void user_password(WebRequest& request) {
  const auto id = request.number("id");
  if (!id) return request.fail(400, "Which account? The form names none.");
  const auto& form = request.form();
  if (form.value("password") != form.value("confirm")) {
    return show(request, *id, "The password and its retyped copy differ.", 400);
  }
  // A passcode change asks for the administrator's own password again.
  auto again =
      request.device().protocol().login(request.session()->login, form.bytes("admin_password"),
                                        security::auth::Interface::browser, request.caller().peer);
  if (!again) return show(request, *id, "Your own password was not correct.", 403);
  const auto done =
      request.device().users().set_password(request.caller(), *id, form.bytes("password"));
  if (!done.is_ok()) return refused(request, *id, done);
  request.see_other(page_of(*id, "password"));
}

void user_delete(WebRequest& request) {
  const auto id = request.number("id");
  if (!id) return request.fail(400, "Which account? The form names none.");
  if (!request.form().has("confirm")) {
    return show(request, *id, "Tick the box to confirm the deletion.", 400);
  }
  const auto done = request.device().users().remove(request.caller(), *id);
  if (!done.is_ok()) return refused(request, *id, done);
  request.see_other("/permissions/index.html?done=deleted");
}

}  // namespace mfp::frontends::cwis
