// Permissions → User Accounts: the local accounts (User ID, name, role, locked) and the form
// that adds one. The device services decide who may list and add (administrators).

#include <string>

#include "frontends/cwis/pages.h"
#include "frontends/cwis/user_role.h"
#include "frontends/cwis/web_request.h"

namespace mfp::frontends::cwis {

namespace {

using http::TemplateData;
using http::TemplateList;

void show(WebRequest& request, const std::string& failed, unsigned status) {
  auto users = request.device().users().list(request.caller());
  if (!users) return request.fail(users.status());
  TemplateData data;
  TemplateList rows;
  for (const auto& u : *users) {
    TemplateData row;
    row.set("id", std::to_string(u.id));
    row.set("login", u.login);
    row.set("name", u.name);
    row.set("role", role_label(u.roles));
    row.set("locked", u.locked);
    rows.push_back(std::move(row));
  }
  data.set("users", rows);
  data.set("csrf", request.session()->csrf_token);
  if (!failed.empty()) data.set("failed", failed);
  if (auto done = request.query().get("done")) {
    if (*done == "added") data.set("notice", std::string("The account was added."));
    if (*done == "deleted") data.set("notice", std::string("The account was deleted."));
  }
  request.page("templates/users.html", "User Accounts", data, status);
}

}  // namespace

void users_page(WebRequest& request) {
  show(request, {}, 200);
}

void user_add(WebRequest& request) {
  const auto& form = request.form();
  const auto roles = role_from_form(form.value("role"));
  if (!roles) return show(request, "Choose General User or System Administrator.", 400);
  if (form.value("password") != form.value("confirm")) {
    return show(request, "The password and its retyped copy differ.", 400);
  }
  pipeline::device::NewUser user;
  user.login = std::string(form.value("login"));
  user.name = std::string(form.value("name"));
  user.roles = *roles;
  user.password = security::crypto::SecureBytes::copy_of(form.bytes("password"));
  auto added = request.device().users().add(request.caller(), user);
  if (!added) {
    if (added.status().code() == pipeline::StatusCode::permission_denied) {
      return request.fail(added.status());
    }
    return show(request, added.status().message(), 400);
  }
  request.see_other("/permissions/index.html?done=added");
}

}  // namespace mfp::frontends::cwis
