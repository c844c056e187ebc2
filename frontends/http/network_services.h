#pragma once
// NetworkServices: the device's network listeners as the settings say: IPPS (the IPP printer
// over TLS), HTTPS (the IPP printer at /ipp and the device's web pages) and plain HTTP (which
// only redirects to HTTPS; credentials never travel without TLS), on the configured
// addresses, with the TLS policy and device certificate of the device services. Each HTTP
// listener mounts a route table (route_table.h): the IPP printer's routes and the icons on
// HTTPS; redirects on plain HTTP.
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
// Borrows the device services, which must outlive it.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "frontends/cwis/cwis_site.h"
#include "frontends/http/http_limits.h"
#include "frontends/http/http_server.h"
#include "frontends/http/route_table.h"
#include "frontends/ipp/ipp_printer.h"
#include "frontends/raw/raw_print_server.h"
#include "pipeline/device/device_services.h"

namespace mfp::frontends::http {

// Where the listeners report what they do (listening, TLS unavailable, handshake failures,
// raw-print events): a message and non-secret fields; `error` for failures.
using NetworkLog =
    std::function<void(bool error, std::string_view message,
                       const std::vector<std::pair<std::string, std::string>>& fields)>;

struct NetworkOptions {
  std::vector<std::string> addresses;  // IP literals
  std::uint16_t ipps_port = 8631;      // 0: ephemeral
  std::uint16_t https_port = 8443;
  std::uint16_t http_port = 8000;
  std::uint16_t raw_port = 9100;  // Port 9100 raw printing, while its setting is on
  HttpLimits limits;
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
      pipeline::device::DeviceServices& device, NetworkLog log, NetworkOptions options);
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
  NetworkServices(pipeline::device::DeviceServices& device, NetworkLog log, NetworkOptions options);
  [[nodiscard]] Plan plan() const;
  [[nodiscard]] pipeline::Status apply_raw(const Plan& p);
  // The HTTPS listeners' routes (the IPP printer, its icons) and the plain-HTTP listener's
  // (redirects to HTTPS; IPP refused without TLS).
  [[nodiscard]] pipeline::Status mount_https();
  [[nodiscard]] pipeline::Status mount_http();
  void redirect(HttpExchange& exchange) const;
  void refuse_plain_ipp(HttpExchange& exchange) const;
  void log(bool error, std::string_view message,
           const std::vector<std::pair<std::string, std::string>>& fields) const;

  pipeline::device::DeviceServices& device_;
  NetworkLog log_;
  NetworkOptions options_;
  std::unique_ptr<ipp::IppPrinter> printer_;
  std::unique_ptr<cwis::CwisSite> site_;
  RouteTable https_routes_;
  RouteTable http_routes_;

  mutable std::mutex mu_;
  std::unique_ptr<HttpServer> server_;
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

}  // namespace mfp::frontends::http
