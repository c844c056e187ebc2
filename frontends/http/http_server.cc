// Asio's coroutine support in Boost 1.74 uses std::exchange without including <utility>
// (GCC 12): it must come first.
#include <utility>

#include "frontends/http/http_server.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <type_traits>

#include "frontends/http/connection_limiter.h"
#include "pipeline/ascii_iequals.h"
#include "security/tls/handshake_failure.h"

namespace mfp::frontends::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using pipeline::make_error;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

// Runs one asynchronous operation of a connection's private io_context to completion: the
// connection thread reads like blocking code while tcp_stream's deadline bounds every step.
template <class Start>
beast::error_code run_io(net::io_context& ioc, Start&& start, std::size_t* bytes = nullptr) {
  beast::error_code result = net::error::would_block;
  std::size_t n = 0;
  std::forward<Start>(start)([&](beast::error_code ec, std::size_t count) {
    result = ec;
    n = count;
  });
  ioc.restart();
  ioc.run();
  if (bytes != nullptr) *bytes = n;
  return result;
}

template <class Start>
beast::error_code run_io0(net::io_context& ioc, Start&& start) {
  beast::error_code result = net::error::would_block;
  std::forward<Start>(start)([&](beast::error_code ec) { result = ec; });
  ioc.restart();
  ioc.run();
  return result;
}

// Closes a connection gracefully: our side's FIN first, then what the client still sends is
// read and dropped for a moment. Closing with unread bytes would make the kernel answer with
// a reset, which destroys a response (an error answer to a bad request) before the client
// reads it.
void linger_close(net::io_context& ioc, beast::tcp_stream& stream) {
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return;
  stream.expires_after(std::chrono::milliseconds(500));
  std::array<char, 4096> sink{};
  for (int i = 0; i < 64; ++i) {
    std::size_t n = 0;
    ec = run_io(
        ioc, [&](auto&& h) { stream.async_read_some(net::buffer(sink), h); }, &n);
    if (ec) return;
  }
}

// Why a TLS handshake failed, in the audit's words.
std::string handshake_reason(const beast::error_code& ec) {
  if (ec == beast::error::timeout) return "handshake timed out";
  if (ec.category() == net::error::get_ssl_category()) {
    return security::tls::describe_handshake_error(
        static_cast<unsigned long>(static_cast<unsigned int>(ec.value())));
  }
  // stream_truncated, eof, connection reset: the peer went away.
  ERR_clear_error();
  return "connection closed";
}

struct SharedSslContext {
  std::shared_ptr<net::ssl::context> context;
};

std::shared_ptr<net::ssl::context> wrap_context(SSL_CTX* ctx) {
  if (ctx == nullptr) return nullptr;
  SSL_CTX_up_ref(ctx);
  return std::make_shared<net::ssl::context>(ctx);  // owns the reference just taken
}

}  // namespace

struct HttpServer::Impl {
  struct Listener {
    ListenerConfig config;
    std::optional<tcp::acceptor> acceptor;
    std::uint16_t port = 0;
  };

  HttpServerOptions options;
  ConnectionLimiter limiter;
  net::io_context accept_ioc{1};
  std::vector<std::unique_ptr<Listener>> listeners;
  std::thread accept_thread;

  std::mutex tls_mu;
  std::shared_ptr<net::ssl::context> tls;

  std::mutex conn_mu;
  std::condition_variable conn_cv;
  std::set<int> open_fds;  // sockets of live connections, shut down by stop()
  std::size_t live = 0;    // connection threads still running
  bool stopping = false;

  explicit Impl(HttpServerOptions o)
      : options(std::move(o)),
        limiter(options.limits.max_connections, options.limits.max_connections_per_source) {}

  void accept_next(Listener& listener);
  void on_accept(Listener& listener, tcp::socket socket);
  void serve(const Listener& listener, tcp protocol, int fd, ConnectionInfo info,
             const std::shared_ptr<net::ssl::context>& tls_context);
};

namespace {

// One connection: the exchange a handler sees, over a plain or TLS stream.
template <class Stream>
class Session final : public HttpExchange {
 public:
  Session(HttpServer::Impl& server, net::io_context& ioc, Stream& stream, ConnectionInfo info,
          const HttpHandler& handler)
      : server_(server), ioc_(ioc), stream_(stream), info_(std::move(info)), handler_(handler) {}

