#include "frontends/ipp/ipp_printer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

#include <strings.h>

#include "engine_hw/media_size.h"
#include "frontends/http/basic_credentials.h"
#include "frontends/http/host_header.h"
#include "frontends/http/request_body_stream.h"
#include "frontends/ipp/check_operation_attributes.h"
#include "frontends/ipp/detail/first_value.h"
#include "frontends/ipp/inflate_stream.h"
#include "frontends/ipp/ipp_reader.h"
#include "frontends/ipp/ipp_request_reader.h"
#include "frontends/ipp/ipp_writer.h"
#include "frontends/ipp/job_attributes.h"
#include "frontends/ipp/job_ticket.h"
#include "frontends/ipp/printer_attributes.h"
#include "frontends/status_map.h"
#include "pipeline/ascii_iequals.h"
#include "pipeline/page_layout.h"
#include "pipeline/page_range.h"
#include "security/settings/setting_keys.h"
#include "stages/print_conflicts.h"

namespace mfp::frontends::ipp {

namespace {

using detail::first_boolean;
using detail::first_integer;
using detail::first_string;
using detail::one_of;
using pipeline::jobs::Credential;
using pipeline::jobs::JobInfo;
using pipeline::jobs::JobState;
using security::ownership::Subject;

constexpr std::size_t kReadChunk = 64 * 1024;
// Bytes of an unread body still drained after an error answer so the connection survives.
constexpr std::size_t kDrainLimit = 1 << 20;

enum class Auth : std::uint8_t { none, verified, failed };

IppValue text(std::string v) {
  return IppValue::string(IppValueTag::text_without_language, std::move(v));
}
IppValue uri(std::string v) {
  return IppValue::string(IppValueTag::uri, std::move(v));
}

// The job id a URI names: ".../ipp/print/<id>".
std::optional<std::uint64_t> job_id_of_uri(std::string_view u) {
  const std::size_t slash = u.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view digits = u.substr(slash + 1);
  std::uint64_t id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size() || id == 0) return std::nullopt;
  const std::string_view before = u.substr(0, slash);
  if (!before.ends_with("/ipp/print") && !before.ends_with("/ipp")) return std::nullopt;
  return id;
}

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

struct IppPrinter::Request {
  explicit Request(http::HttpExchange& e) : exchange(e) {}
  http::HttpExchange& exchange;
  IppMessage message;
  std::vector<std::uint8_t> bytes;  // body bytes read so far
  std::size_t document_offset = 0;
  std::string host;
  std::uint16_t port = 0;
  std::string printer_uri;
  Auth auth = Auth::none;
  Subject subject = Subject::unauthenticated();
  std::string login;
  bool challenge = false;  // answer HTTP 401 instead of the IPP response
  // Encoded attribute groups appended to the response (Get-Printer-Attributes' cached group).
  std::shared_ptr<const std::vector<std::uint8_t>> printer_group;

