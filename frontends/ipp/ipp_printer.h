#pragma once
// IppPrinter: the device's IPP/2.0 printer object (RFC 8011, IPP Everywhere / PWG 5100.14) at
// /ipp/print and /ipp, served over HTTPS by frontends/http. It answers Print-Job,
// Validate-Job, Create-Job, Send-Document, Close-Job, Cancel-Job, Cancel-My-Jobs, Hold-Job,
// Release-Job, Get-Job-Attributes, Get-Jobs, Get-Printer-Attributes and Identify-Printer on the
// device services' job operations (caller: the subject at the IPP interface); every
// authorization decision is theirs.
//
// Authentication: HTTP Basic over TLS only, checked by the Authenticator as an IPP login
// (lockout counted, failures audited); the authenticated user owns the job whatever
// requesting-user-name says. While Receive Control accepts jobs by print accounting (the
// secure configuration) the printer advertises uri-authentication-supported "basic" and
// challenges (HTTP 401) every request that creates or changes a job without credentials. A job
// that arrives with a wrong password is handed to the job service as a failed login (deleted
// and audited as the guide's "Unsuccessful User authentication (using Printer Driver)") and
// answered 401. Credentials on a connection without TLS are never looked at.
//
// Documents stream from the connection into sealed storage as they upload (gzip and deflate
// decompressed on the way, bounded); the job shows pending/job-incoming meanwhile.
//
// Failure: every malformed request gets an IPP status (the codec's mapping), every refusal the
// status_map's status; nothing is kept of a refused job. Thread-safe: connection threads call
// handle() concurrently. Borrows the device services, which must outlive it.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "engine_hw/clock.h"
#include "frontends/http/http_exchange.h"
#include "frontends/http/route.h"
#include "frontends/ipp/ipp_limits.h"
#include "frontends/ipp/ipp_message.h"
#include "frontends/ipp/printer_description.h"
#include "pipeline/device/device_services.h"

namespace mfp::frontends::ipp {

struct IppPrinterOptions {
  IppLimits limits;
  std::string name = "OpenMFP";  // printer-name
  std::string info;              // printer-info; empty: the engine's product name
  std::string location;          // printer-location
  std::string uuid;              // "urn:uuid:..." (stable per device)
  // Listener port of the IPPS endpoint, used in URIs when the client's Host has none.
  std::uint16_t default_port = 631;
};

class IppPrinter {
 public:
  IppPrinter(pipeline::device::DeviceServices& device, IppPrinterOptions options);

  // The printer's routes, for an HTTPS listener's route table: POST of application/ipp to
  // /ipp, /ipp/print (and with a trailing '/'), HTTP Basic, changing state; GET and HEAD of
  // those paths answer a short text page. `enabled` says whether IPP is on (null: always).
  [[nodiscard]] std::vector<http::Route> routes(const std::function<bool()>& enabled);

 private:
  struct Request;

  // POST: one IPP request.
  void handle(http::HttpExchange& exchange);
  // GET, HEAD: what this is and how to add it.
  void about(http::HttpExchange& exchange) const;
  void answer(http::HttpExchange& exchange, const IppMessage& response,
              const std::vector<std::uint8_t>* appended = nullptr);
  void challenge(http::HttpExchange& exchange);

  [[nodiscard]] IppMessage dispatch(Request& request);
  [[nodiscard]] IppMessage print_job(Request& request, bool validate_only);
  [[nodiscard]] IppMessage job_created(Request& request, std::uint64_t id,
                                       std::vector<IppAttribute> ignored);
  [[nodiscard]] IppMessage create_job(Request& request);
  [[nodiscard]] IppMessage send_document(Request& request);
  [[nodiscard]] IppMessage close_job(Request& request);
  [[nodiscard]] IppMessage job_operation(Request& request);
  [[nodiscard]] IppMessage cancel_my_jobs(Request& request);
  [[nodiscard]] IppMessage get_job_attributes(Request& request);
  [[nodiscard]] IppMessage get_jobs(Request& request);
  [[nodiscard]] IppMessage get_printer_attributes(Request& request);
  [[nodiscard]] IppMessage identify_printer(Request& request);

  [[nodiscard]] pipeline::Result<std::vector<IppAttribute>> job_view(
      Request& request, const pipeline::jobs::JobInfo& job);
  [[nodiscard]] bool login_required() const;
  // True (and the request marked for a 401 challenge) when `refusal` of a Send-Document or
  // Close-Job without credentials concerns a job whose creator logged in.
  [[nodiscard]] bool login_first(Request& request, std::uint64_t job_id,
                                 const pipeline::Status& refusal);
  [[nodiscard]] PrinterDescription describe() const;

  struct CachedGroup {
    std::string fingerprint;
    std::chrono::steady_clock::time_point made;
    std::shared_ptr<const std::vector<std::uint8_t>> group;
  };
  static constexpr std::size_t kCacheEntries = 64;

  pipeline::device::DeviceServices& device_;
  IppPrinterOptions options_;
  std::mutex cache_mu_;
  std::map<std::string, CachedGroup> cache_;  // by URI context and requested-attributes
  engine_hw::Clock::TimePoint boot_;          // monotonic: printer-up-time never jumps
  // Now and the printer's start as Unix seconds of the device's clock (the start is now less
  // the monotonic uptime, so job times read against it stay consistent after Adjust Time).
  [[nodiscard]] std::pair<std::int64_t, std::int64_t> now_and_boot_unix() const;
};

}  // namespace mfp::frontends::ipp
