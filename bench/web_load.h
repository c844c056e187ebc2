#pragma once
// web_load: the browser-interface benchmark of bench/RESULTS.md, run against any web server on
// loopback (ours over HTTPS with logged-in sessions, cupsd's web interface over HTTP, the same
// client code for both): N concurrent keep-alive clients GET one page back to back for a
// duration; requests per second and the latency percentiles. With credentials each client
// first logs in through the login form (its own session); with `logins_alongside` one more
// client logs in over and over during the run, so the page latency shows whether a login (its
// key derivation) stalls other sessions.
//
// Loopback only (invalid_argument otherwise). Failure: io_error naming the step; a page answer
// other than 200 counts as an error, not a failure of the run.

#include <chrono>
#include <cstdint>
#include <string>

#include "pipeline/status.h"

namespace mfp::bench {

struct WebTarget {
  bool tls = true;
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string target = "/";  // path and query
  std::string user;          // empty: no login
  std::string password;

  // Parses "https://127.0.0.1:PORT/path?query" or "http://...".
  [[nodiscard]] static pipeline::Result<WebTarget> from_url(const std::string& url);
};

struct WebLoad {
  std::uint64_t requests = 0;  // 200 answers
  std::uint64_t errors = 0;
  double seconds = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
  std::uint64_t page_bytes = 0;  // the last page's size
  std::uint64_t logins = 0;      // logins done alongside
  double login_p50_ms = 0;
  [[nodiscard]] double per_second() const { return seconds > 0 ? requests / seconds : 0; }
};

[[nodiscard]] pipeline::Result<WebLoad> web_page_load(const WebTarget& target, unsigned clients,
                                                      std::chrono::milliseconds duration,
                                                      bool logins_alongside);

}  // namespace mfp::bench
