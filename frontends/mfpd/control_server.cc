#include "frontends/mfpd/control_server.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <exception>
#include <string>
#include <system_error>
#include <utility>

namespace mfp::frontends::mfpd {

using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;
using security::erase::UniqueFd;

namespace {

Status errno_status(StatusCode code, const std::string& what, int err) {
  return Status(code, what + ": " + std::strerror(err));
}

nlohmann::json error_response(const std::string& message) {
  return nlohmann::json{{"ok", false}, {"error", message}};
}

int poll_timeout_ms(std::chrono::steady_clock::time_point deadline) {
  const auto left =
      std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 60 * 60 * 1000));
}

bool is_blank(const std::string& line) {
  return std::all_of(line.begin(), line.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

// Fills `addr` for `path`; false when the path does not fit sun_path.
bool make_address(const std::filesystem::path& path, sockaddr_un& addr) {
  const std::string& text = path.native();
  addr = sockaddr_un{};
  addr.sun_family = AF_UNIX;
  if (text.empty() || text.size() >= sizeof(addr.sun_path)) return false;
  std::memcpy(addr.sun_path, text.c_str(), text.size() + 1);
  return true;
}

// The directory holding the socket decides who may replace it: if anyone but us can write
// there, they could swap the socket for their own between our checks and a client's connect.
Status check_parent_directory(const std::filesystem::path& socket_path, uid_t own_uid) {
  std::filesystem::path parent = socket_path.parent_path();
  if (parent.empty()) parent = ".";
  struct stat st {};
  if (::stat(parent.c_str(), &st) != 0) {
    const int err = errno;
    return errno_status(err == ENOENT ? StatusCode::not_found : StatusCode::io_error,
                        "control socket directory " + parent.string(), err);
  }
  if (!S_ISDIR(st.st_mode)) {
    return Status(StatusCode::invalid_argument, parent.string() + " is not a directory");
  }
  if (st.st_uid != own_uid) {
    return Status(StatusCode::permission_denied,
                  "control socket directory " + parent.string() + " is owned by uid " +
                      std::to_string(st.st_uid) + ", not by this process's uid " +
                      std::to_string(own_uid));
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return Status(StatusCode::permission_denied,
                  "control socket directory " + parent.string() +
                      " is group- or world-writable; refusing to create the socket there");
  }
  return Status::ok();
}

// Removes a socket file nobody listens on (left by a daemon that died); refuses anything else.
Status remove_stale_socket(const std::filesystem::path& path, const sockaddr_un& addr) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::ok();
    return errno_status(StatusCode::io_error, path.string(), errno);
  }
  if (!S_ISSOCK(st.st_mode)) {
    // Never delete what we did not create: a misconfigured path must not cost someone a file.
    return Status(StatusCode::conflict,
                  path.string() + " exists and is not a socket; not removing it");
  }
  UniqueFd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!probe.valid()) return errno_status(StatusCode::io_error, "socket", errno);
  if (::connect(probe.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0 ||
      errno == EAGAIN) {
    return Status(StatusCode::conflict,
                  "another server is listening on " + path.string() + " (is mfpd running?)");
  }
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return errno_status(StatusCode::io_error, "removing stale socket " + path.string(), errno);
  }
  return Status::ok();
}

// Unlinks the socket file unless disarmed; undoes a bind when a later start-up step fails.
class SocketFileGuard {
 public:
  explicit SocketFileGuard(std::filesystem::path path) : path_(std::move(path)) {}
  ~SocketFileGuard() {
    if (armed_) ::unlink(path_.c_str());
  }
  SocketFileGuard(const SocketFileGuard&) = delete;
  SocketFileGuard& operator=(const SocketFileGuard&) = delete;
  void disarm() noexcept { armed_ = false; }

 private:
  std::filesystem::path path_;
  bool armed_ = true;
};

}  // namespace

ControlServer::ControlServer(ControlServerOptions options, ControlHandler handler)
    : options_(std::move(options)), handler_(std::move(handler)), own_uid_(::geteuid()) {}

