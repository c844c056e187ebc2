#include "frontends/mfpd/control_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "frontends/mfpd/control_client.h"
#include "security/erase/unique_fd.h"
#include "tests/support/temp_dir.h"

namespace mfp::frontends::mfpd {
namespace {

using nlohmann::json;
using pipeline::StatusCode;
using security::erase::UniqueFd;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace std::chrono_literals;

json echo_handler(const json& request) {
  return json{{"ok", true}, {"echo", request}};
}

sockaddr_un address_of(const std::filesystem::path& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  return addr;
}

// A hand-driven client: raw bytes in, raw lines out, for what ControlClient never sends.
class RawClient {
 public:
  explicit RawClient(const std::filesystem::path& path)
      : fd_(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    const sockaddr_un addr = address_of(path);
    connected_ = ::connect(fd_.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  [[nodiscard]] bool connected() const { return connected_; }

  bool send(const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      const ssize_t n = ::send(fd_.get(), data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }
  void shutdown_write() { ::shutdown(fd_.get(), SHUT_WR); }

  // The next line without its newline; nullopt on EOF, error or timeout (timed_out() says).
  std::optional<std::string> read_line(std::chrono::milliseconds timeout = 5s) {
    timed_out_ = false;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      const auto newline = pending_.find('\n');
      if (newline != std::string::npos) {
        std::string line = pending_.substr(0, newline);
        pending_.erase(0, newline + 1);
        return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd pfd{fd_.get(), POLLIN, 0};
      if (left.count() <= 0 || ::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) {
        timed_out_ = true;
        return std::nullopt;
      }
      char chunk[4096];
      const ssize_t n = ::recv(fd_.get(), chunk, sizeof(chunk), 0);
      if (n <= 0) return std::nullopt;
      pending_.append(chunk, static_cast<std::size_t>(n));
    }
  }
  [[nodiscard]] bool timed_out() const { return timed_out_; }

 private:
  UniqueFd fd_;
  bool connected_ = false;
  bool timed_out_ = false;
  std::string pending_;
};

class ControlServerTest : public ::testing::Test {
 protected:
  std::unique_ptr<ControlServer> start(ControlHandler handler = echo_handler,
                                       ControlServerOptions options = {}) {
    options.path = socket_path_;
    auto server = ControlServer::start(std::move(options), std::move(handler));
    EXPECT_TRUE(server.is_ok()) << server.status().to_string();
    return server.is_ok() ? std::move(server).value() : nullptr;
  }

  testing::TempDir dir_{"mfpd-control"};
  std::filesystem::path socket_path_ = dir_.path() / "mfpd.sock";
};

TEST_F(ControlServerTest, RoundTrip) {
  auto server = start();
  ASSERT_NE(server, nullptr);
  const json request = {{"command", "status"}, {"args", {1, 2, 3}}, {"text", "caf\u00e9"}};
  auto response = ControlClient::call(socket_path_, request, 5s);
  ASSERT_TRUE(response.is_ok()) << response.status().to_string();
  EXPECT_EQ((*response)["ok"], true);
  EXPECT_EQ((*response)["echo"], request);
  EXPECT_EQ(server->requests_served(), 1u);
}

TEST_F(ControlServerTest, SeveralRequestsOnOneConnectionAndBlankLines) {
  auto server = start();
  ASSERT_NE(server, nullptr);
  RawClient client(socket_path_);
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send("{\"n\":1}\n\n  \n{\"n\":2}\r\n{\"n\":"));
  ASSERT_TRUE(client.send("3}\n"));
  for (int n = 1; n <= 3; ++n) {
    auto line = client.read_line();
    ASSERT_TRUE(line.has_value()) << n;
    EXPECT_EQ(json::parse(*line)["echo"]["n"], n);
  }
  // A last request without its newline is still answered when the peer finishes sending.
  ASSERT_TRUE(client.send("{\"n\":4}"));
  client.shutdown_write();
  auto last = client.read_line();
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(json::parse(*last)["echo"]["n"], 4);
  EXPECT_FALSE(client.read_line().has_value());
  EXPECT_FALSE(client.timed_out());
}

TEST_F(ControlServerTest, ConcurrentClientsAreBoundedAndAllServed) {
  std::atomic<int> in_flight{0};
  std::atomic<int> most{0};
  auto server = start([&](const json& request) {
    const int now = ++in_flight;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(20ms);
    --in_flight;
    return json{{"ok", true}, {"id", request["id"]}};
  });
  ASSERT_NE(server, nullptr);
  constexpr int kClients = 12;
  constexpr int kCalls = 5;
  std::atomic<int> good{0};
  std::vector<std::thread> clients;
  clients.reserve(kClients);
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < kCalls; ++i) {
        const int id = c * 100 + i;
        auto r = ControlClient::call(socket_path_, json{{"id", id}}, 10s);
        if (r.is_ok() && (*r)["ok"] == true && (*r)["id"] == id) {
          ++good;
        } else {
          ADD_FAILURE() << (r.is_ok() ? r->dump() : r.status().to_string());
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(good.load(), kClients * kCalls);
  EXPECT_LE(most.load(), 8);
  EXPECT_GE(most.load(), 2);  // they did overlap
}

TEST_F(ControlServerTest, BusyBeyondConnectionsAndQueue) {
  ControlServerOptions options;
  options.max_connections = 1;
  options.max_waiting = 0;
  options.queue_wait = 100ms;
  auto server = start(echo_handler, options);
  ASSERT_NE(server, nullptr);
  RawClient first(socket_path_);
  ASSERT_TRUE(first.send("{}\n"));
  ASSERT_TRUE(first.read_line().has_value());  // the only slot is now taken by `first`
  RawClient second(socket_path_);
  auto line = second.read_line();
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(json::parse(*line), json({{"ok", false}, {"error", "server busy"}}));
  EXPECT_EQ(server->refused_busy(), 1u);
  // Once `first` leaves, a newcomer waiting in the backlog is served.
  RawClient third(socket_path_);
  ASSERT_TRUE(third.send("{\"n\":3}\n"));
  std::thread leave([&] {
    std::this_thread::sleep_for(30ms);
    first.shutdown_write();
  });
  auto served = third.read_line();
  leave.join();
  ASSERT_TRUE(served.has_value());
  EXPECT_EQ(json::parse(*served)["echo"]["n"], 3);
}

TEST_F(ControlServerTest, OversizeRequestIsRefusedAndClosed) {
  auto server = start();
  ASSERT_NE(server, nullptr);
  RawClient client(socket_path_);
  // Exactly at the limit is fine.
  std::string at_limit = "\"" + std::string(64 * 1024 - 2, 'a') + "\"";
  ASSERT_EQ(at_limit.size(), 64u * 1024u);
  ASSERT_TRUE(client.send(at_limit + "\n"));
  auto ok = client.read_line();
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(json::parse(*ok)["error"], "request must be a JSON object");
  // One byte more, with no newline in sight, is answered before the line ends.
  client.send(std::string(64 * 1024 + 1, 'b'));
  auto refused = client.read_line();
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(json::parse(*refused), json({{"ok", false}, {"error", "request too large"}}));
  EXPECT_FALSE(client.read_line().has_value());
  EXPECT_FALSE(client.timed_out());

  // A client that sends a megabyte at once gets the same answer.
  RawClient big(socket_path_);
  std::thread sender([&] { big.send(std::string(1024 * 1024, '{') + "\n"); });
  auto line = big.read_line();
  sender.join();
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(json::parse(*line)["error"], "request too large");

  // ControlClient refuses to send such a request at all.
  auto too_big = ControlClient::call(socket_path_, json{{"x", std::string(70000, 'x')}}, 5s);
  ASSERT_FALSE(too_big.is_ok());
  EXPECT_EQ(too_big.status().code(), StatusCode::limit_exceeded);
}

TEST_F(ControlServerTest, GarbageJsonIsAnsweredAndTheConnectionStays) {
  auto server = start();
  ASSERT_NE(server, nullptr);
  RawClient client(socket_path_);
  ASSERT_TRUE(client.send("{not json\n[1,2]\n\"text\"\n\xff\xfe\n{\"after\":true}\n"));
  auto bad = client.read_line();
  ASSERT_TRUE(bad.has_value());
  const json bad_json = json::parse(*bad);
  EXPECT_EQ(bad_json["ok"], false);
  EXPECT_THAT(bad_json["error"].get<std::string>(), StartsWith("invalid JSON"));
  for (int i = 0; i < 2; ++i) {
    auto not_object = client.read_line();
    ASSERT_TRUE(not_object.has_value());
    EXPECT_EQ(json::parse(*not_object)["error"], "request must be a JSON object");
  }
  auto binary = client.read_line();
  ASSERT_TRUE(binary.has_value());
  EXPECT_THAT(json::parse(*binary)["error"].get<std::string>(), StartsWith("invalid JSON"));
  auto good = client.read_line();
  ASSERT_TRUE(good.has_value());
  EXPECT_EQ(json::parse(*good)["echo"]["after"], true);
}

TEST_F(ControlServerTest, HandlerThrowingIsAnInternalError) {
  auto server = start([](const json& request) -> json {
    if (request.contains("int")) throw 42;
    if (request.contains("bad_utf8")) return json{{"ok", true}, {"s", std::string("\xff")}};
    throw std::runtime_error("secret detail");
  });
  ASSERT_NE(server, nullptr);
  for (const json& request : {json{{"a", 1}}, json{{"int", 1}}}) {
    auto r = ControlClient::call(socket_path_, request, 5s);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    EXPECT_EQ(*r, json({{"ok", false}, {"error", "internal error"}}));
  }
  // A response the handler builds with invalid UTF-8 is still delivered (replaced).
  auto r = ControlClient::call(socket_path_, json{{"bad_utf8", 1}}, 5s);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ((*r)["ok"], true);
}

TEST_F(ControlServerTest, StopWithAnIdleClientConnectedIsPrompt) {
  auto server = start();
  ASSERT_NE(server, nullptr);
  RawClient idle(socket_path_);
  ASSERT_TRUE(idle.send("{}\n"));
  ASSERT_TRUE(idle.read_line().has_value());
  RawClient silent(socket_path_);  // never sends a byte
  ASSERT_TRUE(silent.connected());
  std::this_thread::sleep_for(50ms);
  const auto t0 = std::chrono::steady_clock::now();
  server->stop();
  const auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_LT(took, 500ms);
  EXPECT_FALSE(idle.read_line(2s).has_value());
  EXPECT_FALSE(idle.timed_out());  // closed, not left hanging
  EXPECT_FALSE(silent.read_line(2s).has_value());
  EXPECT_FALSE(silent.timed_out());
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(socket_path_)));
  server->stop();  // idempotent
  server.reset();  // and the destructor after stop() is fine
}

TEST_F(ControlServerTest, IdleConnectionsAreClosed) {
  ControlServerOptions options;
  options.idle_timeout = 150ms;
  auto server = start(echo_handler, options);
  ASSERT_NE(server, nullptr);
  RawClient client(socket_path_);
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(client.read_line(5s).has_value());
  EXPECT_FALSE(client.timed_out());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
}

TEST_F(ControlServerTest, SocketIsMode0600AndRemovedOnDestruction) {
  {
    auto server = start();
    ASSERT_NE(server, nullptr);
    struct stat st {};
    ASSERT_EQ(::lstat(socket_path_.c_str(), &st), 0);
    EXPECT_TRUE(S_ISSOCK(st.st_mode));
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    EXPECT_EQ(server->path(), socket_path_);
  }
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(socket_path_)));
}

TEST_F(ControlServerTest, StaleSocketIsReplacedButALiveOneIsNot) {
  {
    // A socket file left by a process that died without unlinking it.
    UniqueFd old(::socket(AF_UNIX, SOCK_STREAM, 0));
    const sockaddr_un addr = address_of(socket_path_);
    ASSERT_EQ(::bind(old.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)), 0);
  }
  ASSERT_TRUE(std::filesystem::is_socket(socket_path_));
  auto server = start();
  ASSERT_NE(server, nullptr);
  auto r = ControlClient::call(socket_path_, json{{"x", 1}}, 5s);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();

