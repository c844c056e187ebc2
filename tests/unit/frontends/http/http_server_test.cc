#include "frontends/http/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "security/certs/device_certificate.h"
#include "security/certs/self_signed_options.h"
#include "security/tls/server_context.h"
#include "security/tls/tls_policy.h"

namespace mfp::frontends::http {
namespace {

using pipeline::StatusCode;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// Generous bound for "promptly": the limits below are a few hundred milliseconds.
constexpr milliseconds kPrompt{3000};

HttpLimits small_limits() {
  HttpLimits l;
  l.max_header_bytes = 4096;
  l.max_body_bytes = 1 << 20;
  l.max_connections = 16;
  l.max_connections_per_source = 3;
  l.handshake_timeout = milliseconds(1000);
  l.idle_timeout = milliseconds(500);
  l.header_timeout = milliseconds(300);
  l.io_timeout = milliseconds(300);
  return l;
}

std::unique_ptr<HttpServer> start_server(
    HttpHandler handler, HttpLimits limits = small_limits(), bool tls = false,
    SSL_CTX* ctx = nullptr, std::function<void(const HandshakeFailure&)> on_fail = {}) {
  ListenerConfig config;
  config.name = tls ? "ipps" : "http";
  config.address = "127.0.0.1";
  config.port = 0;
  config.tls = tls;
  config.handler = std::move(handler);
  HttpServerOptions options;
  options.limits = limits;
  options.on_handshake_failure = std::move(on_fail);
  std::vector<ListenerConfig> listeners;
  listeners.push_back(std::move(config));
  auto started = HttpServer::start(std::move(listeners), ctx, std::move(options));
  EXPECT_TRUE(started.is_ok()) << started.status().to_string();
  if (!started.is_ok()) return nullptr;
  return std::move(started).value();
}

struct Response {
  int status = 0;
  std::string head;  // status line and fields
  std::string body;

  bool has_field(const std::string& name_and_value) const {
    std::string h = head, n = name_and_value;
    for (auto& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return h.find("\r\n" + n + "\r\n") != std::string::npos;
  }
};

// A raw TCP client of the test: writes bytes, reads HTTP/1.1 responses, notices the close.
class Client {
 public:
  explicit Client(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    const int one = 1;
    (void)::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~Client() { close(); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }
  int fd() const { return fd_; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // False when the connection refuses the bytes (closed by the server).
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads one response (a 1xx one too). nullopt on close, error or timeout.
  std::optional<Response> read_response(milliseconds timeout = kPrompt) {
    const auto deadline = Clock::now() + timeout;
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill(deadline)) return std::nullopt;
    }
    Response r;
    r.head = buffer_.substr(0, end + 2);
    buffer_.erase(0, end + 4);
    if (r.head.size() < 12 || r.head.compare(0, 9, "HTTP/1.1 ") != 0) return std::nullopt;
    r.status = std::atoi(r.head.c_str() + 9);
    std::size_t length = 0;
    std::string lower = r.head;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto at = lower.find("\r\ncontent-length:"); at != std::string::npos) {
      length = static_cast<std::size_t>(std::atoll(lower.c_str() + at + 17));
    }
    while (buffer_.size() < length) {
      if (!fill(deadline)) return std::nullopt;
    }
    r.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return r;
  }

  // True when the server closes the connection within `timeout` (bytes before are dropped).
  bool closed_within(milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (true) {
      const int rc = wait_readable(deadline);
      if (rc <= 0) return false;  // timed out
      char b[4096];
      const ssize_t n = ::recv(fd_, b, sizeof b, 0);
      if (n <= 0) return true;
    }
  }

  // True when nothing has arrived (and no close) for `period`.
  bool quiet_for(milliseconds period) {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(period.count())) == 0;
  }

  std::string& pending() { return buffer_; }