Result<std::unique_ptr<ControlServer>> ControlServer::start(ControlServerOptions options,
                                                            ControlHandler handler) {
  try {
    if (!handler) return Status(StatusCode::invalid_argument, "control server: no handler");
    if (options.max_connections == 0 || options.max_request_bytes == 0 ||
        options.idle_timeout.count() <= 0) {
      return Status(StatusCode::invalid_argument,
                    "control server: max_connections, max_request_bytes and idle_timeout must "
                    "be positive");
    }
    sockaddr_un addr{};
    if (!make_address(options.path, addr)) {
      return Status(StatusCode::invalid_argument, "control socket path \"" + options.path.string() +
                                                      "\" is empty or longer than " +
                                                      std::to_string(sizeof(addr.sun_path) - 1) +
                                                      " bytes");
    }
    const uid_t own_uid = ::geteuid();
    MFP_RETURN_IF_ERROR(check_parent_directory(options.path, own_uid));
    MFP_RETURN_IF_ERROR(remove_stale_socket(options.path, addr));

    UniqueFd listener(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!listener.valid()) return errno_status(StatusCode::io_error, "socket", errno);
    // Linux creates the socket file with the socket inode's mode minus the umask, so both are
    // narrowed: the file must never exist, even briefly, with more than 0600. The umask is
    // process-wide; a file another thread creates in this short window only gets narrower.
    (void)::fchmod(listener.get(), S_IRUSR | S_IWUSR);
    const mode_t old_umask = ::umask(0177);
    const int bind_result =
        ::bind(listener.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr));
    const int bind_errno = errno;
    ::umask(old_umask);
    if (bind_result != 0) {
      return errno_status(bind_errno == EADDRINUSE ? StatusCode::conflict : StatusCode::io_error,
                          "bind " + options.path.string(), bind_errno);
    }
    SocketFileGuard guard(options.path);
    struct stat st {};
    if (::lstat(options.path.c_str(), &st) != 0) {
      return errno_status(StatusCode::io_error, "stat " + options.path.string(), errno);
    }
    if ((st.st_mode & 07777) != 0600 && ::chmod(options.path.c_str(), 0600) != 0) {
      return errno_status(StatusCode::io_error, "chmod " + options.path.string(), errno);
    }
    if (::listen(listener.get(), 64) != 0) {
      return errno_status(StatusCode::io_error, "listen " + options.path.string(), errno);
    }
    UniqueFd stop_event(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!stop_event.valid()) return errno_status(StatusCode::resource_exhausted, "eventfd", errno);

    std::unique_ptr<ControlServer> server(
        new ControlServer(std::move(options), std::move(handler)));
    server->listener_ = std::move(listener);
    server->stop_event_ = std::move(stop_event);
    server->socket_dev_ = st.st_dev;
    server->socket_ino_ = st.st_ino;
    guard.disarm();  // from here on stop() owns the socket file
    try {
      for (std::size_t i = 0; i < server->options_.max_connections; ++i) {
        server->workers_.emplace_back([s = server.get()] { s->worker_loop(); });
      }
      server->acceptor_ = std::thread([s = server.get()] { s->accept_loop(); });
    } catch (const std::system_error& e) {
      server->stop();
      return Status(StatusCode::resource_exhausted,
                    std::string("control server: cannot start threads: ") + e.what());
    }
    return server;
  } catch (const std::bad_alloc&) {
    return Status(StatusCode::resource_exhausted, "control server: out of memory");
  } catch (const std::exception& e) {
    return Status(StatusCode::internal, std::string("control server: ") + e.what());
  }
}

ControlServer::~ControlServer() {
  stop();
}

void ControlServer::stop() noexcept {
  if (stopped_.exchange(true)) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_.store(true);
  }
  wake_.notify_all();
  room_.notify_all();
  if (stop_event_.valid()) {
    const std::uint64_t one = 1;
    // A full counter is impossible here (one write ever); the result needs no handling.
    (void)!::write(stop_event_.get(), &one, sizeof(one));
  }
  if (acceptor_.joinable()) acceptor_.join();
  for (auto& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    waiting_.clear();  // closes connections that never got a slot
  }
  listener_.reset();
  // Only our own socket: a newer daemon may already have replaced a file we think is ours.
  struct stat st {};
  if (socket_ino_ != 0 && ::lstat(options_.path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode) &&
      st.st_dev == socket_dev_ && st.st_ino == socket_ino_) {
    ::unlink(options_.path.c_str());
  }
}

void ControlServer::accept_loop() noexcept {
  while (!stopping()) {
    try {
      std::array<pollfd, 2> fds = {{{listener_.get(), POLLIN, 0}, {stop_event_.get(), POLLIN, 0}}};
      const int ready = ::poll(fds.data(), fds.size(), -1);
      if (ready < 0) {
        if (errno != EINTR) ::poll(nullptr, 0, 50);  // do not spin on an unexpected error
        continue;
      }
      if (fds[1].revents != 0) break;
      if ((fds[0].revents & POLLIN) == 0) continue;
      // When every slot and queue place is taken, leave the newcomer in the kernel's backlog
      // for a while: slots free up quickly when clients make one short call each.
      bool room = false;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        room_.wait_for(lock, options_.queue_wait, [this] { return stopping() || has_room(); });
        room = has_room();
      }
      if (stopping()) break;
      UniqueFd connection(
          ::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
      if (!connection.valid()) {
        // Out of descriptors: back off instead of spinning on a listener that stays readable.
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
          std::array<pollfd, 1> stop_fd = {{{stop_event_.get(), POLLIN, 0}}};
          ::poll(stop_fd.data(), stop_fd.size(), 100);
        }
        continue;
      }
      ucred peer{};
      socklen_t length = sizeof(peer);
      if (::getsockopt(connection.get(), SOL_SOCKET, SO_PEERCRED, &peer, &length) != 0 ||
          (peer.uid != own_uid_ && peer.uid != 0)) {
        refused_peers_.fetch_add(1);
        continue;  // closed by `connection` going out of scope, unanswered
      }
      if (!room) {
        refused_busy_.fetch_add(1);
        // Best effort and without waiting: the accept thread must not block on one client.
        (void)write_line(connection.get(), error_response("server busy"),
                         std::chrono::milliseconds(0));
        continue;
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        waiting_.push_back(std::move(connection));  // only this thread adds, so room remains
      }
      wake_.notify_one();
    } catch (...) {
      // Only allocation can throw here; drop this connection and keep serving.
    }
  }
}

