#include "frontends/mfpd/control_client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "security/erase/unique_fd.h"

namespace mfp::frontends::mfpd {

using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;
using security::erase::UniqueFd;

namespace {

using Clock = std::chrono::steady_clock;

int poll_timeout_ms(Clock::time_point deadline) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 60 * 60 * 1000));
}

Status timed_out(const std::filesystem::path& socket, const char* phase) {
  return Status(StatusCode::io_error,
                socket.string() + ": timed out " + phase + " (is mfpd responsive?)");
}

// Waits until `fd` is ready for `events`; false on timeout.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  while (true) {
    pollfd pfd{fd, events, 0};
    const int ready = ::poll(&pfd, 1, poll_timeout_ms(deadline));
    if (ready > 0) return true;
    if (ready == 0) return false;
    if (errno != EINTR) return true;  // let the following read or write report the error
  }
}

Result<UniqueFd> connect_socket(const std::filesystem::path& socket, Clock::time_point deadline) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string& text = socket.native();
  if (text.empty() || text.size() >= sizeof(addr.sun_path)) {
    return Status(StatusCode::invalid_argument,
                  "control socket path \"" + text + "\" is empty or too long");
  }
  std::memcpy(addr.sun_path, text.c_str(), text.size() + 1);
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd.valid()) {
    return Status(StatusCode::resource_exhausted, std::string("socket: ") + std::strerror(errno));
  }
  while (true) {
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0) {
      return fd;
    }
    const int err = errno;
    switch (err) {
      case EINTR:
        continue;
      case ENOENT:
      case ECONNREFUSED:
        // No socket file, or one left behind by a daemon that is gone: nobody to talk to.
        return Status(StatusCode::not_found,
                      socket.string() + ": mfpd is not running (" + std::strerror(err) + ")");
      case EACCES:
      case EPERM:
        return Status(StatusCode::permission_denied,
                      socket.string() + ": " + std::strerror(err) + " (run as root?)");
      case EAGAIN:
        // A non-blocking UNIX connect fails this way while the listen backlog is full.
        if (Clock::now() >= deadline) {
          return Status(StatusCode::resource_exhausted,
                        socket.string() + ": mfpd is busy (connection queue full)");
        }
        ::poll(nullptr, 0, std::min(10, poll_timeout_ms(deadline)));
        continue;
      default:
        return Status(StatusCode::io_error, socket.string() + ": connect: " + std::strerror(err));
    }
  }
}

Status send_all(int fd, const std::string& data, const std::filesystem::path& socket,
                Clock::time_point deadline) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      return Status(StatusCode::io_error, socket.string() + ": send: " + std::strerror(errno));
    }
    if (!wait_for(fd, POLLOUT, deadline)) return timed_out(socket, "sending the request");
  }
  return Status::ok();
}

Result<std::string> read_line(int fd, const std::filesystem::path& socket,
                              Clock::time_point deadline) {
  std::string line;
  std::array<char, 16 * 1024> chunk{};
  while (true) {
    if (!wait_for(fd, POLLIN, deadline)) return timed_out(socket, "waiting for the response");
    const ssize_t n = ::recv(fd, chunk.data(), chunk.size(), 0);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      if (errno == ECONNRESET) break;  // the server closed without reading: same as EOF
      return Status(StatusCode::io_error, socket.string() + ": recv: " + std::strerror(errno));
    }
    if (n == 0) break;
    const char* begin = chunk.data();
    const char* end = begin + n;
    const char* newline = std::find(begin, end, '\n');
    line.append(begin, newline);
    if (line.size() > ControlClient::kMaxResponseBytes) {
      return Status(StatusCode::limit_exceeded,
                    socket.string() + ": response larger than " +
                        std::to_string(ControlClient::kMaxResponseBytes) + " bytes");
    }
    if (newline != end) return line;
  }
  return Status(StatusCode::io_error,
                socket.string() + ": mfpd closed the connection without answering" +
                    (line.empty() ? " (is this user allowed to use it?)" : " completely"));
}

}  // namespace

Result<nlohmann::json> ControlClient::call(const std::filesystem::path& socket,
                                           const nlohmann::json& request,
                                           std::chrono::milliseconds timeout) {
  try {
    const auto deadline = Clock::now() + timeout;
    // Compact dump: a JSON string never holds a raw newline, so the request is one line.
    std::string line = request.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (line.size() > kMaxRequestBytes) {
      return Status(StatusCode::limit_exceeded,
                    "control request larger than " + std::to_string(kMaxRequestBytes) + " bytes");
    }
    line += '\n';
    MFP_ASSIGN_OR_RETURN(UniqueFd fd, connect_socket(socket, deadline));
    MFP_RETURN_IF_ERROR(send_all(fd.get(), line, socket, deadline));
    MFP_ASSIGN_OR_RETURN(std::string response, read_line(fd.get(), socket, deadline));
    try {
      return nlohmann::json::parse(response);
    } catch (const nlohmann::json::parse_error& e) {
      return Status(StatusCode::malformed_data,
                    socket.string() + ": response is not JSON: " + e.what());
    }
  } catch (const std::bad_alloc&) {
    return Status(StatusCode::resource_exhausted, "control client: out of memory");
  } catch (const std::exception& e) {
    return Status(StatusCode::internal, std::string("control client: ") + e.what());
  }
}

}  // namespace mfp::frontends::mfpd