  void run() {
    const HttpLimits& limits = server_.options.limits;
    while (true) {
      if (buffer_.size() == 0) {
        // Wait (idle deadline) for the first byte of the next request.
        lowest().expires_after(limits.idle_timeout);
        std::size_t n = 0;
        auto ec = run_io(
            ioc_, [&](auto&& h) { stream_.async_read_some(buffer_.prepare(4096), h); }, &n);
        if (ec) return;
        buffer_.commit(n);
      }
      parser_.emplace();
      parser_->header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
      parser_->body_limit(limits.max_body_bytes);
      lowest().expires_after(limits.header_timeout);
      auto ec =
          run_io(ioc_, [&](auto&& h) { bhttp::async_read_header(stream_, buffer_, *parser_, h); });
      if (ec) {
        if (ec == bhttp::error::header_limit) {
          send_error(431, "Request Header Fields Too Large");
        } else if (ec == bhttp::error::body_limit) {
          send_error(413, "Content Too Large");
        } else if (ec != beast::error::timeout && ec != net::error::eof &&
                   ec != bhttp::error::end_of_stream && ec != net::ssl::error::stream_truncated &&
                   ec != net::error::connection_reset && ec != net::error::operation_aborted) {
          send_error(400, "Bad Request");
        }
        return;
      }
      start_exchange();
      handler_(*this);
      if (!responded_) {
        HttpResponse r;
        r.status = 500;
        r.close = true;
        (void)respond(std::move(r));
      }
      if (close_after_) return;
    }
  }

  const HttpRequestHead& head() const noexcept override { return head_; }
  const ConnectionInfo& connection() const noexcept override { return info_; }
  bool body_complete() const noexcept override {
    return direct_ ? body_left_ == 0 : parser_ && parser_->is_done();
  }
  bool responded() const noexcept override { return responded_; }

