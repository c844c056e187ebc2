#pragma once
// The browser interface's page handlers, one group per page file (home_page.cc, login_page.cc,
// ...). Each calls the device services with the request's caller and renders; the page table
// (page_table.cc) says which path, method, login and guard each one has.

namespace mfp::frontends::cwis {

class WebRequest;

// home_page.cc
void root_redirect(WebRequest& request);
void home_page(WebRequest& request);
// login_page.cc
void login_page(WebRequest& request);
void login_submit(WebRequest& request);
void logout_submit(WebRequest& request);
// guide_commands.cc: the guide's audit-log import script's endpoints
void login_command(WebRequest& request);
void audit_export_command(WebRequest& request);
void logout_command(WebRequest& request);
// password_page.cc
void password_page(WebRequest& request);
void password_submit(WebRequest& request);
// certificates_page.cc
void certificates_page(WebRequest& request);
void certificate_download(WebRequest& request);
void certificate_create(WebRequest& request);
void certificate_request(WebRequest& request);
void trust_remove_submit(WebRequest& request);
// folders_page.cc
void folders_page(WebRequest& request);
void folder_create(WebRequest& request);
// folder_page.cc
void folder_page(WebRequest& request);
void folder_edit(WebRequest& request);
void folder_delete(WebRequest& request);
void folder_file_retrieve(WebRequest& request);
void folder_file_delete(WebRequest& request);
// jobs_page.cc
void jobs_page(WebRequest& request);
void job_cancel(WebRequest& request);
void job_release(WebRequest& request);
// users_page.cc
void users_page(WebRequest& request);
void user_add(WebRequest& request);
// user_page.cc
void user_page(WebRequest& request);
void user_edit(WebRequest& request);
void user_delete(WebRequest& request);
void user_unlock(WebRequest& request);
void user_password(WebRequest& request);
// settings_page.cc
void permissions_settings_page(WebRequest& request);
void system_settings_page(WebRequest& request);
void network_settings_page(WebRequest& request);
void settings_submit(WebRequest& request);
void settings_secure_submit(WebRequest& request);
// audit_log_page.cc
void audit_log_page(WebRequest& request);
void audit_log_export(WebRequest& request);
// restart_action.cc
void restart_submit(WebRequest& request);
// time_page.cc
void time_page(WebRequest& request);
void time_submit(WebRequest& request);

}  // namespace mfp::frontends::cwis