  ControlServerOptions options;
  options.path = socket_path_;
  auto second = ControlServer::start(options, echo_handler);
  ASSERT_FALSE(second.is_ok());
  EXPECT_EQ(second.status().code(), StatusCode::conflict);
  EXPECT_THAT(second.status().message(), HasSubstr("another server"));
  // The first server is untouched.
  EXPECT_TRUE(ControlClient::call(socket_path_, json{{"x", 2}}, 5s).is_ok());
}

TEST_F(ControlServerTest, RegularFileAtThePathIsLeftAlone) {
  {
    std::ofstream out(socket_path_);
    out << "precious";
  }
  ControlServerOptions options;
  options.path = socket_path_;
  auto server = ControlServer::start(options, echo_handler);
  ASSERT_FALSE(server.is_ok());
  EXPECT_EQ(server.status().code(), StatusCode::conflict);
  EXPECT_THAT(server.status().message(), HasSubstr("not a socket"));
  std::ifstream in(socket_path_);
  std::string content;
  in >> content;
  EXPECT_EQ(content, "precious");
}

TEST_F(ControlServerTest, UnsafeDirectoriesAreRefused) {
  const auto open_dir = dir_.path() / "open";
  std::filesystem::create_directory(open_dir);
  ASSERT_EQ(::chmod(open_dir.c_str(), 0777), 0);
  ControlServerOptions options;
  options.path = open_dir / "mfpd.sock";
  auto server = ControlServer::start(options, echo_handler);
  ASSERT_FALSE(server.is_ok());
  EXPECT_EQ(server.status().code(), StatusCode::permission_denied);
  EXPECT_FALSE(std::filesystem::exists(options.path));

  ASSERT_EQ(::chmod(open_dir.c_str(), 0770), 0);  // group-writable is refused too
  EXPECT_EQ(ControlServer::start(options, echo_handler).status().code(),
            StatusCode::permission_denied);
  ASSERT_EQ(::chmod(open_dir.c_str(), 0755), 0);
  EXPECT_TRUE(ControlServer::start(options, echo_handler).is_ok());

  if (::geteuid() == 0) {
    const auto foreign = dir_.path() / "foreign";
    std::filesystem::create_directory(foreign);
    ASSERT_EQ(::chown(foreign.c_str(), 65534, 65534), 0);
    options.path = foreign / "mfpd.sock";
    auto refused = ControlServer::start(options, echo_handler);
    ASSERT_FALSE(refused.is_ok());
    EXPECT_EQ(refused.status().code(), StatusCode::permission_denied);
    EXPECT_THAT(refused.status().message(), HasSubstr("owned by uid 65534"));
  }
}