 private:
  int wait_readable(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return 0;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(left.count()));
  }
  bool fill(Clock::time_point deadline) {
    if (wait_readable(deadline) <= 0) return false;
    char b[16384];
    const ssize_t n = ::recv(fd_, b, sizeof b, 0);
    if (n <= 0) return false;
    buffer_.append(b, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

// A handler answering "<METHOD> <target>" and reading no body.
void echo_target(HttpExchange& ex) {
  HttpResponse r;
  r.body = ex.head().method + " " + ex.head().target;
  r.set("Content-Type", "text/plain");
  (void)ex.respond(std::move(r));
}

// A handler that reads the whole body in 7-byte reads and answers with the bytes read.
void echo_body(HttpExchange& ex) {
  std::string body;
  std::uint8_t buf[7];
  while (true) {
    auto n = ex.read_body(buf);
    if (!n.is_ok()) {
      HttpResponse r;
      r.status = 400;
      r.body = std::string(pipeline::to_string(n.status().code()));
      (void)ex.respond(std::move(r));
      return;
    }
    if (n.value() == 0) break;
    body.append(reinterpret_cast<const char*>(buf), n.value());
  }
  HttpResponse r;
  r.body = body;
  r.set("X-Body-Complete", ex.body_complete() ? "yes" : "no");
  (void)ex.respond(std::move(r));
}

std::string get(const std::string& target, const std::string& extra = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: mfp\r\n" + extra + "\r\n";
}

std::string post(const std::string& body, const std::string& extra = "") {
  return "POST /ipp/print HTTP/1.1\r\nHost: mfp\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n" + extra + "\r\n" + body;
}

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 23);
  return s;
}

TEST(HttpServer, StartRefusesBadListeners) {
  ListenerConfig config;
  config.name = "http";
  config.address = "mfp.local";
  config.handler = echo_target;
  auto bad_address = HttpServer::start({config}, nullptr, HttpServerOptions{});
  ASSERT_FALSE(bad_address.is_ok());
  EXPECT_EQ(bad_address.status().code(), StatusCode::invalid_argument);

  config.address = "127.0.0.1";
  config.tls = true;
  auto no_context = HttpServer::start({config}, nullptr, HttpServerOptions{});
  ASSERT_FALSE(no_context.is_ok());
  EXPECT_EQ(no_context.status().code(), StatusCode::invalid_argument);
}

TEST(HttpServer, KeepAliveServesTwoRequestsOnOneConnection) {
  std::mutex mu;
  std::vector<ConnectionInfo> seen;
  auto server = start_server([&](HttpExchange& ex) {
    {
      std::lock_guard lock(mu);
      seen.push_back(ex.connection());
    }
    echo_target(ex);
  });
  ASSERT_NE(server, nullptr);
  ASSERT_NE(server->port(0), 0);
  Client c(server->port(0));
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.send(get("/first")));
  auto first = c.read_response();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, "GET /first");
  EXPECT_TRUE(first->has_field("Server: OpenMFP"));
  EXPECT_FALSE(first->has_field("Connection: close"));
  ASSERT_TRUE(c.send(get("/second")));
  auto second = c.read_response();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->body, "GET /second");
  std::lock_guard lock(mu);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].peer_port, seen[1].peer_port);  // the same connection
  EXPECT_EQ(seen[0].listener, "http");
  EXPECT_EQ(seen[0].peer_address, "127.0.0.1");
  EXPECT_EQ(seen[0].local_port, server->port(0));
  EXPECT_FALSE(seen[0].tls);
}

TEST(HttpServer, PipelinedRequestsAreAnsweredInOrder) {
  auto server = start_server(echo_target);
  ASSERT_NE(server, nullptr);
  Client c(server->port(0));
  ASSERT_TRUE(c.send(get("/a") + get("/b") + get("/c")));
  for (const char* want : {"GET /a", "GET /b", "GET /c"}) {
    auto r = c.read_response();
    ASSERT_TRUE(r.has_value()) << want;
    EXPECT_EQ(r->body, want);
  }
}

TEST(HttpServer, ConnectionCloseRequestIsHonoured) {
  auto server = start_server(echo_target);
  ASSERT_NE(server, nullptr);
  Client c(server->port(0));
  ASSERT_TRUE(c.send(get("/bye", "Connection: close\r\n")));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->has_field("Connection: close"));
  EXPECT_TRUE(c.closed_within(kPrompt));
}

