#include "frontends/cwis/cwis_site.h"

#include "frontends/cwis/cwis_assets.h"
#include "frontends/cwis/page_table.h"
#include "frontends/cwis/web_request.h"
#include "frontends/http/cookie.h"
#include "frontends/http/request_origin.h"

namespace mfp::frontends::cwis {

namespace {

using pipeline::Status;

constexpr std::string_view kLoginPage = "/login.html";
constexpr std::string_view kPasswordPage = "/password.html";

std::string_view content_type_of(std::string_view path) {
  if (path.ends_with(".css")) return "text/css; charset=utf-8";
  if (path.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (path.ends_with(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

}  // namespace

pipeline::Result<std::unique_ptr<CwisSite>> CwisSite::create(
    pipeline::device::DeviceServices& device) {
  std::unique_ptr<CwisSite> site(new CwisSite(device));  // NOLINT: private constructor
  for (const Asset& asset : cwis_assets()) {
    if (!asset.path.starts_with("templates/")) continue;
    MFP_RETURN_IF_ERROR(site->templates_.add(std::string(asset.path), asset.content));
  }
  return site;
}

Status CwisSite::mount(http::RouteTable& routes) const {
  for (const PageSpec& spec : page_table()) {
    http::MethodSet methods{spec.method};
    if (spec.method == http::Method::get) methods = {http::Method::get, http::Method::head};
    MFP_RETURN_IF_ERROR(routes.add(http::Route{
        std::string(spec.path), http::PathMatch::exact, methods,
        spec.access == Access::session ? http::RouteAuth::session : http::RouteAuth::none,
        spec.guard != Guard::read_only, nullptr,
        [this, &spec](http::HttpExchange& exchange) { serve(spec, exchange); }}));
  }
  for (const Asset& asset : cwis_assets()) {
    if (!asset.path.starts_with("static/")) continue;
    const std::string path = "/" + std::string(asset.path);
    const std::string_view content = asset.content;
    MFP_RETURN_IF_ERROR(routes.add(http::Route{path,
                                               http::PathMatch::exact,
                                               {http::Method::get, http::Method::head},
                                               http::RouteAuth::none,
                                               false,
                                               nullptr,
                                               [this, path, content](http::HttpExchange& exchange) {
                                                 serve_static(path, content, exchange);
                                               }}));
  }
  // Everything else on the listener: the not-found page, with the headers every page has.
  return routes.add(http::Route{"/",
                                http::PathMatch::prefix,
                                {http::Method::get, http::Method::head, http::Method::post},
                                http::RouteAuth::none,
                                false,
                                nullptr,
                                [this](http::HttpExchange& exchange) { not_found(exchange); }});
}

void CwisSite::serve(const PageSpec& spec, http::HttpExchange& exchange) const {
  WebRequest request(*this, exchange, spec);
  if (!admit(request)) return;
  spec.handler(request);
  if (!exchange.responded()) request.fail(500, "The page gave no answer.");
}

bool CwisSite::admit(WebRequest& request) const {
  const auto& head = request.head();
  auto query = http::query_of(head.target);
  if (!query) {
    request.fail(400, "The address is malformed.");
    return false;
  }
  request.query_ = std::move(query).value();
  resume_session(request);
  const PageSpec& spec = request.spec();
  // Pages of the menu redirect; the guide's commands and actions answer with a status.
  const bool page = spec.method == http::Method::get && spec.section != Section::none;
  if (spec.access == Access::session && !request.logged_in()) {
    if (page) {
      const std::string path = head.target.substr(0, head.target.find('?'));
      request.see_other(std::string(kLoginPage) +
                        "?next=" + std::string(is_return_page(path) ? path : "/home/index.html"));
    } else {
      request.fail(401, "Log in first: the session has ended or was never opened.");
    }
    return false;
  }
  if (spec.guard != Guard::read_only && !guard_state_change(request)) return false;
  if (request.session_ && request.session_->must_change_password && !spec.before_password_change) {
    if (page) {
      request.see_other(kPasswordPage);
    } else {
      request.fail(403, "Set a new password first.");
    }
    return false;
  }
  return true;
}

void CwisSite::resume_session(WebRequest& request) const {
  auto cookie = http::find_cookie(request.head(), kSessionCookie);
  if (!cookie) return;
  request.cookie_id_ = std::move(*cookie);
  auto session =
      device_.protocol().resume_session(request.cookie_id_, security::auth::SessionKind::browser);
  if (!session) return;
  request.caller_.subject = session->subject;
  request.session_ = std::move(session).value();
}

bool CwisSite::guard_state_change(WebRequest& request) const {
  const auto origin = http::request_origin(request.head(), request.exchange_.connection().tls);
  if (origin == http::RequestOrigin::cross_site) {
    request.fail(403, "Refused: the request came from another site.");
    return false;
  }
  // Login rows read their own bodies (the guide's script sends base64 with a literal '+').
  if (request.spec().guard == Guard::origin) return true;
  auto form = http::read_form(request.exchange_);
  if (!form) {
    request.fail(form.status());
    return false;
  }
  request.form_ = std::move(form).value();
  const auto token = request.form_.get(kCsrfField);
  if (!request.session_ || !token ||
      !device_.protocol().check_csrf(request.cookie_id_, *token).is_ok()) {
    request.fail(403,
                 "Refused: the form's security token is missing or belongs to another "
                 "session. Reload the page and try again.");
    return false;
  }
  return true;
}

void CwisSite::serve_static(std::string_view path, std::string_view content,
                            http::HttpExchange& exchange) const {
  http::HttpResponse r;
  r.set("Content-Type", std::string(content_type_of(path)));
  if (exchange.head().method != "HEAD") r.body = std::string(content);
  http::add_security_headers(r, http::Caching::public_static);
  (void)exchange.respond(std::move(r));
}

void CwisSite::not_found(http::HttpExchange& exchange) const {
  static const PageSpec kNotFound{
      "/", http::Method::get, Access::anyone, Guard::read_only, Section::none, nullptr, true};
  WebRequest request(*this, exchange, kNotFound);
  resume_session(request);
  request.fail(404, "There is no page at this address.");
}

}  // namespace mfp::frontends::cwis
