#include "frontends/ipp/ipp_printer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <tuple>

#include <strings.h>

#include "engine_hw/media_size.h"
#include "frontends/http/basic_credentials.h"
#include "frontends/http/host_header.h"
#include "frontends/http/request_body_stream.h"
#include "frontends/ipp/check_operation_attributes.h"
#include "frontends/ipp/detail/first_value.h"
#include "frontends/ipp/detail/ipp_request.h"
#include "frontends/ipp/inflate_stream.h"
#include "frontends/ipp/ipp_reader.h"
#include "frontends/ipp/ipp_request_reader.h"
#include "frontends/ipp/ipp_writer.h"
#include "frontends/ipp/job_attributes.h"
#include "frontends/ipp/job_ticket.h"
#include "frontends/ipp/printer_attributes.h"
#include "frontends/status_map.h"
#include "pipeline/ascii_iequals.h"
#include "pipeline/device/software_version.h"
#include "pipeline/page_layout.h"
#include "pipeline/page_range.h"
#include "security/settings/setting_keys.h"
#include "stages/print_conflicts.h"

namespace mfp::frontends::ipp {

namespace {

using detail::Auth;
using detail::error_response;
using detail::first_string;
using detail::job_id_of_uri;
using detail::one_of;
using detail::response_to;

constexpr std::size_t kReadChunk = 64 * 1024;
// Bytes of an unread body still drained after an error answer so the connection survives.
constexpr std::size_t kDrainLimit = 1 << 20;

// The printer's paths (its route table's and the printer-uri paths it accepts).
constexpr std::array<std::string_view, 4> kPrinterPaths = {"/ipp/print", "/ipp", "/ipp/print/",
                                                           "/ipp/"};

bool serves(std::string_view path) {
  return std::find(kPrinterPaths.begin(), kPrinterPaths.end(), path) != kPrinterPaths.end();
}

// The path of an ipp/ipps URI ("/ipp/print"), or "" when it is not one.
std::string_view uri_path(std::string_view u) {
  std::size_t scheme = u.find("://");
  if (scheme == std::string_view::npos) return {};
  const std::string_view s = u.substr(0, scheme);
  if (s != "ipp" && s != "ipps") return {};
  const std::size_t path = u.find('/', scheme + 3);
  return path == std::string_view::npos ? std::string_view("/") : u.substr(path);
}

}  // namespace

namespace {

// Zeroes what of a handled request may hold a secret: the request bytes read (attributes and
// the start of the document) and any document-password value.
template <typename Request>
void scrub_request(Request& request) noexcept {
  explicit_bzero(request.bytes.data(), request.bytes.size());
  for (IppGroup& g : request.message.groups) {
    for (IppAttribute& a : g.attributes) {
      if (a.name != "document-password") continue;
      for (IppValue& v : a.values) {
        if (auto* s = std::get_if<std::string>(&v.data)) explicit_bzero(s->data(), s->size());
      }
    }
  }
}

}  // namespace

IppPrinter::IppPrinter(pipeline::device::DeviceServices& device, IppPrinterOptions options)
    : device_(device), options_(std::move(options)), boot_(device.protocol().clock().now()) {}

std::pair<std::int64_t, std::int64_t> IppPrinter::now_and_boot_unix() const {
  const engine_hw::Clock& clock = device_.protocol().clock();
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(clock.wall_now().time_since_epoch()).count();
  const auto up = std::chrono::duration_cast<std::chrono::seconds>(clock.now() - boot_).count();
  return {now, now - up};
}

std::vector<http::Route> IppPrinter::routes(const std::function<bool()>& enabled) {
  std::vector<http::Route> out;
  for (std::string_view path : kPrinterPaths) {
    out.push_back({std::string(path),
                   http::PathMatch::exact,
                   {http::Method::post},
                   http::RouteAuth::basic,
                   true,
                   enabled,
                   [this](http::HttpExchange& e) { handle(e); }});
    out.push_back({std::string(path),
                   http::PathMatch::exact,
                   {http::Method::get, http::Method::head},
                   http::RouteAuth::none,
                   false,
                   enabled,
                   [this](http::HttpExchange& e) { about(e); }});
  }
  return out;
}

void IppPrinter::about(http::HttpExchange& exchange) const {
  http::HttpResponse r;
  r.set("Content-Type", "text/plain; charset=utf-8");
  r.body = options_.name + ": IPP printer. Add it as ipps://<host>:<port>/ipp/print\n";
  (void)exchange.respond(std::move(r));
}

bool IppPrinter::login_first(Request& request, std::uint64_t job_id,
                             const pipeline::Status& refusal) {
  // A job its creator made logged in: a caller without credentials is asked for them (the
  // creator's client sends them). Another anonymous client's job: refused for good
  // (client-error-not-authorized), as no credential makes the caller its creator.
  if (refusal.code() != pipeline::StatusCode::permission_denied || request.auth != Auth::none ||
      !device_.jobs().created_with_login(job_id)) {
    return false;
  }
  request.challenge = true;
  return true;
}

bool IppPrinter::login_required() const {
  return device_.protocol().setting(security::settings::kReceiveControl) ==
         security::settings::ReceiveControl::according_to_print_accounting;
}

void IppPrinter::challenge(http::HttpExchange& exchange) {
  http::HttpResponse r;
  r.status = 401;
  r.set("WWW-Authenticate", "Basic realm=\"" + options_.name + "\", charset=\"UTF-8\"");
  r.set("Content-Type", "text/plain");
  r.body = "Authentication required\n";
  (void)exchange.respond(std::move(r));
}

void IppPrinter::answer(http::HttpExchange& exchange, const IppMessage& response,
                        const std::vector<std::uint8_t>* appended) {
  auto bytes = IppWriter::encode(response);
  if (bytes && appended != nullptr && !appended->empty()) {
    // Before the end-of-attributes tag, which the writer always puts last.
    bytes.value().insert(bytes.value().end() - 1, appended->begin(), appended->end());
  }
  http::HttpResponse r;
  if (!bytes) {
    r.status = 500;
    r.close = true;
    (void)exchange.respond(std::move(r));
    return;
  }
  // An error answered before the body was read: drain a small remainder so the connection
  // (and the client's next request on it) survives.
  if (!exchange.body_complete()) {
    std::vector<std::uint8_t> sink(kReadChunk);
    std::size_t drained = 0;
    while (drained < kDrainLimit && !exchange.body_complete()) {
      auto n = exchange.read_body(sink);
      if (!n || n.value() == 0) break;
      drained += n.value();
    }
  }
  r.status = 200;
  r.set("Content-Type", "application/ipp");
  r.body.assign(bytes.value().begin(), bytes.value().end());
  (void)exchange.respond(std::move(r));
}

void IppPrinter::handle(http::HttpExchange& exchange) {
  const http::HttpRequestHead& head = exchange.head();
  const auto content_type = head.field("Content-Type");
  if (!content_type || !pipeline::ascii_iequals(content_type->substr(0, content_type->find(';')),
                                                "application/ipp")) {
    http::HttpResponse r;
    r.status = 415;
    r.set("Content-Type", "text/plain");
    r.body = "IPP requests are application/ipp\n";
    (void)exchange.respond(std::move(r));
    return;
  }

  Request request(exchange);
  // Where the client reached us: URIs in the answer carry that host and port.
  request.host = "localhost";
  request.port = exchange.connection().local_port;
  if (auto field = head.field("Host")) {
    if (auto host = http::HostHeader::parse(*field)) {
      request.host = std::move(host->host);
      if (host->port) request.port = *host->port;
    }
  }
  request.printer_uri =
      printer_uri(PrinterUriContext{request.host, request.port, exchange.connection().tls});

  // The attributes: read until the message parses (the document may follow), parsing again
  // only when due (IppRequestReader: linear in the header's size however it trickles in).
  IppError error;
  IppRequestReader reader(options_.limits);
  while (true) {
    auto n = exchange.read_body(reader.prepare(kReadChunk));
    if (!n) {
      http::HttpResponse r;
      r.status = n.status().code() == pipeline::StatusCode::limit_exceeded ? 413 : 400;
      r.close = true;
      (void)exchange.respond(std::move(r));
      return;
    }
    reader.commit(n.value());
    auto parsed = reader.try_parse(exchange.body_complete(), &error);
    if (!parsed) {
      IppMessage bad;
      bad.request_id = error.request_id;
      answer(exchange, response_to(bad, error.status, error.message));
      return;
    }
    if (parsed.value()) {
      request.message = std::move(parsed.value()->message);
      request.document_offset = parsed.value()->document_offset;
      break;
    }
  }
  request.bytes = std::move(reader.bytes());

  // Credentials only ever count over TLS.
  if (auto field = head.field("Authorization"); field && exchange.connection().tls) {
    auto credentials = http::BasicCredentials::parse(*field);
    if (!credentials) {
      request.auth = Auth::failed;
    } else {
      auto login = device_.protocol().login(credentials->user, credentials->password.span(),
                                            security::auth::Interface::ipp_basic,
                                            exchange.connection().peer_address);
      if (login) {
        request.auth = Auth::verified;
        request.subject = login.value().subject;
        request.login = login.value().login;
      } else {
        request.auth = Auth::failed;
        request.login = credentials->user;
      }
    }
  }

  device_.jobs().abort_stale_incoming();
  IppMessage response = dispatch(request);
  scrub_request(request);
  if (request.challenge) {
    challenge(exchange);
    return;
  }
  answer(exchange, response, request.printer_group.get());
}

IppMessage IppPrinter::dispatch(Request& request) {
  const IppMessage& m = request.message;
  if (m.version_major == 1 && m.version_minor == 0) {
    return response_to(m, IppStatus::server_error_version_not_supported,
                       "IPP/1.0 is not supported; use IPP/1.1 or 2.x");
  }
  IppError error;
  if (!check_operation_attributes(m, &error).is_ok()) {
    return response_to(m, error.status, error.message);
  }
  // The target: printer-uri (or job-uri for job operations) naming this printer.
  const std::string* target = first_string(request.op("printer-uri"));
  if (target == nullptr) target = first_string(request.op("job-uri"));
  if (target == nullptr) {
    return response_to(m, IppStatus::client_error_bad_request, "printer-uri is missing");
  }
  const std::string_view path = uri_path(*target);
  if (path.empty()) {
    return response_to(m, IppStatus::client_error_bad_request, "not an ipp or ipps URI");
  }
  if (!serves(path) && !job_id_of_uri(*target)) {
    return response_to(m, IppStatus::client_error_not_found, "no such printer");
  }
  // Job URIs repeat the printer URI the client used (IPP Everywhere clients compare them).
  if (serves(path) && target->size() <= 1023) {
    std::string used = *target;
    if (used.ends_with('/')) used.pop_back();
    request.printer_uri = used;
  }
  // A failed login never gets past here, except to be deleted and audited as a job.
  const auto op = m.operation();
  const bool creates = op == IppOperation::print_job || op == IppOperation::create_job;
  if (request.auth == Auth::failed && !(creates && login_required())) {
    request.challenge = true;
    return response_to(m, IppStatus::client_error_not_authenticated);
  }
  switch (op) {
    case IppOperation::print_job:
      return print_job(request, false);
    case IppOperation::validate_job:
      return print_job(request, true);
    case IppOperation::create_job:
      return create_job(request);
    case IppOperation::send_document:
      return send_document(request);
    case IppOperation::close_job:
      return close_job(request);
    case IppOperation::cancel_job:
    case IppOperation::hold_job:
    case IppOperation::release_job:
      return job_operation(request);
    case IppOperation::cancel_my_jobs:
      return cancel_my_jobs(request);
    case IppOperation::get_job_attributes:
      return get_job_attributes(request);
    case IppOperation::get_jobs:
      return get_jobs(request);
    case IppOperation::get_printer_attributes:
      return get_printer_attributes(request);
    case IppOperation::identify_printer:
      return identify_printer(request);
    default:
      return response_to(m, IppStatus::server_error_operation_not_supported,
                         "operation not supported");
  }
}

IppMessage IppPrinter::identify_printer(Request& request) {
  const IppMessage& m = request.message;
  if (const IppAttribute* actions = request.op("identify-actions")) {
    for (const auto& v : actions->values) {
      const std::string* s = v.as_string();
      if (!one_of(s, {"display", "flash", "sound"})) {
        IppMessage r = response_to(m, IppStatus::client_error_attributes_or_values_not_supported);
        r.add(IppGroupTag::unsupported, *actions);
        return r;
      }
    }
  }
  device_.protocol().engine().identify();
  return response_to(m, IppStatus::successful_ok);
}

}  // namespace mfp::frontends::ipp