TEST(HttpServer, ContentLengthBodyIsStreamedInSmallReads) {
  std::atomic<int> reads{0};
  std::optional<std::uint64_t> length;
  auto server = start_server([&](HttpExchange& ex) {
    if (ex.head().method != "POST") return echo_target(ex);
    length = ex.head().content_length;
    EXPECT_TRUE(ex.head().has_body);
    std::uint64_t total = 0;
    std::uint8_t buf[100];
    while (true) {
      auto n = ex.read_body(buf);
      ASSERT_TRUE(n.is_ok()) << n.status().to_string();
      if (n.value() == 0) break;
      EXPECT_LE(n.value(), sizeof buf);
      total += n.value();
      ++reads;
    }
    EXPECT_TRUE(ex.body_complete());
    HttpResponse r;
    r.body = std::to_string(total);
    (void)ex.respond(std::move(r));
  });
  ASSERT_NE(server, nullptr);
  Client c(server->port(0));
  const std::string body = pattern(100'000);
  ASSERT_TRUE(c.send(post(body)));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "100000");
  EXPECT_GE(reads.load(), 1000);
  EXPECT_EQ(length, std::optional<std::uint64_t>(100'000));
  EXPECT_FALSE(r->has_field("Connection: close"));
  // The body was read to its end: the connection goes on.
  ASSERT_TRUE(c.send(get("/after")));
  auto after = c.read_response();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->status, 200);
}

TEST(HttpServer, ChunkedBodyIsDecoded) {
  bool had_length = true;
  auto server = start_server([&](HttpExchange& ex) {
    if (ex.head().method != "POST") return echo_target(ex);
    had_length = ex.head().content_length.has_value();
    EXPECT_TRUE(ex.head().has_body);
    echo_body(ex);
  });
  ASSERT_NE(server, nullptr);
  Client c(server->port(0));
  ASSERT_TRUE(
      c.send("POST /ipp/print HTTP/1.1\r\nHost: mfp\r\nTransfer-Encoding: chunked\r\n\r\n"
             "5\r\nhello\r\n"
             "1;ext=1\r\n,\r\n"
             "10\r\n world, chunked!\r\n"
             "0\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hello, world, chunked!");
  EXPECT_TRUE(r->has_field("X-Body-Complete: yes"));
  EXPECT_FALSE(had_length);
  // Keep-alive after a chunked body.
  ASSERT_TRUE(c.send(get("/next")));
  EXPECT_TRUE(c.read_response().has_value());
}

TEST(HttpServer, BadChunkFramingIsMalformed) {
  auto server = start_server(echo_body);
  ASSERT_NE(server, nullptr);
  Client c(server->port(0));
  ASSERT_TRUE(
      c.send("POST / HTTP/1.1\r\nHost: mfp\r\nTransfer-Encoding: "
             "chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->body, "malformed_data");
  EXPECT_TRUE(r->has_field("Connection: close"));
  EXPECT_TRUE(c.closed_within(kPrompt));
}

// A declared Content-Length over max_body_bytes is refused while the header is read: the
// handler never runs. (The answer is 400; 413 Content Too Large would name the reason.)
TEST(HttpServer, DeclaredBodyOverTheLimitIsRefusedBeforeTheHandler) {
  auto limits = small_limits();
  limits.max_body_bytes = 1000;
  std::atomic<bool> called{false};
  auto server = start_server(
      [&](HttpExchange& ex) {
        called = true;
        echo_body(ex);
      },
      limits);
  ASSERT_NE(server, nullptr);
  Client c(server->port(0));
  ASSERT_TRUE(c.send(post(pattern(2000))));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_GE(r->status, 400);
  EXPECT_LT(r->status, 500);
  EXPECT_TRUE(c.closed_within(kPrompt));
  EXPECT_FALSE(called);
}

TEST(HttpServer, ChunkedBodyOverTheLimitIsLimitExceeded) {
  auto limits = small_limits();
  limits.max_body_bytes = 1000;
  auto server = start_server(echo_body, limits);
  ASSERT_NE(server, nullptr);
  Client c(server->port(0));
  std::string request = "POST / HTTP/1.1\r\nHost: mfp\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) request += "200\r\n" + pattern(512) + "\r\n";
  request += "0\r\n\r\n";
  ASSERT_TRUE(c.send(request));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->body, "limit_exceeded");
  EXPECT_TRUE(r->has_field("Connection: close"));
}

TEST(HttpServer, ContinueIsSentOnlyWhenTheHandlerReadsTheBody) {
  auto server = start_server([](HttpExchange& ex) {
    EXPECT_TRUE(ex.head().expect_continue);
    if (ex.head().target == "/read") {
      echo_body(ex);
    } else {
      HttpResponse r;
      r.status = 401;
      r.body = "no";
      (void)ex.respond(std::move(r));
    }
  });
  ASSERT_NE(server, nullptr);
  const std::string body = pattern(5000);
  const std::string head =
      "POST /read HTTP/1.1\r\nHost: mfp\r\nExpect: 100-continue\r\n"
      "Content-Length: 5000\r\n\r\n";
  {
    SCOPED_TRACE("handler reads the body");
    Client c(server->port(0));
    ASSERT_TRUE(c.send(head));
    auto interim = c.read_response();
    ASSERT_TRUE(interim.has_value());
    EXPECT_EQ(interim->status, 100);
    EXPECT_EQ(interim->head.rfind("HTTP/1.1 100 Continue\r\n", 0), 0u) << interim->head;
    ASSERT_TRUE(c.send(body));
    auto final_answer = c.read_response();
    ASSERT_TRUE(final_answer.has_value());
    EXPECT_EQ(final_answer->status, 200);
    EXPECT_EQ(final_answer->body, body);
  }
  {
    SCOPED_TRACE("handler answers at once");
    Client c(server->port(0));
    std::string no_read = head;
    no_read.replace(5, 5, "/deny");
    ASSERT_TRUE(c.send(no_read));
    auto r = c.read_response();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 401);  // no 100 Continue before it
    EXPECT_TRUE(r->has_field("Connection: close"));
    EXPECT_TRUE(c.closed_within(kPrompt));
  }
}

// A handler that reads the first kilobyte of the body and then refuses the request (an IPP
// printer challenging a request without credentials after parsing its attributes).
void refuse_after_a_kilobyte(HttpExchange& ex) {
  std::uint8_t buf[1024];
  std::size_t got = 0;
  while (got < sizeof buf) {
    auto n = ex.read_body(std::span(buf).subspan(got));
    if (!n.is_ok() || n.value() == 0) break;
    got += n.value();
  }
  HttpResponse r;
  r.status = 401;
  r.set("WWW-Authenticate", "Basic realm=\"mfp\"");
  r.body = "log in";
  (void)ex.respond(std::move(r));
}

// Security review finding 5: libcups sends the IPP attributes right behind a header that asks
// "Expect: 100-continue" and then waits a second for a status. The server must not tell it to
// continue when the body's first bytes are already there: the refusal reaches a client that is
// listening, not one uploading a large document.
TEST(HttpServer, NoContinueForAClientThatSentBodyBytesAlready) {
  auto server = start_server(refuse_after_a_kilobyte);
  ASSERT_NE(server, nullptr);
  Client c(server->port(0));
  ASSERT_TRUE(
      c.send("POST /ipp/print HTTP/1.1\r\nHost: mfp\r\nExpect: 100-continue\r\n"
             "Content-Length: 900000\r\n\r\n" +
             pattern(1024)));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 401) << "no 100 Continue first: " << r->head;
  EXPECT_TRUE(r->has_field("Connection: close"));
  EXPECT_TRUE(c.closed_within(kPrompt));
}

// A client told to continue (or sending without asking) writes its whole body before it reads
// anything: an early answer reaches it because the server reads and drops the rest of the body
// (within HttpLimits' drain bounds) instead of closing under it.
TEST(HttpServer, EarlyAnswerReachesAClientStillUploading) {
  HttpLimits limits = small_limits();
  limits.max_body_bytes = std::uint64_t{64} << 20;
  limits.io_timeout = milliseconds(2000);
  auto server = start_server(refuse_after_a_kilobyte, limits);
  ASSERT_NE(server, nullptr);
  const std::size_t size = std::size_t{24} << 20;  // far past loopback's socket buffers
  for (bool expect : {true, false}) {
    SCOPED_TRACE(expect ? "Expect: 100-continue" : "no Expect");
    Client c(server->port(0));
    ASSERT_TRUE(c.send("POST /ipp/print HTTP/1.1\r\nHost: mfp\r\n" +
                       std::string(expect ? "Expect: 100-continue\r\n" : "") +
                       "Content-Length: " + std::to_string(size) + "\r\n\r\n"));
    if (expect) {
      auto interim = c.read_response();  // sent after the grace period: nothing came
      ASSERT_TRUE(interim.has_value());
      ASSERT_EQ(interim->status, 100);
    }
    const std::string body = pattern(size);
    EXPECT_TRUE(c.send(body)) << "the upload is not cut off";
    auto r = c.read_response();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 401);
    EXPECT_TRUE(c.closed_within(kPrompt));
  }
}