  pipeline::Result<std::size_t> read_body(std::span<std::uint8_t> out) override {
    if (body_failed_) return make_error(StatusCode::io_error, "request body unavailable");
    if (!parser_ || body_complete() || out.empty()) return std::size_t{0};
    if (head_.expect_continue && !continue_sent_) {
      // RFC 9110 10.1.1: no "100 Continue" while the first read finds body bytes the client
      // sent unasked (libcups sends the IPP attributes, then waits a second for a status): a
      // handler refusing the request on them (HTTP 401) answers a client that listens, not
      // one told to upload a large document. A handler that reads on wants the rest: the
      // client is told to go on (a client already sending ignores it).
      if (!first_read_ || !body_bytes_arrive(server_.options.limits.continue_grace)) {
        continue_sent_ = true;
        bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, head_.version};
        lowest().expires_after(io_timeout());
        auto ec = run_io(ioc_, [&](auto&& h) { bhttp::async_write(stream_, cont, h); });
        if (ec) return fail_body(ec);
      }
    }
    first_read_ = false;
    // Returns as soon as some body bytes are in: each read must make progress within the io
    // deadline (a slow but steady client is served; a stalled one is not).
    if (direct_) {
      // A Content-Length body goes straight from the stream into `out` (no parser copy); the
      // bytes read past the header come first.
      const std::size_t want =
          static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), body_left_));
      std::size_t n = 0;
      if (buffer_.size() > 0) {
        n = net::buffer_copy(net::buffer(out.data(), want), buffer_.data());
        buffer_.consume(n);
      } else {
        lowest().expires_after(io_timeout());
        auto ec = run_io(
            ioc_, [&](auto&& h) { stream_.async_read_some(net::buffer(out.data(), want), h); }, &n);
        if (ec) return fail_body(ec);
      }
      body_left_ -= n;
      return n;
    }
    while (true) {
      auto& body = parser_->get().body();
      body.data = out.data();
      body.size = out.size();
      lowest().expires_after(io_timeout());
      auto ec =
          run_io(ioc_, [&](auto&& h) { bhttp::async_read_some(stream_, buffer_, *parser_, h); });
      if (ec == bhttp::error::need_buffer) ec = {};
      const std::size_t n = out.size() - parser_->get().body().size;
      parser_->get().body().data = nullptr;
      if (ec) return fail_body(ec);
      if (n > 0 || parser_->is_done()) return n;
    }
  }

  Status respond(HttpResponse response) override {
    if (responded_) return make_error(StatusCode::conflict, "already answered");
    responded_ = true;
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(response.status),
                                            head_.version};
    res.set(bhttp::field::server, server_.options.server_name);
    for (auto& [name, value] : response.fields) res.insert(name, value);
    const bool head_request = head_.method == "HEAD";
    res.body() = std::move(response.body);
    const bool close =
        response.close || !head_.keep_alive || body_failed_ || !parser_ || !body_complete();
    res.keep_alive(!close);
    res.prepare_payload();
    if (close) close_after_ = true;
    lowest().expires_after(io_timeout());
    beast::error_code ec;
    if (head_request) {
      bhttp::response_serializer<bhttp::string_body> sr{res};
      ec = run_io(ioc_, [&](auto&& h) { bhttp::async_write_header(stream_, sr, h); });
    } else {
      ec = run_io(ioc_, [&](auto&& h) { bhttp::async_write(stream_, res, h); });
    }
    if (ec) {
      close_after_ = true;
      return make_error(StatusCode::io_error, "response not delivered");
    }
    // Answered before the body's end: a client that is sending it (told to continue, or not
    // waiting to be) reads the answer only once it has written everything.
    if (close && parser_ && !body_failed_ && !body_complete() &&
        (continue_sent_ || !head_.expect_continue)) {
      drain_body();
    }
    return Status::ok();
  }

 private:
  // The deadline of the next body read or response write: the io timeout, or what is left of
  // the drain's time while draining.
  [[nodiscard]] std::chrono::milliseconds io_timeout() const {
    const auto io = server_.options.limits.io_timeout;
    if (!draining_) return io;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        drain_until_ - std::chrono::steady_clock::now());
    return std::clamp(left, std::chrono::milliseconds(1), io);
  }

  // Reads and drops the rest of the body within HttpLimits' drain bounds.
  void drain_body() {
    const HttpLimits& limits = server_.options.limits;
    draining_ = true;
    drain_until_ = std::chrono::steady_clock::now() + limits.drain_timeout;
    std::array<std::uint8_t, 64 * 1024> sink{};
    std::uint64_t dropped = 0;
    while (!body_complete() && dropped < limits.max_drain_bytes &&
           std::chrono::steady_clock::now() < drain_until_) {
      auto n = read_body(sink);
      if (!n || n.value() == 0) break;
      dropped += n.value();
    }
    draining_ = false;
  }

  // True when body bytes are buffered or arrive within `grace` (nothing is read).
  bool body_bytes_arrive(std::chrono::milliseconds grace) {
    if (buffer_.size() > 0) return true;
    if constexpr (!std::is_same_v<Stream, beast::tcp_stream>) {
      // Records already received sit in OpenSSL (processed or not) or in the BIO between it
      // and the socket, where waiting on the socket would not see them.
      SSL* ssl = stream_.native_handle();
      if (SSL_has_pending(ssl) != 0 || BIO_ctrl_pending(SSL_get_rbio(ssl)) > 0) return true;
    }
    pollfd p{lowest().socket().native_handle(), POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(grace.count())) > 0 && (p.revents & POLLIN) != 0;
  }

  auto& lowest() { return beast::get_lowest_layer(stream_); }

  void start_exchange() {
    const auto& req = parser_->get();
    head_ = HttpRequestHead{};
    head_.method = std::string(req.method_string());
    head_.target = std::string(req.target());
    head_.version = req.version();
    for (const auto& f : req)
      head_.fields.emplace_back(std::string(f.name_string()), std::string(f.value()));
    head_.keep_alive = req.keep_alive();
    const auto length = parser_->content_length();
    if (length) head_.content_length = *length;
    head_.has_body = parser_->chunked() || (length && *length > 0);
    auto expect = head_.field("Expect");
    head_.expect_continue = expect && pipeline::ascii_iequals(*expect, "100-continue");
    responded_ = false;
    continue_sent_ = false;
    first_read_ = true;
    body_failed_ = false;
    direct_ = !parser_->chunked() && length.has_value() && !parser_->is_done();
    body_left_ = direct_ ? *length : 0;
  }

  pipeline::Status fail_body(const beast::error_code& ec) {
    body_failed_ = true;
    close_after_ = true;
    if (ec == beast::error::timeout) return make_error(StatusCode::io_error, "timed out");
    if (ec == bhttp::error::body_limit) {
      return make_error(StatusCode::limit_exceeded, "request body too large");
    }
    if (ec == bhttp::error::partial_message || ec == bhttp::error::end_of_stream ||
        ec == net::error::eof) {
      return make_error(StatusCode::io_error, "connection closed during the body");
    }
    if (ec.category() == beast::error_code(bhttp::error::bad_chunk).category()) {
      return make_error(StatusCode::malformed_data, "bad request body framing");
    }
    return make_error(StatusCode::io_error, "connection failed during the body");
  }

  void send_error(unsigned status, const char* text) {
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(status), 11};
    res.set(bhttp::field::server, server_.options.server_name);
    res.set(bhttp::field::content_type, "text/plain");
    res.body() = std::string(text) + "\n";
    res.keep_alive(false);
    res.prepare_payload();
    lowest().expires_after(server_.options.limits.io_timeout);
    (void)run_io(ioc_, [&](auto&& h) { bhttp::async_write(stream_, res, h); });
  }

  HttpServer::Impl& server_;
  net::io_context& ioc_;
  Stream& stream_;
  ConnectionInfo info_;
  const HttpHandler& handler_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::buffer_body>> parser_;
  HttpRequestHead head_;
  bool responded_ = false;
  bool continue_sent_ = false;  // the client was told to continue
  bool first_read_ = true;
  bool body_failed_ = false;
  bool close_after_ = false;
  bool draining_ = false;  // drain_body() runs: reads share its deadline
  std::chrono::steady_clock::time_point drain_until_{};
  bool direct_ = false;          // a Content-Length body read past the parser
  std::uint64_t body_left_ = 0;  // its bytes not yet read
};

}  // namespace

