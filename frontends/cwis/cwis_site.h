#pragma once
// CwisSite: the browser interface (CentreWare Internet Services): every row of the page table
// mounted on an HTTPS route table, the static style sheet and script, and a not-found page,
// all with the security headers.
//
// Before a page's handler runs the site authenticates and guards, as the row says:
// - the session: the "__Host-" cookie names a live browser session (SessionManager; its idle
//   timer is "Auto Clear (Internet Services)"). A page that needs one redirects a request
//   without it to the login page (303); an action answers 401.
// - state changes: POST only (the route table refuses others). A row guarded by the CSRF token
//   is refused (403) when the request says it is cross-site (Origin, Sec-Fetch-Site, Referer)
//   or when its "csrf" field is not the session's token (constant-time compare). The check
//   does not depend on the "CSRF Protection" setting: it cannot be switched off. Login rows
//   (no session yet) take same-origin requests and those that name no origin at all (a script
//   such as the guide's audit-log export); cross-site ones are refused.
// - the forced password change: while the session's account must change its password (the
//   Key Operator's one-time password), every page but the password page and logging out
//   redirects to the password page.
// Pages never decide authorization: they call the device services with the caller, which
// answer permission_denied (403 page) as AccessPolicy says.
//
// Failure: create() returns invalid_argument for a template that does not parse. Thread-safe
// after mount(). Borrows the device services, which must outlive it.

#include <memory>
#include <string>
#include <string_view>

#include "frontends/cwis/page_spec.h"
#include "frontends/http/html_template.h"
#include "frontends/http/route_table.h"
#include "pipeline/device/device_services.h"

namespace mfp::frontends::cwis {

class WebRequest;

class CwisSite {
 public:
  [[nodiscard]] static pipeline::Result<std::unique_ptr<CwisSite>> create(
      pipeline::device::DeviceServices& device);
  CwisSite(const CwisSite&) = delete;
  CwisSite& operator=(const CwisSite&) = delete;

  // Adds the pages, the static files and the not-found page to `routes`.
  [[nodiscard]] pipeline::Status mount(http::RouteTable& routes) const;

  [[nodiscard]] pipeline::device::DeviceServices& device() const noexcept { return device_; }
  [[nodiscard]] const http::TemplateSet& templates() const noexcept { return templates_; }
  // The product name shown in the title and header.
  [[nodiscard]] std::string_view product() const noexcept { return "OpenMFP"; }

 private:
  explicit CwisSite(pipeline::device::DeviceServices& device) : device_(device) {}
  // Authenticates and guards (see above), then runs the row's handler.
  void serve(const PageSpec& spec, http::HttpExchange& exchange) const;
  // Whether the request may go on; answers it when not.
  [[nodiscard]] bool admit(WebRequest& request) const;
  // The live session the request's cookie names, if any, becomes the request's caller.
  void resume_session(WebRequest& request) const;
  [[nodiscard]] bool guard_state_change(WebRequest& request) const;
  void serve_static(std::string_view path, std::string_view content,
                    http::HttpExchange& exchange) const;
  void not_found(http::HttpExchange& exchange) const;

  pipeline::device::DeviceServices& device_;
  http::TemplateSet templates_;
};

}  // namespace mfp::frontends::cwis