// A client that stops sending mid-body after an early answer does not hold the connection:
// the drain's reads keep the io deadline.
TEST(HttpServer, ClientStallingAfterAnEarlyAnswerIsDisconnected) {
  auto server = start_server(refuse_after_a_kilobyte);
  ASSERT_NE(server, nullptr);
  Client c(server->port(0));
  ASSERT_TRUE(c.send("POST /ipp/print HTTP/1.1\r\nHost: mfp\r\nContent-Length: 900000\r\n\r\n" +
                     pattern(4096)));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 401);
  EXPECT_TRUE(c.closed_within(kPrompt));
  for (int i = 0; i < 100 && server->open_connections() > 0; ++i) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_EQ(server->open_connections(), 0u);
}

// A client that keeps trickling a huge body after an early answer is not drained for ever:
// the drain ends at HttpLimits::drain_timeout although every read makes progress.
TEST(HttpServer, DrainEndsAtItsDeadline) {
  HttpLimits limits = small_limits();
  limits.drain_timeout = milliseconds(600);
  auto server = start_server(refuse_after_a_kilobyte, limits);
  ASSERT_NE(server, nullptr);
  Client c(server->port(0));
  ASSERT_TRUE(c.send("POST /ipp/print HTTP/1.1\r\nHost: mfp\r\nContent-Length: 900000\r\n\r\n" +
                     pattern(2048)));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 401);
  const auto start = Clock::now();
  bool open = true;
  while (open && Clock::now() - start < milliseconds(5000)) {
    open = c.send(pattern(64));  // well within the 300 ms io deadline each time
    std::this_thread::sleep_for(milliseconds(50));
    if (c.closed_within(milliseconds(1))) open = false;
  }
  const auto took = Clock::now() - start;
  EXPECT_FALSE(open) << "still drained after 5 s";
  EXPECT_LT(took, milliseconds(3000));
  EXPECT_GE(took, milliseconds(400));
}

