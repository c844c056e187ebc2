#pragma once
// WebRequest: one request to the browser interface as a page handler sees it: the device
// services, the caller (the session's user at the browser interface, or nobody), the form and
// query, and the ways to answer (a page in the layout, a redirect after a POST, an error page,
// a download). Every answer carries the security headers (http::add_security_headers) and no
// caching unless it is a static file.
//
// CwisSite builds it and runs the page table's checks (session, CSRF, origin, forced password
// change) before the handler; the handler only calls services and renders. Not thread-safe
// (one request); borrows the site and the exchange.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/cwis/page_spec.h"
#include "frontends/http/form_data.h"
#include "frontends/http/html_template.h"
#include "frontends/http/http_exchange.h"
#include "frontends/http/security_headers.h"
#include "pipeline/device/caller.h"
#include "pipeline/device/device_services.h"
#include "security/auth/session.h"

namespace mfp::frontends::cwis {

class CwisSite;

// The session cookie's name ("__Host-": Secure, Path=/, no Domain, or the browser drops it).
inline constexpr std::string_view kSessionCookie = "__Host-mfp-session";
// The form field that carries the session's CSRF token.
inline constexpr std::string_view kCsrfField = "csrf";

class WebRequest {
 public:
  WebRequest(const CwisSite& site, http::HttpExchange& exchange, const PageSpec& spec);

  [[nodiscard]] pipeline::device::DeviceServices& device() const noexcept;
  [[nodiscard]] const http::HttpRequestHead& head() const noexcept { return exchange_.head(); }
  [[nodiscard]] const PageSpec& spec() const noexcept { return spec_; }
  // The exchange itself, for the login rows that read their own bodies.
  [[nodiscard]] http::HttpExchange& exchange() noexcept { return exchange_; }
  [[nodiscard]] const pipeline::device::Caller& caller() const noexcept { return caller_; }
  [[nodiscard]] const std::optional<security::auth::Session>& session() const noexcept {
    return session_;
  }
  [[nodiscard]] bool logged_in() const noexcept { return session_.has_value(); }
  // The POST body's fields (empty for GET) and the query's.
  [[nodiscard]] const http::FormData& form() const noexcept { return form_; }
  [[nodiscard]] const http::FormData& query() const noexcept { return query_; }
  // The host name the client used (Host field), for addresses shown or exported; "localhost"
  // when absent or implausible.
  [[nodiscard]] std::string host() const;
  // An unsigned number from the form (POST) or the query (GET); nullopt when absent or not
  // a number.
  [[nodiscard]] std::optional<std::uint64_t> number(std::string_view name) const;

  // Renders `template_name` with `data` into the layout under `title` and sends it.
  void page(std::string_view template_name, std::string_view title, const http::TemplateData& data,
            unsigned status = 200);
  // 303 See Other to a path of this site (after a POST, so a reload does not repeat it).
  void see_other(std::string_view path);
  // The error page for a failed service call: the HTTP status of its code (status_map) and
  // its message.
  void fail(const pipeline::Status& status);
  // The error page with an explicit status and message.
  void fail(unsigned http_status, std::string_view message);
  // A file download (Content-Disposition: attachment), never cached.
  void download(std::string_view file_name, std::string_view content_type, std::string body);
  // Sends `response` with the security headers and the cookies set so far.
  void send(http::HttpResponse response, http::Caching caching = http::Caching::no_store);

  // Checks a user's credentials at the browser interface (lockout, throttling and the failed
  // login's audit record are the authenticator's) and opens a session: the login's result, or
  // permission_denied with the guide's one message, resource_exhausted when throttled.
  [[nodiscard]] pipeline::Result<security::auth::LoginResult> log_in(
      std::string_view user, std::span<const std::uint8_t> password);
  // Opens a session for `login` (replacing the client's previous one) and sets its cookie on
  // the answer; the session's error (resource_exhausted) otherwise.
  [[nodiscard]] pipeline::Status start_session(const security::auth::LoginResult& login);
  // Ends the session and deletes its cookie.
  void end_session();

 private:
  friend class CwisSite;

  const CwisSite& site_;
  http::HttpExchange& exchange_;
  const PageSpec& spec_;
  pipeline::device::Caller caller_;
  std::optional<security::auth::Session> session_;
  std::string cookie_id_;  // the session cookie the client sent (may be stale)
  http::FormData form_;
  http::FormData query_;
  std::vector<std::string> set_cookies_;
};

}  // namespace mfp::frontends::cwis