void ControlServer::worker_loop() noexcept {
  while (true) {
    UniqueFd connection;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping() || !waiting_.empty(); });
      if (stopping()) return;
      connection = std::move(waiting_.front());
      waiting_.pop_front();
      ++busy_;
    }
    serve(std::move(connection));
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --busy_;
    }
    room_.notify_one();
  }
}

bool ControlServer::has_room() const noexcept {
  return waiting_.size() < (options_.max_connections - busy_) + options_.max_waiting;
}

void ControlServer::serve(UniqueFd connection) noexcept {
  try {
    const int fd = connection.get();
    const std::size_t limit = options_.max_request_bytes;
    std::string buffer;
    auto deadline = std::chrono::steady_clock::now() + options_.idle_timeout;
    bool peer_done = false;
    while (!stopping()) {
      std::size_t newline = 0;
      while ((newline = buffer.find('\n')) != std::string::npos || peer_done) {
        if (newline == std::string::npos) newline = buffer.size();  // last, unterminated line
        if (newline > limit) {
          (void)write_line(fd, error_response("request too large"), options_.idle_timeout);
          return;
        }
        const std::string line = buffer.substr(0, newline);
        buffer.erase(0, std::min(buffer.size(), newline + 1));
        if (!is_blank(line)) {
          const nlohmann::json response = answer(line);
          // Counted before writing, so a client that has read its answer sees the count.
          requests_served_.fetch_add(1);
          if (!write_line(fd, response, options_.idle_timeout)) return;
        }
        if (peer_done && buffer.empty()) return;
        deadline = std::chrono::steady_clock::now() + options_.idle_timeout;
      }
      if (buffer.size() > limit) {
        // Answer before the whole line has arrived: buffering it would let one client make
        // the daemon hold an unbounded amount of memory.
        (void)write_line(fd, error_response("request too large"), options_.idle_timeout);
        return;
      }
      std::array<pollfd, 2> fds = {{{fd, POLLIN, 0}, {stop_event_.get(), POLLIN, 0}}};
      const int ready = ::poll(fds.data(), fds.size(), poll_timeout_ms(deadline));
      if (ready < 0) {
        if (errno == EINTR) continue;
        return;
      }
      if (ready == 0 || fds[1].revents != 0) return;  // idle too long, or stopping
      std::array<char, 16 * 1024> chunk{};
      const ssize_t n = ::recv(fd, chunk.data(), chunk.size(), 0);
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
        return;
      }
      if (n == 0) {
        if (buffer.empty()) return;
        peer_done = true;  // answer a final request the peer sent without its newline
        continue;
      }
      buffer.append(chunk.data(), static_cast<std::size_t>(n));
    }
  } catch (...) {
    // Allocation failure: dropping the connection is the only sensible answer.
  }
}

nlohmann::json ControlServer::answer(const std::string& line) noexcept {
  try {
    nlohmann::json request;
    try {
      request = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
      return error_response(std::string("invalid JSON: ") + e.what());
    }
    if (!request.is_object()) return error_response("request must be a JSON object");
    try {
      return handler_(request);
    } catch (...) {
      // The handler's exception text may hold internals; the caller only learns it failed.
      return error_response("internal error");
    }
  } catch (...) {
    return nlohmann::json();  // allocation failed even for the error; "null" still answers
  }
}

bool ControlServer::write_line(int fd, const nlohmann::json& response,
                               std::chrono::milliseconds timeout) noexcept {
  try {
    // Invalid UTF-8 from a handler is replaced rather than thrown: the client gets an answer.
    std::string text = response.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text += '\n';
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t sent = 0;
    while (sent < text.size()) {
      const ssize_t n =
          ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return false;
      // The peer is not reading; wait for room, for stop() or until the timeout.
      std::array<pollfd, 2> fds = {{{fd, POLLOUT, 0}, {stop_event_.get(), POLLIN, 0}}};
      const int ready = ::poll(fds.data(), fds.size(), poll_timeout_ms(deadline));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0 || fds[1].revents != 0) return false;
    }
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace mfp::frontends::mfpd