TEST(HttpServer, AnswerWithoutReadingALargeBodyClosesTheConnection) {
  auto server = start_server([](HttpExchange& ex) {
    HttpResponse r;
    r.status = 413;
    r.body = "too large";
    (void)ex.respond(std::move(r));
    EXPECT_FALSE(ex.body_complete());
  });
  ASSERT_NE(server, nullptr);
  Client c(server->port(0));
  ASSERT_TRUE(c.send("POST / HTTP/1.1\r\nHost: mfp\r\nContent-Length: 900000\r\n\r\n" +
                     pattern(16 * 1024)));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->body, "too large");
  EXPECT_TRUE(r->has_field("Connection: close"));
  EXPECT_TRUE(c.closed_within(kPrompt));
}

TEST(HttpServer, OversizedHeaderGets431) {
  auto server = start_server(echo_target);
  ASSERT_NE(server, nullptr);
  Client c(server->port(0));
  ASSERT_TRUE(c.send(get("/", "X-Big: " + std::string(6000, 'x') + "\r\n")));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 431);
  EXPECT_TRUE(r->has_field("Connection: close"));
  EXPECT_TRUE(c.closed_within(kPrompt));
}

TEST(HttpServer, GarbageGets400) {
  const char* cases[] = {
      "THIS IS NOT HTTP\r\n\r\n",
      "GET / HTTP/9.9\r\n\r\n",
      "GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
      "POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
  };
  auto server = start_server(echo_target);
  ASSERT_NE(server, nullptr);
  for (const char* request : cases) {
    SCOPED_TRACE(request);
    Client c(server->port(0));
    ASSERT_TRUE(c.send(request));
    auto r = c.read_response();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 400);
    EXPECT_TRUE(c.closed_within(kPrompt));
    // The server's side of the connection ends asynchronously; the next case must not find
    // this one still counted against the per-source limit (3).
    for (int i = 0; i < 300 && server->open_connections() > 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

TEST(HttpServer, HandlerThatDoesNotRespondGets500) {
  auto server = start_server([](HttpExchange&) {});
  ASSERT_NE(server, nullptr);
  Client c(server->port(0));
  ASSERT_TRUE(c.send(get("/")));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 500);
  EXPECT_TRUE(r->has_field("Connection: close"));
  EXPECT_TRUE(c.closed_within(kPrompt));
}

TEST(HttpServer, SecondRespondIsAConflict) {
  std::promise<pipeline::Status> second;
  auto server = start_server([&](HttpExchange& ex) {
    (void)ex.respond(HttpResponse{});
    EXPECT_TRUE(ex.responded());
    second.set_value(ex.respond(HttpResponse{}));
  });
  ASSERT_NE(server, nullptr);
  Client c(server->port(0));
  ASSERT_TRUE(c.send(get("/")));
  ASSERT_TRUE(c.read_response().has_value());
  auto f = second.get_future();
  ASSERT_EQ(f.wait_for(kPrompt), std::future_status::ready);
  EXPECT_EQ(f.get().code(), StatusCode::conflict);
  EXPECT_TRUE(c.quiet_for(milliseconds(100)));  // nothing else was sent
}

TEST(HttpServer, SlowlorisIsDisconnectedWhileOthersAreServed) {
  auto server = start_server(echo_target);
  ASSERT_NE(server, nullptr);
  const std::uint16_t port = server->port(0);
  std::atomic<bool> slow_closed{false};
  std::atomic<long long> slow_ms{-1};
  std::thread slow([&] {
    Client c(port);
    const std::string header = get("/slow", "X-Slow: " + std::string(200, 's') + "\r\n");
    const auto t0 = Clock::now();
    for (char ch : header) {
      if (!c.send(std::string_view(&ch, 1)) || c.closed_within(milliseconds(100))) {
        slow_closed = true;
        break;
      }
      if (Clock::now() - t0 > std::chrono::seconds(5)) break;
    }
    slow_ms = std::chrono::duration_cast<milliseconds>(Clock::now() - t0).count();
  });
  // A normal client on another connection, meanwhile.
  std::this_thread::sleep_for(milliseconds(100));
  const auto t0 = Clock::now();
  Client normal(port);
  ASSERT_TRUE(normal.send(get("/normal")));
  auto r = normal.read_response(milliseconds(1000));
  const auto served_in = Clock::now() - t0;
  slow.join();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->body, "GET /normal");
  EXPECT_LT(served_in, milliseconds(1000));
  EXPECT_TRUE(slow_closed);
  // header_timeout is 300 ms: well within 3 s, well before the 200-byte header was sent.
  EXPECT_LT(slow_ms.load(), 3000);
}