void HttpServer::Impl::accept_next(Listener& listener) {
  listener.acceptor->async_accept([this, &listener](beast::error_code ec, tcp::socket socket) {
    {
      std::lock_guard lock(conn_mu);
      if (stopping) return;
    }
    if (!ec) {
      on_accept(listener, std::move(socket));
      accept_next(listener);
      return;
    }
    if (ec == net::error::operation_aborted) return;
    // Out of descriptors or a transient error: pause briefly instead of spinning.
    auto timer = std::make_shared<net::steady_timer>(accept_ioc, std::chrono::milliseconds(50));
    timer->async_wait([this, &listener, timer](beast::error_code) { accept_next(listener); });
  });
}

void HttpServer::Impl::on_accept(Listener& listener, tcp::socket socket) {
  beast::error_code ec;
  const tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) return;
  ConnectionInfo info;
  info.listener = listener.config.name;
  info.peer_address = peer.address().is_v4() || !peer.address().to_v6().is_v4_mapped()
                          ? peer.address().to_string()
                          : peer.address().to_v6().to_v4().to_string();
  info.peer_port = peer.port();
  info.local_port = listener.port;
  info.tls = listener.config.tls;
  auto slot = limiter.try_acquire(info.peer_address);
  if (!slot) return;  // the socket closes here: over the limit
  std::shared_ptr<net::ssl::context> tls_context;
  if (listener.config.tls) {
    std::lock_guard lock(tls_mu);
    tls_context = tls;
    if (!tls_context) return;
  }
  const auto protocol = socket.local_endpoint(ec).protocol();
  if (ec) return;
  const int fd = socket.release(ec);
  if (ec) return;
  {
    std::lock_guard lock(conn_mu);
    if (stopping) {
      ::close(fd);
      return;
    }
    open_fds.insert(fd);
    ++live;
  }
  try {
    std::thread([this, &listener, protocol, fd, info = std::move(info),
                 slot = std::make_shared<ConnectionSlot>(std::move(*slot)), tls_context]() mutable {
      serve(listener, protocol, fd, std::move(info), tls_context);
      slot.reset();
      std::lock_guard lock(conn_mu);
      --live;
      conn_cv.notify_all();
    }).detach();
  } catch (...) {
    std::lock_guard lock(conn_mu);
    open_fds.erase(fd);
    ::close(fd);
    --live;
    conn_cv.notify_all();
  }
}