TEST_F(ControlServerTest, BadOptionsAreRefused) {
  ControlServerOptions options;
  options.path = dir_.path() / std::string(200, 'x');
  EXPECT_EQ(ControlServer::start(options, echo_handler).status().code(),
            StatusCode::invalid_argument);
  options.path = socket_path_;
  EXPECT_EQ(ControlServer::start(options, nullptr).status().code(), StatusCode::invalid_argument);
  options.max_connections = 0;
  EXPECT_EQ(ControlServer::start(options, echo_handler).status().code(),
            StatusCode::invalid_argument);
}

TEST_F(ControlServerTest, PeersWithAnotherUidAreRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to connect as another user";
  auto server = start();
  ASSERT_NE(server, nullptr);
  // Let an unprivileged user reach the socket at all, so the peer-uid check is what refuses.
  ASSERT_EQ(::chmod(dir_.path().c_str(), 0711), 0);
  ASSERT_EQ(::chmod(socket_path_.c_str(), 0666), 0);
  const sockaddr_un addr = address_of(socket_path_);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Only async-signal-safe calls between fork and _exit.
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(10);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) ::_exit(11);
    (void)!::send(fd, "{}\n", 3, MSG_NOSIGNAL);  // the server may have closed already
    char byte = 0;
    const ssize_t n = ::read(fd, &byte, 1);
    ::_exit(n <= 0 ? 0 : 12);  // closed without an answer
  }
  int wstatus = 0;
  ASSERT_EQ(::waitpid(child, &wstatus, 0), child);
  ASSERT_TRUE(WIFEXITED(wstatus));
  EXPECT_EQ(WEXITSTATUS(wstatus), 0);
  EXPECT_EQ(server->refused_peers(), 1u);
  EXPECT_EQ(server->requests_served(), 0u);
  // Root is still served.
  EXPECT_TRUE(ControlClient::call(socket_path_, json::object(), 5s).is_ok());
}