TEST(HttpServer, SilentConnectionIsClosedAfterIdleTimeout) {
  auto server = start_server(echo_target);
  ASSERT_NE(server, nullptr);
  {
    SCOPED_TRACE("never sends");
    Client c(server->port(0));
    ASSERT_TRUE(c.connected());
    EXPECT_TRUE(c.closed_within(kPrompt));
  }
  {
    SCOPED_TRACE("silent after a kept-alive request");
    Client c(server->port(0));
    ASSERT_TRUE(c.send(get("/")));
    ASSERT_TRUE(c.read_response().has_value());
    const auto t0 = Clock::now();
    EXPECT_TRUE(c.closed_within(kPrompt));
    EXPECT_GE(Clock::now() - t0, milliseconds(300));  // idle_timeout is 500 ms
  }
}

TEST(HttpServer, StalledBodyFailsTheReadWithATimeout) {
  std::promise<pipeline::Status> result;
  auto server = start_server([&](HttpExchange& ex) {
    std::uint8_t buf[64];
    while (true) {
      auto n = ex.read_body(buf);
      if (!n.is_ok()) {
        result.set_value(n.status());
        break;
      }
      if (n.value() == 0) {
        result.set_value(pipeline::Status::ok());
        break;
      }
    }
    HttpResponse r;
    r.status = 408;
    (void)ex.respond(std::move(r));
  });
  ASSERT_NE(server, nullptr);
  Client c(server->port(0));
  ASSERT_TRUE(c.send("POST / HTTP/1.1\r\nHost: mfp\r\nContent-Length: 1000\r\n\r\n0123456789"));
  auto f = result.get_future();
  ASSERT_EQ(f.wait_for(kPrompt), std::future_status::ready);
  const auto status = f.get();
  EXPECT_EQ(status.code(), StatusCode::io_error) << status.to_string();
  EXPECT_EQ(status.message(), "timed out");
  // The deadline closed the socket: the 408 cannot reach the client; the connection ends.
  EXPECT_TRUE(c.closed_within(kPrompt));
}