  [[nodiscard]] const IppAttribute* op(std::string_view name) const {
    return message.find(IppGroupTag::operation, name);
  }
  // Who an unauthenticated job is bound to: the peer address and requesting-user-name.
  [[nodiscard]] pipeline::jobs::JobClient client() const {
    pipeline::jobs::JobClient c;
    c.address = exchange.connection().peer_address;
    if (const std::string* u = first_string(op("requesting-user-name"))) c.user_name = *u;
    return c;
  }
  [[nodiscard]] bool has_document_data() const {
    return bytes.size() > document_offset || !exchange.body_complete();
  }
  // The device services' caller: the authenticated (or unauthenticated) subject over IPP.
  [[nodiscard]] pipeline::device::Caller caller() const {
    return {subject, pipeline::device::Interface::ipp, exchange.connection().peer_address};
  }
};

namespace {

IppMessage response_to(const IppMessage& request, IppStatus status, std::string message = {}) {
  IppMessage r;
  r.version_major = request.version_major == 1 ? 1 : 2;
  r.version_minor =
      request.version_major == 1 ? 1 : std::min<std::uint8_t>(request.version_minor, 2);
  r.code = static_cast<std::uint16_t>(status);
  r.request_id = request.request_id;
  r.add(IppGroupTag::operation,
        IppAttribute("attributes-charset", IppValue::string(IppValueTag::charset, "utf-8")));
  r.add(IppGroupTag::operation,
        IppAttribute("attributes-natural-language",
                     IppValue::string(IppValueTag::natural_language, "en")));
  if (!message.empty()) {
    if (message.size() > kMaxTextLength) message.resize(kMaxTextLength);
    r.add(IppGroupTag::operation, IppAttribute("status-message", text(std::move(message))));
  }
  return r;
}

IppMessage error_response(const IppMessage& request, const pipeline::Status& status) {
  return response_to(request, ipp_status_for(status), status.message());
}

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
    : device_(device), options_(std::move(options)), boot_(std::chrono::system_clock::now()) {}

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

namespace {

// The response of a job-creating request that was refused for its attributes.
IppMessage ticket_refusal(const IppMessage& m, JobTicket& ticket) {
  IppStatus status = ticket.refusal;
  if (status == IppStatus::successful_ok) {
    status = IppStatus::client_error_attributes_or_values_not_supported;
  }
  IppMessage r = response_to(m, status, "unsupported attributes or values");
  for (auto& a : ticket.unsupported) r.add(IppGroupTag::unsupported, std::move(a));
  return r;
}

// A document that failed in its decompression (corrupt, truncated, or expanding past the
// bound): IPP's compression-error rather than a document error.
bool is_compression_failure(const JobTicket& ticket, const pipeline::Status& status) {
  if (ticket.compression == Compression::none) return false;
  const auto code = status.code();
  return code == pipeline::StatusCode::malformed_data || code == pipeline::StatusCode::truncated ||
         (code == pipeline::StatusCode::limit_exceeded &&
          status.message().find("compressed") != std::string::npos);
}

// Adds the unsupported group of a request that goes on without those attributes.
void add_ignored(IppMessage& r, std::vector<IppAttribute> ignored) {
  if (ignored.empty()) return;
  r.code = static_cast<std::uint16_t>(IppStatus::successful_ok_ignored_or_substituted_attributes);
  for (auto& a : ignored) r.add(IppGroupTag::unsupported, std::move(a));
}

std::string job_name_of(const IppMessage& m) {
  for (const char* key : {"job-name", "document-name"}) {
    if (const std::string* s = first_string(m.find(IppGroupTag::operation, key))) {
      if (!s->empty()) return *s;
    }
  }
  return "Untitled";
}

// The job-creating fields of a request: name, options, ticket, credential and user.
pipeline::jobs::SubmitRequest submission_of(const IppMessage& m, Auth auth, const Subject& subject,
                                            const std::string& login, const JobTicket& ticket,
                                            const pipeline::jobs::JobClient& client) {
  pipeline::jobs::SubmitRequest submit;
  submit.type = pipeline::JobType::print;
  submit.name = job_name_of(m);
  submit.origin = "ipp";
  submit.options = ticket.options;
  submit.ticket = ticket.print;
  submit.copies = ticket.copies;
  submit.hold_until_released = ticket.hold;
  submit.credential = auth == Auth::verified ? Credential::verified
                      : auth == Auth::failed ? Credential::failed
                                             : Credential::none;
  submit.submitter = subject;
  submit.client = client;
  if (auth != Auth::none) {
    submit.user_name = login;
  } else if (const std::string* u =
                 first_string(m.find(IppGroupTag::operation, "requesting-user-name"))) {
    submit.user_name = *u;
  }
  return submit;
}

// The document of a request: the bytes read past the attributes (zeroed here once copied),
// then the rest of the body, decompressed as the request says.
pipeline::Result<pipeline::jobs::SubmitDocument> document_of(const IppMessage& m,
                                                             http::HttpExchange& exchange,
                                                             std::vector<std::uint8_t>& bytes,
                                                             std::size_t offset,
                                                             const JobTicket& ticket) {
  pipeline::jobs::SubmitDocument doc;
  doc.format = ticket.format;
  doc.password = ticket.options.document_password;
  if (const std::string* d = first_string(m.find(IppGroupTag::operation, "document-name"))) {
    doc.name = *d;
  }
  std::unique_ptr<pipeline::DocumentStream> stream =
      std::make_unique<http::RequestBodyStream>(exchange, std::span(bytes).subspan(offset));
  std::memset(bytes.data() + offset, 0, bytes.size() - offset);
  if (ticket.compression != Compression::none) {
    MFP_ASSIGN_OR_RETURN(auto inflate,
                         InflateStream::create(std::move(stream), ticket.compression));
    stream = std::move(inflate);
  }
  doc.stream = std::move(stream);
  return doc;
}

}  // namespace

IppMessage IppPrinter::print_job(Request& request, bool validate_only) {
  const IppMessage& m = request.message;
  const bool required = login_required();
  if (request.auth == Auth::none && required) {
    // Challenge first: a client with credentials sends them; a job that arrived anyway is
    // handed over below as a job without a user ID (deleted and audited).
    if (validate_only || request.exchange.head().expect_continue || !request.has_document_data()) {
      request.challenge = true;
      return response_to(m, IppStatus::client_error_not_authenticated);
    }
  }
  JobTicket ticket;
  if (!read_ticket(m, device_.protocol().document_formats(), describe(), ticket)) {
    return ticket_refusal(m, ticket);
  }
  if (validate_only) {
    IppMessage r = response_to(m, IppStatus::successful_ok);
    add_ignored(r, std::move(ticket.unsupported));
    return r;
  }
  if (!request.has_document_data() && request.auth != Auth::failed) {
    return response_to(m, IppStatus::client_error_bad_request, "Print-Job without document data");
  }
  auto submit =
      submission_of(m, request.auth, request.subject, request.login, ticket, request.client());
  auto doc = document_of(m, request.exchange, request.bytes, request.document_offset, ticket);
  if (!doc) return error_response(m, doc.status());
  submit.documents.push_back(std::move(doc).value());
  auto id = device_.jobs().submit(request.caller(), std::move(submit));
  if (!id) {
    if (request.auth != Auth::verified &&
        id.status().code() == pipeline::StatusCode::permission_denied) {
      // Deleted by Receive Control (audited there): tell the client to authenticate.
      request.challenge = true;
      return response_to(m, IppStatus::client_error_not_authenticated);
    }
    IppMessage r = error_response(m, id.status());
    if (id.status().code() == pipeline::StatusCode::unsupported) {
      r.code = static_cast<std::uint16_t>(IppStatus::client_error_document_format_not_supported);
    } else if (is_compression_failure(ticket, id.status())) {
      r.code = static_cast<std::uint16_t>(IppStatus::client_error_compression_error);
    }
    return r;
  }
  return job_created(request, id.value(), std::move(ticket.unsupported));
}

IppMessage IppPrinter::job_created(Request& request, std::uint64_t id,
                                   std::vector<IppAttribute> ignored) {
  IppMessage r = response_to(request.message, IppStatus::successful_ok);
  add_ignored(r, std::move(ignored));
  r.add(IppGroupTag::job, IppAttribute("job-id", IppValue::integer(static_cast<std::int32_t>(id))));
  r.add(IppGroupTag::job,
        IppAttribute("job-uri", uri(request.printer_uri + "/" + std::to_string(id))));
  auto info = device_.jobs().view(request.caller(), id);
  const JobState state = info ? info.value().state : JobState::pending;
  const auto reason = info ? info.value().reason : pipeline::jobs::JobStateReason::job_incoming;
  r.add(IppGroupTag::job, IppAttribute("job-state", IppValue::enumeration(ipp_job_state(state))));
  r.add(IppGroupTag::job,
        IppAttribute("job-state-reasons",
                     IppValue::keyword(std::string(pipeline::jobs::to_keyword(reason)))));
  r.add(IppGroupTag::job,
        IppAttribute("job-state-message",
                     text(info && info.value().private_print
                              ? "Held as Private Charge Print: release it at the printer"
                              : std::string(pipeline::jobs::to_keyword(state)))));
  return r;
}

namespace {

// The job a job operation targets: job-uri, or printer-uri with job-id.
std::optional<std::uint64_t> target_job(const IppMessage& m) {
  if (const std::string* u = first_string(m.find(IppGroupTag::operation, "job-uri"))) {
    return job_id_of_uri(*u);
  }
  const IppAttribute* id = m.find(IppGroupTag::operation, "job-id");
  const std::int32_t* v = first_integer(id);
  if (v == nullptr || *v < 1 || id->values.front().tag != IppValueTag::integer) {
    return std::nullopt;
  }
  return static_cast<std::uint64_t>(*v);
}

}  // namespace

IppMessage IppPrinter::create_job(Request& request) {
  const IppMessage& m = request.message;
  if (request.auth == Auth::none && login_required()) {
    request.challenge = true;
    return response_to(m, IppStatus::client_error_not_authenticated);
  }
  JobTicket ticket;
  if (!read_ticket(m, device_.protocol().document_formats(), describe(), ticket)) {
    return ticket_refusal(m, ticket);
  }
  auto submit =
      submission_of(m, request.auth, request.subject, request.login, ticket, request.client());
  auto id = device_.jobs().create(request.caller(), std::move(submit));
  if (!id) {
    if (request.auth != Auth::verified &&
        id.status().code() == pipeline::StatusCode::permission_denied) {
      request.challenge = true;
      return response_to(m, IppStatus::client_error_not_authenticated);
    }
    return error_response(m, id.status());
  }
  return job_created(request, id.value(), std::move(ticket.unsupported));
}

IppMessage IppPrinter::send_document(Request& request) {
  const IppMessage& m = request.message;
  const auto id = target_job(m);
  if (!id) return response_to(m, IppStatus::client_error_bad_request, "job-id is missing");
  const bool* last = first_boolean(request.op("last-document"));
  if (last == nullptr) {
    return response_to(m, IppStatus::client_error_bad_request, "last-document is missing");
  }
  if (request.auth == Auth::none && login_required()) {
    request.challenge = true;
    return response_to(m, IppStatus::client_error_not_authenticated);
  }
  JobTicket ticket;
  read_document_attributes(m, device_.protocol().document_formats(), ticket);
  if (ticket.refusal != IppStatus::successful_ok) return ticket_refusal(m, ticket);
  pipeline::Status status;
  if (!request.has_document_data()) {
    status = *last ? device_.jobs().close(request.caller(), request.client(), *id)
                   : pipeline::Status::ok();
  } else {
    auto doc = document_of(m, request.exchange, request.bytes, request.document_offset, ticket);
    if (!doc) return error_response(m, doc.status());
    status = device_.jobs().add_document(request.caller(), request.client(), *id,
                                         std::move(doc).value(), *last);
  }
  if (!status.is_ok()) {
    if (login_first(request, *id, status))
      return response_to(m, IppStatus::client_error_not_authenticated);
    IppMessage r = error_response(m, status);
    if (is_compression_failure(ticket, status)) {
      r.code = static_cast<std::uint16_t>(IppStatus::client_error_compression_error);
    } else if (status.code() == pipeline::StatusCode::unsupported &&
               status.message().find("one document") != std::string::npos) {
      r.code =
          static_cast<std::uint16_t>(IppStatus::server_error_multiple_document_jobs_not_supported);
    } else if (status.code() == pipeline::StatusCode::unsupported) {
      r.code = static_cast<std::uint16_t>(IppStatus::client_error_document_format_not_supported);
    }
    return r;
  }
  return job_created(request, *id, {});
}

IppMessage IppPrinter::close_job(Request& request) {
  const IppMessage& m = request.message;
  const auto id = target_job(m);
  if (!id) return response_to(m, IppStatus::client_error_bad_request, "job-id is missing");
  if (request.auth == Auth::none && login_required()) {
    request.challenge = true;
    return response_to(m, IppStatus::client_error_not_authenticated);
  }
  const pipeline::Status status = device_.jobs().close(request.caller(), request.client(), *id);
  if (!status.is_ok()) {
    if (login_first(request, *id, status))
      return response_to(m, IppStatus::client_error_not_authenticated);
    return error_response(m, status);
  }
  return job_created(request, *id, {});
}

IppMessage IppPrinter::job_operation(Request& request) {
  const IppMessage& m = request.message;
  const auto id = target_job(m);
  if (!id) return response_to(m, IppStatus::client_error_bad_request, "job-id is missing");
  // Changing a job needs its owner or an administrator: ask for credentials first.
  if (request.auth == Auth::none) {
    request.challenge = true;
    return response_to(m, IppStatus::client_error_not_authenticated);
  }
  auto& jobs = device_.jobs();
  const auto caller = request.caller();
  pipeline::Status status;
  switch (m.operation()) {
    case IppOperation::cancel_job:
      status = jobs.cancel(caller, *id);
      break;
    case IppOperation::hold_job:
      status = jobs.hold(caller, *id);
      break;
    default: {
      auto info = jobs.view(caller, *id);
      if (!info) return error_response(m, info.status());
      if (info.value().private_print) {
        return response_to(m, IppStatus::client_error_not_possible,
                           "Private Charge Print jobs are released at the printer's panel");
      }
      status = jobs.release(caller, *id);
      break;
    }
  }
  if (!status.is_ok()) {
    IppMessage r = error_response(m, status);
    if (status.code() == pipeline::StatusCode::conflict) {
      r.code = static_cast<std::uint16_t>(IppStatus::client_error_not_possible);
    }
    return r;
  }
  return response_to(m, IppStatus::successful_ok);
}

IppMessage IppPrinter::cancel_my_jobs(Request& request) {
  const IppMessage& m = request.message;
  if (request.auth != Auth::verified) {
    request.challenge = true;
    return response_to(m, IppStatus::client_error_not_authenticated);
  }
  auto n = device_.jobs().cancel_own(request.caller());
  if (!n) return error_response(m, n.status());
  return response_to(m, IppStatus::successful_ok);
}

pipeline::Result<std::vector<IppAttribute>> IppPrinter::job_view(Request& request,
                                                                 const JobInfo& job) {
  JobUriContext context;
  context.printer_uri = request.printer_uri;
  context.boot_unix =
      std::chrono::duration_cast<std::chrono::seconds>(boot_.time_since_epoch()).count();
  context.now_unix = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  context.printer_uuid = options_.uuid;
  return job_attributes(job, context);
}

IppMessage IppPrinter::get_job_attributes(Request& request) {
  const IppMessage& m = request.message;
  const auto id = target_job(m);
  if (!id) return response_to(m, IppStatus::client_error_bad_request, "job-id is missing");
  auto job = device_.jobs().view(request.caller(), *id);
  if (!job) {
    if (job.status().code() == pipeline::StatusCode::permission_denied &&
        request.auth == Auth::none) {
      request.challenge = true;
      return response_to(m, IppStatus::client_error_not_authenticated);
    }
    return error_response(m, job.status());
  }
  auto all = job_view(request, job.value());
  if (!all) return error_response(m, all.status());
  IppMessage r = response_to(m, IppStatus::successful_ok);
  for (auto& a :
       select_job_attributes(std::move(all).value(), request.op("requested-attributes"), {})) {
    r.add(IppGroupTag::job, std::move(a));
  }
  return r;
}

IppMessage IppPrinter::get_jobs(Request& request) {
  const IppMessage& m = request.message;
  std::string which = "not-completed";
  if (const IppAttribute* w = request.op("which-jobs")) {
    const std::string* s = first_string(w);
    if (s == nullptr || !one_of(s, {"completed", "not-completed", "all"})) {
      IppMessage r = response_to(m, IppStatus::client_error_attributes_or_values_not_supported,
                                 "which-jobs: completed, not-completed or all");
      r.add(IppGroupTag::unsupported, *w);
      return r;
    }
    which = *s;
  }
  const bool* my_jobs = first_boolean(request.op("my-jobs"));
  const bool mine = my_jobs != nullptr && *my_jobs;
  std::int32_t limit = 0;
  if (const std::int32_t* l = first_integer(request.op("limit"))) {
    if (*l < 1) return response_to(m, IppStatus::client_error_bad_request, "limit must be >= 1");
    limit = *l;
  }
  auto jobs = device_.jobs().list(request.caller(), {.include_history = which != "not-completed"});
  if (!jobs) {
    if (jobs.status().code() == pipeline::StatusCode::permission_denied &&
        request.auth == Auth::none) {
      request.challenge = true;
      return response_to(m, IppStatus::client_error_not_authenticated);
    }
    return error_response(m, jobs.status());
  }
  std::string me = request.login;
  if (me.empty()) {
    if (const std::string* u = first_string(request.op("requesting-user-name"))) me = *u;
  }
  IppMessage r = response_to(m, IppStatus::successful_ok);
  // Newest first, as clients list them.
  auto& list = jobs.value();
  std::int32_t count = 0;
  for (auto it = list.rbegin(); it != list.rend(); ++it) {
    const bool done = it->state == JobState::canceled || it->state == JobState::aborted ||
                      it->state == JobState::completed;
    if (which == "completed" && !done) continue;
    if (which == "not-completed" && done) continue;
    if (mine && (it->details_hidden || it->owner_name != me)) continue;
    if (limit != 0 && count >= limit) break;
    auto all = job_view(request, *it);
    if (!all) continue;
    r.groups.push_back(IppGroup{IppGroupTag::job, {}});
    for (auto& a : select_job_attributes(std::move(all).value(), request.op("requested-attributes"),
                                         {"job-id", "job-uri"})) {
      r.groups.back().attributes.push_back(std::move(a));
    }
    ++count;
  }
  return r;
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
  d.boot_unix = std::chrono::duration_cast<std::chrono::seconds>(boot_.time_since_epoch()).count();
  d.now_unix = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
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
  const std::string fingerprint = state_fingerprint(description);
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