void HttpServer::Impl::serve(const Listener& listener, tcp protocol, int fd, ConnectionInfo info,
                             const std::shared_ptr<net::ssl::context>& tls_context) {
  net::io_context ioc(1);
  beast::tcp_stream tcp_stream(ioc);
  beast::error_code ec;
  tcp_stream.socket().assign(protocol, fd, ec);
  // The descriptor is the stream's now; stop() may shut it down until it leaves open_fds.
  auto forget = [this, fd] {
    std::lock_guard lock(conn_mu);
    open_fds.erase(fd);
  };
  if (ec) {
    forget();
    ::close(fd);
    return;
  }
  tcp_stream.socket().set_option(tcp::no_delay(true), ec);
  try {
    if (!listener.config.tls) {
      Session<beast::tcp_stream> session(*this, ioc, tcp_stream, std::move(info),
                                         listener.config.handler);
      session.run();
      linger_close(ioc, tcp_stream);
      forget();
      return;
    }
    beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp_stream), *tls_context);
    beast::get_lowest_layer(stream).expires_after(options.limits.handshake_timeout);
    ERR_clear_error();
    ec = run_io0(ioc, [&](auto&& h) { stream.async_handshake(net::ssl::stream_base::server, h); });
    if (ec) {
      if (options.on_handshake_failure) {
        HandshakeFailure failure{listener.config.name, info.peer_address, info.peer_port,
                                 handshake_reason(ec)};
        options.on_handshake_failure(failure);
      }
      forget();
      return;
    }
    info.tls_version = SSL_get_version(stream.native_handle());
    if (const char* cipher = SSL_get_cipher_name(stream.native_handle())) info.tls_cipher = cipher;
    Session<beast::ssl_stream<beast::tcp_stream>> session(*this, ioc, stream, std::move(info),
                                                          listener.config.handler);
    session.run();
    // close_notify, briefly: a client that already left does not hold the thread.
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(1));
    (void)run_io0(ioc, [&](auto&& h) { stream.async_shutdown(h); });
    linger_close(ioc, beast::get_lowest_layer(stream));
    forget();
  } catch (...) {
    // Allocation failure inside Asio/Beast: the connection ends; the server goes on.
    forget();
  }
  ERR_clear_error();
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  stop();
}

pipeline::Result<std::unique_ptr<HttpServer>> HttpServer::start(
    std::vector<ListenerConfig> listeners, SSL_CTX* tls_context, HttpServerOptions options) {
  try {
    auto impl = std::make_unique<Impl>(std::move(options));
    impl->tls = wrap_context(tls_context);
    for (auto& config : listeners) {
      if (config.tls && !impl->tls) {
        return make_error(StatusCode::invalid_argument,
                          "listener " + config.name + ": TLS without a context");
      }
      beast::error_code ec;
      const auto address = net::ip::make_address(config.address, ec);
      if (ec) {
        return make_error(StatusCode::invalid_argument,
                          "listener " + config.name + ": not an IP address: " + config.address);
      }
      auto listener = std::make_unique<Impl::Listener>();
      const tcp::endpoint endpoint(address, config.port);
      auto& acceptor = listener->acceptor.emplace(impl->accept_ioc);
      const std::string where = config.address + " port " + std::to_string(config.port);
      if (acceptor.open(endpoint.protocol(), ec)) {
        return make_error(StatusCode::io_error, "cannot open a socket for " + where);
      }
      (void)acceptor.set_option(net::socket_base::reuse_address(true), ec);
      if (address.is_v6()) (void)acceptor.set_option(net::ip::v6_only(true), ec);
      if (acceptor.bind(endpoint, ec)) {
        return make_error(StatusCode::io_error, "cannot bind " + where + ": " + ec.message());
      }
      if (acceptor.listen(net::socket_base::max_listen_connections, ec)) {
        return make_error(StatusCode::io_error, "cannot listen on " + where);
      }
      listener->port = acceptor.local_endpoint(ec).port();
      listener->config = std::move(config);
      impl->listeners.push_back(std::move(listener));
    }
    for (auto& listener : impl->listeners) impl->accept_next(*listener);
    Impl* raw = impl.get();
    impl->accept_thread = std::thread([raw] {
      try {
        raw->accept_ioc.run();
      } catch (...) {
        // Handlers do not throw; an allocation failure ends accepting.
      }
    });
    return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));  // NOLINT: private
  } catch (...) {
    return pipeline::current_exception_status("http server");
  }
}

void HttpServer::set_tls_context(SSL_CTX* context) {
  auto wrapped = wrap_context(context);
  std::lock_guard lock(impl_->tls_mu);
  impl_->tls = std::move(wrapped);
}

std::uint16_t HttpServer::port(std::size_t index) const {
  return index < impl_->listeners.size() ? impl_->listeners[index]->port : 0;
}

std::size_t HttpServer::open_connections() const {
  return impl_->limiter.open();
}

void HttpServer::stop() noexcept {
  if (!impl_) return;
  {
    std::lock_guard lock(impl_->conn_mu);
    if (impl_->stopping) return;
    impl_->stopping = true;
  }
  net::post(impl_->accept_ioc, [impl = impl_.get()] {
    for (auto& listener : impl->listeners) {
      beast::error_code ec;
      (void)listener->acceptor->close(ec);
    }
  });
  if (impl_->accept_thread.joinable()) impl_->accept_thread.join();
  std::unique_lock lock(impl_->conn_mu);
  for (int fd : impl_->open_fds) ::shutdown(fd, SHUT_RDWR);
  impl_->conn_cv.wait(lock, [&] { return impl_->live == 0; });
}

}  // namespace mfp::frontends::http