// A client sending slowly but steadily (10 bytes every 100 ms, io_timeout 300 ms) is served:
// each read returns what arrived, and the deadline is per read, not per buffer.
TEST(HttpServer, SlowButSteadyBodyIsRead) {
  std::promise<pipeline::Status> result;
  std::promise<std::string> got;
  auto server = start_server([&](HttpExchange& ex) {
    std::string body;
    std::uint8_t buf[4096];
    pipeline::Status status;
    while (true) {
      auto n = ex.read_body(buf);
      if (!n.is_ok()) {
        status = n.status();
        break;
      }
      if (n.value() == 0) break;
      body.append(reinterpret_cast<const char*>(buf), n.value());
    }
    got.set_value(body);
    result.set_value(status);
    echo_target(ex);
  });
  ASSERT_NE(server, nullptr);
  Client c(server->port(0));
  const std::string body = pattern(100);
  ASSERT_TRUE(c.send("POST / HTTP/1.1\r\nHost: mfp\r\nContent-Length: 100\r\n\r\n"));
  for (std::size_t at = 0; at < body.size(); at += 10) {
    std::this_thread::sleep_for(milliseconds(100));
    if (!c.send(body.substr(at, 10))) break;
  }
  auto f = result.get_future();
  ASSERT_EQ(f.wait_for(kPrompt), std::future_status::ready);
  EXPECT_TRUE(f.get().is_ok());
  EXPECT_EQ(got.get_future().get(), body);
}

bool wait_for_open(const HttpServer& server, std::size_t n) {
  const auto deadline = Clock::now() + kPrompt;
  while (server.open_connections() != n) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return true;
}

TEST(HttpServer, PerSourceLimitClosesTheExtraConnectionAtOnce) {
  auto limits = small_limits();
  limits.idle_timeout = milliseconds(10'000);  // the three must stay open
  auto server = start_server(echo_target, limits);
  ASSERT_NE(server, nullptr);
  std::vector<std::unique_ptr<Client>> open;
  for (int i = 0; i < 3; ++i) {
    open.push_back(std::make_unique<Client>(server->port(0)));
    ASSERT_TRUE(open.back()->send(get("/")));
    ASSERT_TRUE(open.back()->read_response().has_value());
  }
  ASSERT_TRUE(wait_for_open(*server, 3));
  {
    Client fourth(server->port(0));
    ASSERT_TRUE(fourth.connected());  // the kernel accepts; the server closes it
    EXPECT_TRUE(fourth.closed_within(milliseconds(1000)));
  }
  EXPECT_EQ(server->open_connections(), 3u);
  // The three are still served.
  ASSERT_TRUE(open[0]->send(get("/still")));
  auto r = open[0]->read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->body, "GET /still");
  // One leaves: a new connection is served again.
  open.pop_back();
  ASSERT_TRUE(wait_for_open(*server, 2));
  Client again(server->port(0));
  ASSERT_TRUE(again.send(get("/again")));
  auto r2 = again.read_response();
  ASSERT_TRUE(r2.has_value());
  EXPECT_EQ(r2->body, "GET /again");
}

