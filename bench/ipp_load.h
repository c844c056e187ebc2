#pragma once
// ipp_load: the IPP benchmarks of bench/RESULTS.md, run against any IPP printer over TLS
// (ours or ippeveprinter, the same client code for both):
//  - Get-Printer-Attributes requests per second from N concurrent keep-alive TLS clients;
//  - Print-Job ingest: a large document uploaded in one request, MB/s from the first byte
//    sent to the response, waiting for the printer to be idle before each upload (a printer
//    that prints one job at a time answers busy otherwise).
//
// Loopback only: the target host must be 127.0.0.1, ::1 or localhost (invalid_argument
// otherwise). Failure: io_error naming the step (connect, TLS, HTTP) when the printer fails;
// every request is bounded by a timeout. Credentials, when given, go as HTTP Basic over TLS.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include "pipeline/status.h"

namespace mfp::bench {

struct IppTarget {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string path = "/ipp/print";
  std::string user;  // empty: no Authorization
  std::string password;

  // Parses "ipps://host:port/path" (credentials are not taken from URIs: see user/password).
  [[nodiscard]] static pipeline::Result<IppTarget> from_uri(const std::string& uri);
  [[nodiscard]] std::string uri() const;
};

struct AttributesLoad {
  std::uint64_t requests = 0;  // successful-ok answers
  std::uint64_t errors = 0;
  double seconds = 0;
  [[nodiscard]] double per_second() const { return seconds > 0 ? requests / seconds : 0; }
};

struct IngestResult {
  std::uint64_t bytes = 0;  // per upload
  double best_seconds = 0;  // fastest upload
  double median_seconds = 0;
  [[nodiscard]] double megabytes_per_second() const {
    return best_seconds > 0 ? bytes / 1e6 / best_seconds : 0;
  }
};

// `clients` threads, each one TLS connection, Get-Printer-Attributes (requested-attributes
// "all") back to back for `duration`.
[[nodiscard]] pipeline::Result<AttributesLoad> printer_attributes_load(
    const IppTarget& target, unsigned clients, std::chrono::milliseconds duration);

// Uploads `document` as one Print-Job `repeat` times (document-format from the extension:
// .pwg image/pwg-raster, .jpg image/jpeg, .urf image/urf), each after the printer reports
// idle with no active job (bounded wait).
[[nodiscard]] pipeline::Result<IngestResult> print_job_ingest(const IppTarget& target,
                                                              const std::filesystem::path& document,
                                                              unsigned repeat);

}  // namespace mfp::bench
