#pragma once
// HttpExchange: one HTTP request as a handler sees it (its head, its body as a stream, the
// connection it came on) and the way to answer it; HttpHandler: what a listener calls for
// every request. Neither exposes Boost: handlers compile without Beast.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/status.h"

namespace mfp::frontends::http {

// Where a request came from and on which listener.
struct ConnectionInfo {
  std::string listener;      // "ipps", "https", "http"
  std::string peer_address;  // "127.0.0.1", "::1"
  std::uint16_t peer_port = 0;
  std::uint16_t local_port = 0;
  bool tls = false;
  std::string tls_version;  // "TLSv1.2" when tls
  std::string tls_cipher;   // OpenSSL name of the negotiated suite when tls
};

// The request line and header fields. Field names compare case-insensitively.
struct HttpRequestHead {
  std::string method;  // as sent: "POST", "GET", ...
  std::string target;  // request-target as sent: "/ipp/print"
  unsigned version = 11;
  std::vector<std::pair<std::string, std::string>> fields;
  bool keep_alive = true;
  bool has_body = false;                        // Content-Length > 0 or chunked
  std::optional<std::uint64_t> content_length;  // absent for chunked bodies
  bool expect_continue = false;

  // The first field named `name` (case-insensitive), or nullopt.
  [[nodiscard]] std::optional<std::string_view> field(std::string_view name) const noexcept;
};

struct HttpResponse {
  unsigned status = 200;
  std::vector<std::pair<std::string, std::string>> fields;  // besides Content-Length, Server
  std::string body;
  bool close = false;  // close the connection after this response

  void set(std::string name, std::string value) {
    fields.emplace_back(std::move(name), std::move(value));
  }
};

class HttpExchange {
 public:
  virtual ~HttpExchange() = default;

  [[nodiscard]] virtual const HttpRequestHead& head() const noexcept = 0;
  [[nodiscard]] virtual const ConnectionInfo& connection() const noexcept = 0;

  // Reads the next body bytes into `out` (blocking, under the io deadline); 0 once the body
  // is complete. Sends "100 Continue" first when the client asked for it. Errors:
  // io_error "timed out" (the client stalled), limit_exceeded (body over the limit),
  // malformed_data (bad chunk framing), io_error (the connection failed). After an error the
  // connection is closed once the handler answers.
  [[nodiscard]] virtual pipeline::Result<std::size_t> read_body(std::span<std::uint8_t> out) = 0;
  // True once the whole body has been read (or there was none).
  [[nodiscard]] virtual bool body_complete() const noexcept = 0;

  // Sends the answer (once). When the body was not read to its end the connection is closed
  // after the response (the next request cannot be found). io_error when
  // the client does not take it.
  [[nodiscard]] virtual pipeline::Status respond(HttpResponse response) = 0;
  [[nodiscard]] virtual bool responded() const noexcept = 0;
};

// Called once per request on the connection's thread. A handler that returns without
// responding gets a 500 sent for it. Must not throw.
using HttpHandler = std::function<void(HttpExchange&)>;

}  // namespace mfp::frontends::http
