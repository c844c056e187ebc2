#pragma once
// NetworkServices: the device's network listeners as the settings say: IPPS (the IPP printer
// over TLS), HTTPS (the IPP printer at /ipp and the device's web pages) and plain HTTP (which
// only redirects to HTTPS; credentials never travel without TLS), on the configured
// addresses, with the TLS policy and device certificate of the device services.
//
// What listens: IPPS while "IPP" and "TLS" are on; HTTPS while "TLS" is on; plain HTTP always
// (a redirect, or 503 while TLS is off); raw printing (frontends/raw) while "Port 9100" is on. IPv6
// addresses are skipped in "IPv4 Mode". A change of a TLS setting or of the device certificate
// applies to new connections at once; a change of what listens restarts the listeners. Failed TLS
// handshakes are audited as "Communication / Trusted Communication / Failed" (protocol, peer,
// reason) and logged.
//
// Failure: start()/apply() return the TLS context's error (integrity_error when the FIPS mode
// known-answer tests fail: then nothing TLS listens) or the server's bind error. Thread-safe:
// apply() and stop() may be called from the maintenance thread while connections are served.
// Borrows the device services and the log, which must outlive it.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "frontends/http/http_limits.h"
#include "frontends/http/http_server.h"
#include "frontends/ipp/ipp_printer.h"
#include "frontends/mfpd/daemon_log.h"
#include "frontends/raw/raw_print_server.h"
#include "pipeline/device/device_services.h"

namespace mfp::frontends::mfpd {

struct NetworkOptions {
  std::vector<std::string> addresses;  // IP literals
  std::uint16_t ipps_port = 8631;      // 0: ephemeral
  std::uint16_t https_port = 8443;
  std::uint16_t http_port = 8000;
  std::uint16_t raw_port = 9100;  // Port 9100 raw printing, while its setting is on
  http::HttpLimits limits;
};

// One bound listener, for status reports.
struct BoundListener {
  std::string name;  // "ipps", "https", "http", "raw"
  std::string address;
  std::uint16_t port = 0;
};

class NetworkServices {
 public:
  [[nodiscard]] static pipeline::Result<std::unique_ptr<NetworkServices>> start(
      pipeline::device::DeviceServices& device, DaemonLog& log, NetworkOptions options);
  NetworkServices(const NetworkServices&) = delete;
  NetworkServices& operator=(const NetworkServices&) = delete;
  ~NetworkServices();

  // Brings the listeners in line with the current settings and certificate (see above).
  [[nodiscard]] pipeline::Status apply();
  // Closes every listener and connection (before a factory reset replaces the services).
  void stop() noexcept;

  [[nodiscard]] std::vector<BoundListener> listeners() const;

 private:
  struct Plan;
  NetworkServices(pipeline::device::DeviceServices& device, DaemonLog& log, NetworkOptions options);
  [[nodiscard]] Plan plan() const;
  [[nodiscard]] pipeline::Status apply_raw(const Plan& p);
  void handle_https(http::HttpExchange& exchange);
  void handle_http(http::HttpExchange& exchange);

  pipeline::device::DeviceServices& device_;
  DaemonLog& log_;
  NetworkOptions options_;
  std::unique_ptr<ipp::IppPrinter> printer_;
  std::vector<std::pair<std::string, std::vector<std::uint8_t>>> icons_;  // path, PNG

  mutable std::mutex mu_;
  std::unique_ptr<http::HttpServer> server_;
  std::unique_ptr<raw::RawPrintServer> raw_server_;
  std::string raw_key_;  // addresses the raw server listens on; empty while it is off
  std::vector<BoundListener> raw_bound_;
  std::vector<BoundListener> bound_;
  std::string plan_key_;  // what the running server listens on, to tell when to restart
  bool tls_on_ = false;
  bool ipp_on_ = false;
  // Read by connection threads (redirects) without mu_.
  std::atomic<std::uint16_t> https_port_{0};
  std::atomic<std::uint16_t> ipps_port_{0};
};

}  // namespace mfp::frontends::mfpd
