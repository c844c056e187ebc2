#include "bench/client_connection.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>

namespace mfp::bench {

namespace {

using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

constexpr int kTimeoutSeconds = 60;

}  // namespace

SslCtxPtr client_context() {
  SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (ctx) {
    SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  }
  return ctx;
}

ClientConnection::~ClientConnection() {
  if (ssl_ != nullptr) SSL_free(ssl_);
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<ClientConnection>> ClientConnection::open(const std::string& host,
                                                                 std::uint16_t port, SSL_CTX* ctx) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) {
    return make_error(StatusCode::io_error, "cannot resolve " + host);
  }
  std::unique_ptr<ClientConnection> c(new ClientConnection());  // NOLINT: private constructor
  for (addrinfo* a = found; a != nullptr && c->fd_ < 0; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
      c->fd_ = fd;
    } else {
      ::close(fd);
    }
  }
  freeaddrinfo(found);
  if (c->fd_ < 0) return make_error(StatusCode::io_error, "connect failed");
  int one = 1;
  setsockopt(c->fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  timeval tv{kTimeoutSeconds, 0};
  setsockopt(c->fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(c->fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (ctx == nullptr) return c;
  c->ssl_ = SSL_new(ctx);
  if (c->ssl_ == nullptr) return make_error(StatusCode::io_error, "TLS: no session");
  SSL_set_fd(c->ssl_, c->fd_);
  SSL_set_tlsext_host_name(c->ssl_, "localhost");
  if (SSL_connect(c->ssl_) != 1) {
    ERR_clear_error();
    return make_error(StatusCode::io_error, "TLS handshake failed");
  }
  return c;
}

Status ClientConnection::write_all(const void* data, std::size_t size) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  while (size > 0) {
    const std::size_t chunk = std::min<std::size_t>(size, std::size_t{1} << 20);
    const long n = ssl_ != nullptr ? SSL_write(ssl_, p, static_cast<int>(chunk))
                                   : ::send(fd_, p, chunk, MSG_NOSIGNAL);
    if (n <= 0) return make_error(StatusCode::io_error, "write failed");
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return Status::ok();
}

Result<std::pair<int, std::string>> ClientConnection::read_response() {
  MFP_ASSIGN_OR_RETURN(auto full, read_response_with_head());
  return std::make_pair(std::get<0>(full), std::move(std::get<2>(full)));
}

Result<std::tuple<int, std::string, std::string>> ClientConnection::read_response_with_head() {
  std::size_t end = 0;
  while ((end = in_.find("\r\n\r\n")) == std::string::npos) MFP_RETURN_IF_ERROR(fill());
  const std::string head = in_.substr(0, end + 2);
  in_.erase(0, end + 4);
  if (head.size() < 12) return make_error(StatusCode::io_error, "bad HTTP status line");
  const int status = std::atoi(head.c_str() + 9);
  std::string lower = head;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  std::string body;
  if (lower.find("transfer-encoding: chunked") != std::string::npos) {
    for (;;) {
      std::size_t eol = 0;
      while ((eol = in_.find("\r\n")) == std::string::npos) MFP_RETURN_IF_ERROR(fill());
      const std::size_t size = std::strtoul(in_.c_str(), nullptr, 16);
      in_.erase(0, eol + 2);
      while (in_.size() < size + 2) MFP_RETURN_IF_ERROR(fill());
      body.append(in_, 0, size);
      in_.erase(0, size + 2);
      if (size == 0) break;
    }
  } else {
    std::size_t length = 0;
    if (auto at = lower.find("content-length:"); at != std::string::npos) {
      length = std::strtoul(lower.c_str() + at + 15, nullptr, 10);
    }
    while (in_.size() < length) MFP_RETURN_IF_ERROR(fill());
    body = in_.substr(0, length);
    in_.erase(0, length);
  }
  return std::make_tuple(status, head, std::move(body));
}

Status ClientConnection::fill() {
  std::array<char, 65536> buf{};
  const long n = ssl_ != nullptr ? SSL_read(ssl_, buf.data(), static_cast<int>(buf.size()))
                                 : ::recv(fd_, buf.data(), buf.size(), 0);
  if (n <= 0) return make_error(StatusCode::io_error, "connection closed");
  in_.append(buf.data(), static_cast<std::size_t>(n));
  return Status::ok();
}

}  // namespace mfp::bench
