#pragma once
// ControlClient: mfpctl's side of mfpd's local maintenance channel (ControlServer): sends one
// JSON request over the UNIX socket and returns the daemon's one-line JSON response.

#include <chrono>
#include <cstddef>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "pipeline/status.h"

namespace mfp::frontends::mfpd {

class ControlClient {
 public:
  // The longest request call() sends (the server's limit) and response it accepts.
  static constexpr std::size_t kMaxRequestBytes = 64 * 1024;
  static constexpr std::size_t kMaxResponseBytes = 16 * 1024 * 1024;

  // Connects to `socket`, sends `request` as one line and returns the parsed response line,
  // all within `timeout`. Fails with: not_found when no daemon listens (no socket file, or a
  // stale one); permission_denied when the socket may not be used; resource_exhausted when the
  // listen backlog stays full (a daemon with every slot taken answers {"ok":false,"error":
  // "server busy"}, returned as a response like any other); limit_exceeded when the request or the
  // response is too large; io_error on a timeout (the message says "timed out"), or when the daemon
  // closes the connection without answering (it does so to peers it does not accept);
  // malformed_data when the response is not JSON; invalid_argument for an unusable path. Never
  // throws.
  [[nodiscard]] static pipeline::Result<nlohmann::json> call(const std::filesystem::path& socket,
                                                             const nlohmann::json& request,
                                                             std::chrono::milliseconds timeout);
};

}  // namespace mfp::frontends::mfpd
