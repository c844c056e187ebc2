#include "frontends/cwis/web_request.h"

#include <array>
#include <charconv>
#include <utility>

#include "frontends/cwis/cwis_site.h"
#include "frontends/http/cookie.h"
#include "frontends/http/host_header.h"
#include "frontends/status_map.h"

namespace mfp::frontends::cwis {

namespace {

struct NavEntry {
  Section section;
  std::string_view label;
  std::string_view href;
};

// The main menu, in the guide's order.
constexpr std::array kNav = {
    NavEntry{Section::home, "Home", "/home/index.html"},
    NavEntry{Section::app, "App", "/app/folders.html"},
    NavEntry{Section::jobs, "Jobs", "/jobs/index.html"},
    NavEntry{Section::permissions, "Permissions", "/permissions/index.html"},
    NavEntry{Section::system, "System", "/system/index.html"},
    NavEntry{Section::network, "Network", "/network/index.html"},
};

}  // namespace

WebRequest::WebRequest(const CwisSite& site, http::HttpExchange& exchange, const PageSpec& spec)
    : site_(site),
      exchange_(exchange),
      spec_(spec),
      caller_{security::ownership::Subject::unauthenticated(), pipeline::device::Interface::browser,
              exchange.connection().peer_address} {}

pipeline::device::DeviceServices& WebRequest::device() const noexcept {
  return site_.device();
}

std::string WebRequest::host() const {
  if (auto field = head().field("Host")) {
    if (auto parsed = http::HostHeader::parse(*field)) return std::move(parsed->host);
  }
  return "localhost";
}

std::optional<std::uint64_t> WebRequest::number(std::string_view name) const {
  auto text = form_.get(name);
  if (!text) text = query_.get(name);
  if (!text || text->empty()) return std::nullopt;
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc{} || end != text->data() + text->size()) return std::nullopt;
  return n;
}

void WebRequest::send(http::HttpResponse response, http::Caching caching) {
  http::add_security_headers(response, caching);
  for (auto& cookie : set_cookies_) response.set("Set-Cookie", std::move(cookie));
  set_cookies_.clear();
  (void)exchange_.respond(std::move(response));
}

void WebRequest::page(std::string_view template_name, std::string_view title,
                      const http::TemplateData& data, unsigned status) {
  auto content = site_.templates().render(template_name, data);
  if (!content) {
    fail(500, "The page could not be shown.");
    return;
  }
  http::TemplateData layout;
  layout.set("title", std::string(title));
  layout.set("product", std::string(site_.product()));
  http::TemplateList nav;
  for (const NavEntry& entry : kNav) {
    http::TemplateData item;
    item.set("label", std::string(entry.label));
    item.set("href", std::string(entry.href));
    item.set("current", entry.section == spec_.section);
    nav.push_back(std::move(item));
  }
  layout.set("nav", nav);
  if (session_) {
    http::TemplateData user;
    user.set("login", session_->login);
    user.set("csrf", session_->csrf_token);
    layout.set("user", user);
  }
  layout.set("content", content.value());
  auto html = site_.templates().render("templates/layout.html", layout);
  if (!html) {
    http::HttpResponse r;
    r.status = 500;
    r.set("Content-Type", "text/plain; charset=utf-8");
    r.body = "The page could not be shown.\n";
    send(std::move(r));
    return;
  }
  http::HttpResponse r;
  r.status = status;
  r.set("Content-Type", "text/html; charset=utf-8");
  r.body = std::move(html).value();
  send(std::move(r));
}

void WebRequest::see_other(std::string_view path) {
  http::HttpResponse r;
  r.status = 303;
  r.set("Location", std::string(path));
  r.set("Content-Type", "text/plain; charset=utf-8");
  r.body = "See " + std::string(path) + "\n";
  send(std::move(r));
}

void WebRequest::fail(const pipeline::Status& status) {
  fail(http_status_for(status), status.message());
}

void WebRequest::fail(unsigned http_status, std::string_view message) {
  http::TemplateData data;
  data.set("message", std::string(message));
  data.set("status", std::to_string(http_status));
  page("templates/error.html",
       http_status == 403   ? "Not permitted"
       : http_status == 404 ? "Not found"
                            : "The request was not carried out",
       data, http_status);
}

void WebRequest::download(std::string_view file_name, std::string_view content_type,
                          std::string body) {
  http::HttpResponse r;
  r.set("Content-Type", std::string(content_type));
  r.set("Content-Disposition", "attachment; filename=\"" + std::string(file_name) + "\"");
  r.body = std::move(body);
  send(std::move(r));
}

pipeline::Result<security::auth::LoginResult> WebRequest::log_in(
    std::string_view user, std::span<const std::uint8_t> password) {
  MFP_ASSIGN_OR_RETURN(
      auto login,
      device().protocol().login(user, password, security::auth::Interface::browser, caller_.peer));
  MFP_RETURN_IF_ERROR(start_session(login));
  return login;
}

pipeline::Status WebRequest::start_session(const security::auth::LoginResult& login) {
  MFP_ASSIGN_OR_RETURN(auto session, device().protocol().start_session(
                                         security::auth::SessionKind::browser, login, cookie_id_));
  set_cookies_.push_back(http::SetCookie{std::string(kSessionCookie), session.id, {}}.to_string());
  caller_.subject = session.subject;
  session_ = std::move(session);
  return pipeline::Status::ok();
}

void WebRequest::end_session() {
  if (!cookie_id_.empty()) device().protocol().end_session(cookie_id_);
  session_.reset();
  caller_.subject = security::ownership::Subject::unauthenticated();
  set_cookies_.push_back(http::SetCookie::expire(std::string(kSessionCookie)).to_string());
}

}  // namespace mfp::frontends::cwis
