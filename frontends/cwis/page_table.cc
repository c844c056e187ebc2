#include "frontends/cwis/page_table.h"

#include <array>

#include "frontends/cwis/pages.h"

namespace mfp::frontends::cwis {

namespace {

using enum Access;
using enum Guard;
using enum Section;
constexpr http::Method GET = http::Method::get;
constexpr http::Method POST = http::Method::post;

// clang-format off
constexpr std::array kPages = {
  // path                          method access   guard       section      handler               before password change
  PageSpec{"/",                        GET,  anyone,  read_only,       home,        root_redirect,        true},
  PageSpec{"/home/index.html",         GET,  anyone,  read_only,       home,        home_page,            false},
  PageSpec{"/login.html",              GET,  anyone,  read_only,       home,        login_page,           true},
  PageSpec{"/login",                   POST, anyone,  origin,     home,        login_submit,         true},
  PageSpec{"/logout",                  POST, session, csrf_token, home,        logout_submit,        true},
  PageSpec{"/password.html",           GET,  session, read_only,       home,        password_page,        true},
  PageSpec{"/password",                POST, session, csrf_token, home,        password_submit,      true},
  // The guide's audit-log import script (Regular Review by Audit Log). LOGOUT.CMD is a GET in
  // the guide; it only ends the caller's own session, and the SameSite=Strict cookie never
  // comes with a request from another site, so another site cannot end it.
  PageSpec{"/LOGIN.CMD",               POST, anyone,  origin,     none,        login_command,        true},
  PageSpec{"/ALOGEXPT.CMD",            GET,  session, read_only,       none,        audit_export_command, false},
  PageSpec{"/LOGOUT.CMD",              GET,  anyone,  read_only,       none,        logout_command,       true},
  PageSpec{"/app/folders.html",        GET,  session, read_only,  app,         folders_page,         false},
  PageSpec{"/app/folders/create",      POST, session, csrf_token, app,         folder_create,        false},
  PageSpec{"/app/folder.html",         GET,  session, read_only,  app,         folder_page,          false},
  PageSpec{"/app/folder/edit",         POST, session, csrf_token, app,         folder_edit,          false},
  PageSpec{"/app/folder/delete",       POST, session, csrf_token, app,         folder_delete,        false},
  PageSpec{"/app/folder/file/retrieve", POST, session, csrf_token, app,        folder_file_retrieve, false},
  PageSpec{"/app/folder/file/delete",  POST, session, csrf_token, app,         folder_file_delete,   false},
  PageSpec{"/jobs/index.html",         GET,  session, read_only,       jobs,        jobs_page,            false},
  PageSpec{"/jobs/cancel",             POST, session, csrf_token, jobs,        job_cancel,           false},
  PageSpec{"/jobs/release",            POST, session, csrf_token, jobs,        job_release,          false},
  PageSpec{"/permissions/index.html",  GET,  session, read_only,       permissions, users_page,           false},
  PageSpec{"/permissions/users/add",   POST, session, csrf_token, permissions, user_add,             false},
  PageSpec{"/permissions/user.html",   GET,  session, read_only,       permissions, user_page,            false},
  PageSpec{"/permissions/user/edit",   POST, session, csrf_token, permissions, user_edit,            false},
  PageSpec{"/permissions/user/delete", POST, session, csrf_token, permissions, user_delete,          false},
  PageSpec{"/permissions/user/unlock", POST, session, csrf_token, permissions, user_unlock,          false},
  PageSpec{"/permissions/user/password", POST, session, csrf_token, permissions, user_password,      false},
  PageSpec{"/permissions/settings.html", GET, session, read_only,      permissions, permissions_settings_page, false},
  PageSpec{"/system/index.html",       GET,  session, read_only,       system,      system_settings_page, false},
  PageSpec{"/system/certificates.html", GET, session, read_only,  system,      certificates_page,    false},
  PageSpec{"/system/certificate.pem",  GET,  session, read_only,  system,      certificate_download, false},
  PageSpec{"/system/certificates/create", POST, session, csrf_token, system,   certificate_create,   false},
  PageSpec{"/system/certificates/request", POST, session, csrf_token, system,  certificate_request,  false},
  PageSpec{"/system/certificates/untrust", POST, session, csrf_token, system,  trust_remove_submit,  false},
  PageSpec{"/system/logs.html",        GET,  session, read_only,       system,      audit_log_page,       false},
  PageSpec{"/system/logs/export",      GET,  session, read_only,       system,      audit_log_export,     false},
  PageSpec{"/system/time.html",        GET,  session, read_only,       system,      time_page,            false},
  PageSpec{"/system/time",             POST, session, csrf_token, system,      time_submit,          false},
  PageSpec{"/system/restart",          POST, session, csrf_token, system,      restart_submit,       false},
  PageSpec{"/network/index.html",      GET,  session, read_only,       network,     network_settings_page, false},
  PageSpec{"/settings",                POST, session, csrf_token, none,        settings_submit,      false},
  PageSpec{"/settings/secure",         POST, session, csrf_token, none,        settings_secure_submit, false},
};
// clang-format on

}  // namespace

std::span<const PageSpec> page_table() noexcept {
  return kPages;
}

bool is_return_page(std::string_view path) noexcept {
  for (const PageSpec& row : kPages) {
    if (row.path == path && row.method == http::Method::get && row.access == Access::session) {
      return true;
    }
  }
  return false;
}

}  // namespace mfp::frontends::cwis
