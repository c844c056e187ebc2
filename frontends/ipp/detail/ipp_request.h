#pragma once
// What the IPP printer's request handling (ipp_printer.cc) and its job operations
// (ipp_job_operations.cc) share: one request in flight (IppPrinter::Request), how it was
// authenticated, and the building blocks of every response. Private to frontends/ipp/.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/http/http_exchange.h"
#include "frontends/ipp/detail/first_value.h"
#include "frontends/ipp/ipp_message.h"
#include "frontends/ipp/ipp_printer.h"
#include "frontends/ipp/ipp_status.h"
#include "pipeline/device/caller.h"
#include "pipeline/jobs/job_client.h"
#include "security/ownership/subject.h"

namespace mfp::frontends::ipp {

namespace detail {

// How the request's HTTP Basic credentials came out: none given, a verified login, or a
// failed one (the job of a failed login is deleted and audited as the guide says).
enum class Auth : std::uint8_t { none, verified, failed };

[[nodiscard]] IppValue text(std::string v);
[[nodiscard]] IppValue uri(std::string v);
// The job id a job URI names (".../ipp/print/<id>"); nullopt for anything else.
[[nodiscard]] std::optional<std::uint64_t> job_id_of_uri(std::string_view u);
// A response to `request` with its version, request-id, charset and language, and
// status-message when `message` is given (truncated to the IPP text limit).
[[nodiscard]] IppMessage response_to(const IppMessage& request, IppStatus status,
                                     std::string message = {});
// A response carrying the status_map's IPP status for `status`, and its message.
[[nodiscard]] IppMessage error_response(const IppMessage& request, const pipeline::Status& status);

}  // namespace detail

struct IppPrinter::Request {
  explicit Request(http::HttpExchange& e) : exchange(e) {}
  http::HttpExchange& exchange;
  IppMessage message;
  std::vector<std::uint8_t> bytes;  // body bytes read so far
  std::size_t document_offset = 0;
  std::string host;
  std::uint16_t port = 0;
  std::string printer_uri;
  detail::Auth auth = detail::Auth::none;
  security::ownership::Subject subject = security::ownership::Subject::unauthenticated();
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
    if (const std::string* u = detail::first_string(op("requesting-user-name"))) c.user_name = *u;
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

}  // namespace mfp::frontends::ipp