namespace mfp::frontends::ipp {

PrinterDescription IppPrinter::describe() const {
  PrinterDescription d;
  auto& engine = device_.protocol().engine();
  const auto model = engine.model();
  d.name = options_.name;
  d.model = model.product.empty() ? model.name : model.product;
  d.info = options_.info;
  d.location = options_.location;
  d.uuid = options_.uuid;
  // The device's one version, from the build (the description's default is only a fallback).
  d.firmware_version = std::string(pipeline::device::software_version());
  d.color = model.color;
  d.ppm = model.rated_ppm;
  d.ppm_color = model.color ? model.rated_ppm : 0;
  d.document_formats = {"application/octet-stream"};
  for (auto& f : device_.protocol().document_formats()) d.document_formats.push_back(std::move(f));
  std::sort(d.document_formats.begin(), d.document_formats.end());
  d.trays = engine.trays();
  d.toner = engine.toner();
  d.engine = engine.status();
  d.queued_job_count = static_cast<std::int32_t>(device_.jobs().active_count());
  d.authentication = login_required() ? kAuthBasic : kAuthRequestingUser;
  std::tie(d.now_unix, d.boot_unix) = now_and_boot_unix();
  d.config_change_unix = d.boot_unix;
  d.state_change_unix = d.boot_unix;
  return d;
}

namespace {

// What the printer attributes depend on besides the URI context and the clock.
std::string state_fingerprint(const PrinterDescription& d) {
  std::string f = d.engine.message;
  f += '|';
  for (const auto& k : d.engine.keywords()) f += k + ',';
  f += '|' + std::to_string(static_cast<int>(d.engine.state)) + '|' +
       std::to_string(d.queued_job_count) + '|' + d.authentication + '|';
  for (const auto& t : d.trays) {
    f += t.id + ':' + t.media + ':' + t.media_type + ':' + std::to_string(t.level) + ',';
  }
  for (const auto& t : d.toner) f += std::to_string(t.level_percent()) + ',';
  for (const auto& x : d.document_formats) f += x + ',';
  return f;
}

}  // namespace

IppMessage IppPrinter::get_printer_attributes(Request& request) {
  const IppMessage& m = request.message;
  PrinterUriContext context;
  context.host = request.host;
  context.port = request.port;
  context.tls = request.exchange.connection().tls;
  const PrinterDescription description = describe();
  // The encoded printer group is reused while nothing it shows has changed and for at most a
  // second (printer-up-time and printer-current-time have one-second resolution): building and
  // encoding ~150 attributes is most of a request's cost.
  std::string key =
      context.host + '|' + std::to_string(context.port) + (context.tls ? "|s|" : "|p|");
  if (const IppAttribute* requested = request.op("requested-attributes")) {
    for (const auto& v : requested->values) {
      if (const std::string* s = v.as_string()) key += *s + ',';
    }
  } else {
    key += "(default)";
  }
  // The device clock's second is part of it: an adjusted clock shows at once.
  const std::string fingerprint =
      state_fingerprint(description) + '|' + std::to_string(description.now_unix);
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(cache_mu_);
    auto it = cache_.find(key);
    if (it != cache_.end() && it->second.fingerprint == fingerprint &&
        now - it->second.made < std::chrono::seconds(1)) {
      request.printer_group = it->second.group;
      return response_to(m, IppStatus::successful_ok);
    }
  }
  IppMessage group_only;
  for (auto& a : select_printer_attributes(printer_attributes(description, context),
                                           request.op("requested-attributes"))) {
    group_only.add(IppGroupTag::printer, std::move(a));
  }
  auto bytes = IppWriter::encode(group_only);
  if (!bytes) return error_response(m, bytes.status());
  // [8-byte header][groups...][end-of-attributes]: keep the groups.
  auto group = std::make_shared<const std::vector<std::uint8_t>>(bytes.value().begin() + 8,
                                                                 bytes.value().end() - 1);
  {
    std::lock_guard lock(cache_mu_);
    if (cache_.size() >= kCacheEntries) cache_.clear();
    cache_[key] = CachedGroup{fingerprint, now, group};
  }
  request.printer_group = std::move(group);
  return response_to(m, IppStatus::successful_ok);
}

}  // namespace mfp::frontends::ipp
