// The IPP printer's job operations: Print-Job, Validate-Job, Create-Job, Send-Document,
// Close-Job, Cancel-Job, Hold-Job, Release-Job, Cancel-My-Jobs, Get-Job-Attributes and
// Get-Jobs, on the device services' job operations with the caller at the IPP interface.

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "frontends/http/request_body_stream.h"
#include "frontends/ipp/detail/ipp_request.h"
#include "frontends/ipp/inflate_stream.h"
#include "frontends/ipp/ipp_printer.h"
#include "frontends/ipp/job_attributes.h"
#include "frontends/ipp/job_ticket.h"
#include "frontends/status_map.h"

namespace mfp::frontends::ipp {

namespace {

using detail::Auth;
using detail::error_response;
using detail::first_boolean;
using detail::first_integer;
using detail::first_string;
using detail::job_id_of_uri;
using detail::one_of;
using detail::response_to;
using detail::text;
using detail::uri;
using pipeline::jobs::Credential;
using pipeline::jobs::JobInfo;
using pipeline::jobs::JobState;
using security::ownership::Subject;

}  // namespace

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
  std::tie(context.now_unix, context.boot_unix) = now_and_boot_unix();
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

}  // namespace mfp::frontends::ipp
