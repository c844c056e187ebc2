#pragma once
// ClientConnection: one benchmark client's keep-alive HTTP/1.1 connection to a loopback server,
// over TLS (the server's certificate is not verified: loopback only, a benchmark) or plain TCP
// (a peer that serves only HTTP, such as cupsd's web interface). Blocking, with a 60 s timeout
// on every read and write. Failure: io_error naming the step.

#include <openssl/ssl.h>

#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <utility>

#include "pipeline/status.h"

namespace mfp::bench {

struct SslCtxFree {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;

// A TLS 1.2+ client context that does not verify the peer.
[[nodiscard]] SslCtxPtr client_context();

class ClientConnection {
 public:
  ~ClientConnection();
  ClientConnection(const ClientConnection&) = delete;
  ClientConnection& operator=(const ClientConnection&) = delete;

  // Connects to host:port; `ctx` null: plain TCP, else a TLS handshake with SNI "localhost".
  [[nodiscard]] static pipeline::Result<std::unique_ptr<ClientConnection>> open(
      const std::string& host, std::uint16_t port, SSL_CTX* ctx);

  [[nodiscard]] pipeline::Status write_all(const void* data, std::size_t size);
  // The next response: status code and body (Content-Length or chunked).
  [[nodiscard]] pipeline::Result<std::pair<int, std::string>> read_response();
  // The same with the response head (status line and fields) as sent.
  [[nodiscard]] pipeline::Result<std::tuple<int, std::string, std::string>>
  read_response_with_head();

 private:
  ClientConnection() = default;
  [[nodiscard]] pipeline::Status fill();
  int fd_ = -1;
  SSL* ssl_ = nullptr;  // owned (SSL_free); null for plain TCP
  std::string in_;
};

}  // namespace mfp::bench
