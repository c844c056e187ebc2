#pragma once
// ControlServer: mfpd's local maintenance channel, a UNIX stream socket only root and the
// daemon's own user may use, carrying one JSON request per line and one JSON response per line.
// Requests go to a handler given at start; mfpctl is the client (ControlClient).

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/status.h"
#include "security/erase/unique_fd.h"

namespace mfp::frontends::mfpd {

// Answers one request object with one response (by convention {"ok":true,...} or
// {"ok":false,"error":"..."}). Called on a connection thread, possibly on several at once; an
// exception it throws is answered {"ok":false,"error":"internal error"}.
using ControlHandler = std::function<nlohmann::json(const nlohmann::json& request)>;

struct ControlServerOptions {
  std::filesystem::path path;                     // the socket file, e.g. DATA_DIR/mfpd.sock
  std::size_t max_connections = 8;                // served at once
  std::size_t max_waiting = 8;                    // accepted, waiting for a free connection slot
  std::chrono::milliseconds idle_timeout{30000};  // a connection silent this long is closed
  std::size_t max_request_bytes = 64 * 1024;      // one request line, without its newline
  // How long a connection beyond max_connections + max_waiting stays in the listen backlog
  // waiting for room before it is answered "server busy".
  std::chrono::milliseconds queue_wait{1000};
};

// Protocol, per connection: each '\n'-terminated line is one request. A line that is not a JSON
// object is answered {"ok":false,"error":"..."}; a line longer than max_request_bytes is
// answered {"ok":false,"error":"request too large"} and the connection closed. Blank lines are
// ignored. Peers whose uid is neither the daemon's effective uid nor 0 are disconnected on
// accept without a response. When max_connections are busy, up to max_waiting further
// connections wait (unread) for a slot; beyond that a connection waits up to queue_wait in the
// listen backlog, then is answered {"ok":false,"error":"server busy"} and closed.
class ControlServer {
 public:
  // Creates the socket at options.path and starts serving. Fails, starting nothing, with:
  // invalid_argument (empty or overlong path, zero limits, no handler); permission_denied (the
  // parent directory is not owned by the effective uid or is group/world-writable); conflict (a
  // non-socket file is at the path - it is left alone - or another server listens on it);
  // io_error or resource_exhausted when the system refuses. A stale socket file (nobody
  // listening) is replaced. The socket file has mode 0600.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<ControlServer>> start(
      ControlServerOptions options, ControlHandler handler);

  // stop()s.
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  // Stops accepting, closes every connection (idle ones at once; a handler already running is
  // waited for), joins every thread and removes the socket file if it is still the one this
  // server created. Idempotent; never fails. Must not be called from the handler (it would
  // wait for itself): a "shutdown" command should signal the daemon's main thread instead.
  void stop() noexcept;

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return options_.path; }
  // Connections closed on accept because the peer's uid was not allowed.
  [[nodiscard]] std::uint64_t refused_peers() const noexcept { return refused_peers_.load(); }
  // Connections answered "server busy".
  [[nodiscard]] std::uint64_t refused_busy() const noexcept { return refused_busy_.load(); }
  // Requests answered (any response, including errors; not blank lines or refusals).
  [[nodiscard]] std::uint64_t requests_served() const noexcept { return requests_served_.load(); }

 private:
  ControlServer(ControlServerOptions options, ControlHandler handler);

  void accept_loop() noexcept;
  void worker_loop() noexcept;
  void serve(security::erase::UniqueFd connection) noexcept;
  // Writes `response` plus '\n' to `fd`; false when the peer is gone, stop() began or
  // `timeout` passed while the peer was not reading (0: only what fits without waiting).
  bool write_line(int fd, const nlohmann::json& response,
                  std::chrono::milliseconds timeout) noexcept;
  [[nodiscard]] nlohmann::json answer(const std::string& line) noexcept;
  [[nodiscard]] bool stopping() const noexcept { return stopping_.load(); }
  // True when one more connection may be queued; mutex_ held.
  [[nodiscard]] bool has_room() const noexcept;

  const ControlServerOptions options_;
  const ControlHandler handler_;
  const uid_t own_uid_;

  security::erase::UniqueFd listener_;
  // Readable once stop() begins; every thread polls it beside its own descriptor, so a single
  // write wakes them all at once.
  security::erase::UniqueFd stop_event_;
  dev_t socket_dev_ = 0;
  ino_t socket_ino_ = 0;

  std::mutex mutex_;
  std::condition_variable wake_;                   // workers: a connection is waiting, or stop
  std::condition_variable room_;                   // the acceptor: a slot freed, or stop
  std::deque<security::erase::UniqueFd> waiting_;  // guarded by mutex_
  std::size_t busy_ = 0;                           // guarded by mutex_: workers serving

  std::atomic<bool> stopping_{false};
  std::atomic<bool> stopped_{false};
  std::atomic<std::uint64_t> refused_peers_{0};
  std::atomic<std::uint64_t> refused_busy_{0};
  std::atomic<std::uint64_t> requests_served_{0};

  std::thread acceptor_;
  std::vector<std::thread> workers_;
};

}  // namespace mfp::frontends::mfpd