TEST_F(ControlServerTest, ClientErrors) {
  auto none = ControlClient::call(socket_path_, json::object(), 1s);
  ASSERT_FALSE(none.is_ok());
  EXPECT_EQ(none.status().code(), StatusCode::not_found);
  EXPECT_THAT(none.status().message(), HasSubstr("not running"));

  {
    UniqueFd stale(::socket(AF_UNIX, SOCK_STREAM, 0));
    const sockaddr_un addr = address_of(socket_path_);
    ASSERT_EQ(::bind(stale.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)), 0);
  }
  auto stale = ControlClient::call(socket_path_, json::object(), 1s);
  ASSERT_FALSE(stale.is_ok());
  EXPECT_EQ(stale.status().code(), StatusCode::not_found);
  std::filesystem::remove(socket_path_);

  // A handler that does not answer in time.
  std::mutex mutex;
  std::condition_variable cv;
  bool release = false;
  auto server = start([&](const json&) {
    std::unique_lock<std::mutex> lock(mutex);
    cv.wait_for(lock, 10s, [&] { return release; });
    return json{{"ok", true}};
  });
  ASSERT_NE(server, nullptr);
  const auto t0 = std::chrono::steady_clock::now();
  auto slow = ControlClient::call(socket_path_, json::object(), 200ms);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  ASSERT_FALSE(slow.is_ok());
  EXPECT_EQ(slow.status().code(), StatusCode::io_error);
  EXPECT_THAT(slow.status().message(), HasSubstr("timed out"));
  {
    std::lock_guard<std::mutex> lock(mutex);
    release = true;
  }
  cv.notify_all();
  server->stop();
}

TEST_F(ControlServerTest, ClientRejectsANonJsonResponse) {
  // A fake daemon that answers with something that is not JSON.
  UniqueFd listener(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  const sockaddr_un addr = address_of(socket_path_);
  ASSERT_EQ(::bind(listener.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(::listen(listener.get(), 1), 0);
  std::thread fake([&] {
    UniqueFd c(::accept(listener.get(), nullptr, nullptr));
    char buf[64];
    (void)!::read(c.get(), buf, sizeof(buf));
    (void)!::write(c.get(), "hello\n", 6);
  });
  auto r = ControlClient::call(socket_path_, json::object(), 5s);
  fake.join();
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::malformed_data);
}

}  // namespace
}  // namespace mfp::frontends::mfpd