TEST(HttpServer, StopWithOpenIdleConnectionsReturnsPromptly) {
  auto limits = small_limits();
  limits.idle_timeout = milliseconds(30'000);
  limits.header_timeout = milliseconds(30'000);
  auto server = start_server(echo_target, limits);
  ASSERT_NE(server, nullptr);
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 2; ++i) {
    clients.push_back(std::make_unique<Client>(server->port(0)));
    ASSERT_TRUE(clients.back()->send(get("/")));
    ASSERT_TRUE(clients.back()->read_response().has_value());
  }
  // And one in the middle of its header.
  clients.push_back(std::make_unique<Client>(server->port(0)));
  ASSERT_TRUE(clients.back()->send("GET / HTTP/1.1\r\nHo"));
  ASSERT_TRUE(wait_for_open(*server, 3));
  const auto t0 = Clock::now();
  server->stop();
  EXPECT_LT(Clock::now() - t0, milliseconds(2000));
  EXPECT_EQ(server->open_connections(), 0u);
  for (auto& c : clients) EXPECT_TRUE(c->closed_within(kPrompt));
  server->stop();  // idempotent
  Client late(server->port(0));
  EXPECT_TRUE(!late.connected() || late.closed_within(kPrompt));
}

// --- TLS ---

class HttpServerTls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto made = security::certs::make_self_signed(
        security::certs::SelfSignedOptions::first_start_defaults(),
        std::chrono::system_clock::now());
    ASSERT_TRUE(made.is_ok()) << made.status().to_string();
    certificate_ = new security::certs::DeviceCertificate(std::move(made).value());
  }
  static void TearDownTestSuite() {
    delete certificate_;
    certificate_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(certificate_, nullptr);
    security::tls::TlsPolicy policy;
    policy.tls13_enabled = true;
    policy.tls12_suites = {"ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256"};
    auto ctx = security::tls::make_server_context(policy, *certificate_);
    ASSERT_TRUE(ctx.is_ok()) << ctx.status().to_string();
    context_ = std::move(ctx).value();
    server_ = start_server(echo_target, small_limits(), /*tls=*/true, context_.get(),
                           [this](const HandshakeFailure& f) {
                             std::lock_guard lock(mu_);
                             failures_.push_back(f);
                             cv_.notify_all();
                           });
    ASSERT_NE(server_, nullptr);
  }

  std::optional<HandshakeFailure> wait_failure() {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, kPrompt, [&] { return !failures_.empty(); })) return std::nullopt;
    return failures_.front();
  }

  // A TLS client on a socket (verification off: the certificate is self-signed).
  struct TlsClient {
    SSL_CTX* ctx = nullptr;
    SSL* ssl = nullptr;
    Client tcp;
    explicit TlsClient(std::uint16_t port, int min_version, int max_version) : tcp(port) {
      ctx = SSL_CTX_new(TLS_client_method());
      SSL_CTX_set_security_level(ctx, 0);  // lets the client offer TLS 1.1 at all
      SSL_CTX_set_min_proto_version(ctx, min_version);
      SSL_CTX_set_max_proto_version(ctx, max_version);
      SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
      ssl = SSL_new(ctx);
      SSL_set_fd(ssl, tcp.fd());
    }
    ~TlsClient() {
      SSL_free(ssl);
      SSL_CTX_free(ctx);
      ERR_clear_error();
    }
    bool handshake() { return SSL_connect(ssl) == 1; }
    bool write(const std::string& s) {
      return SSL_write(ssl, s.data(), static_cast<int>(s.size())) == static_cast<int>(s.size());
    }
    std::string read_until_close_or(const std::string& marker) {
      std::string out;
      char b[4096];
      while (out.find(marker) == std::string::npos) {
        const int n = SSL_read(ssl, b, sizeof b);
        if (n <= 0) break;
        out.append(b, static_cast<std::size_t>(n));
      }
      return out;
    }
  };

  static security::certs::DeviceCertificate* certificate_;
  security::tls::detail::SslCtxPtr context_;
  std::unique_ptr<HttpServer> server_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<HandshakeFailure> failures_;
};

security::certs::DeviceCertificate* HttpServerTls::certificate_ = nullptr;

TEST_F(HttpServerTls, GetOverTls) {
  for (int version : {TLS1_2_VERSION, TLS1_3_VERSION}) {
    SCOPED_TRACE(version);
    TlsClient c(server_->port(0), version, version);
    timeval tv{3, 0};
    (void)setsockopt(c.tcp.fd(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ASSERT_TRUE(c.handshake());
    ASSERT_TRUE(c.write(get("/ipp/print")));
    const std::string answer = c.read_until_close_or("GET /ipp/print");
    EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
    EXPECT_NE(answer.find("GET /ipp/print"), std::string::npos);
  }
  std::lock_guard lock(mu_);
  EXPECT_TRUE(failures_.empty());
}

TEST_F(HttpServerTls, Tls11ClientIsRefusedAsProtocolVersion) {
  TlsClient c(server_->port(0), TLS1_VERSION, TLS1_1_VERSION);
  timeval tv{3, 0};
  (void)setsockopt(c.tcp.fd(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  EXPECT_FALSE(c.handshake());
  auto f = wait_failure();
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->reason, "protocol version");
  EXPECT_EQ(f->listener, "ipps");
  EXPECT_EQ(f->peer_address, "127.0.0.1");
  EXPECT_NE(f->peer_port, 0);
}

TEST_F(HttpServerTls, PlainHttpOnTheTlsPortIsNotTls) {
  Client c(server_->port(0));
  ASSERT_TRUE(c.send(get("/")));
  auto f = wait_failure();
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->reason, "not TLS");
  EXPECT_EQ(f->listener, "ipps");
  EXPECT_EQ(f->peer_address, "127.0.0.1");
  EXPECT_TRUE(c.closed_within(kPrompt));
}

}  // namespace
}  // namespace mfp::frontends::http
