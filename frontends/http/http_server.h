#pragma once
// HttpServer: the device's HTTP/1.1 listeners (IPPS, HTTPS, plain HTTP), over Boost.Beast and
// OpenSSL, shared by the IPP printer and (later) the browser and panel front ends.
//
// Each listener binds one address and port; a TLS listener handshakes every connection with
// the server's current TLS context (set_tls_context() swaps it for new connections: a new
// certificate or TLS setting applies without a restart). Connections are served one thread
// each, keep-alive, with chunked and Content-Length bodies, "Expect: 100-continue", and the
// request bodies streamed to the handler (HttpExchange::read_body). HttpLimits bounds
// everything: header size, body size, connections in all and per source address (a refused
// connection is closed at once), and the deadlines (TLS handshake, keep-alive idle, header,
// every body read and response write), so a slow client loses its connection while others
// are served.
//
// A failed TLS handshake is reported to on_handshake_failure (listener name, peer address and
// port, describe_handshake_error()'s reason) for the audit log; nothing from the peer's bytes
// reaches the report.
//
// Failure: start() returns io_error naming the address and port it could not bind (nothing
// stays listening), invalid_argument for an address that is not an IP literal or a TLS
// listener without a context. Handlers run on connection threads and must be thread-safe.
// stop() (and the destructor) closes the listeners and every connection and joins their
// threads.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "frontends/http/http_exchange.h"
#include "frontends/http/http_limits.h"
#include "pipeline/status.h"

using SSL_CTX = struct ssl_ctx_st;

namespace mfp::frontends::http {

struct ListenerConfig {
  std::string name;        // "ipps", "https", "http": in logs, audit records and ConnectionInfo
  std::string address;     // IP literal: "127.0.0.1", "::1", "0.0.0.0"
  std::uint16_t port = 0;  // 0: an ephemeral port (tests); see HttpServer::port()
  bool tls = false;
  HttpHandler handler;
};

struct HandshakeFailure {
  std::string listener;
  std::string peer_address;
  std::uint16_t peer_port = 0;
  std::string reason;
};

struct HttpServerOptions {
  HttpLimits limits;
  std::function<void(const HandshakeFailure&)> on_handshake_failure;
  // "Server" header value.
  std::string server_name = "OpenMFP";
};

class HttpServer {
 public:
  // Binds every listener and starts accepting. `tls_context` is used by TLS listeners (it may
  // be null when there are none); the server takes a reference of its own.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<HttpServer>> start(
      std::vector<ListenerConfig> listeners, SSL_CTX* tls_context, HttpServerOptions options);
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  ~HttpServer();

  // Connections accepted from now on handshake with `context` (a reference is taken; the
  // connections already open keep the one they started with).
  void set_tls_context(SSL_CTX* context);

  // The port listener `index` is bound to (the ephemeral one when its config said 0).
  [[nodiscard]] std::uint16_t port(std::size_t index) const;
  [[nodiscard]] std::size_t open_connections() const;

  // Closes the listeners and every connection, waits for their threads. Idempotent.
  void stop() noexcept;

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mfp::frontends::http
