#pragma once
// RawPrintServer: raw printing on TCP port 9100 ("Port 9100"; off in the secure configuration).
// Each connection carries one job: an optional PJL header (its job name, user name, copies,
// duplex, resolution and render mode become the job's attributes; ENTER LANGUAGE picks the RIP,
// else the format is sniffed), then the document, up to the connection's end or the next UEL.
// Jobs go through the job manager like any other, so Receive Control applies: a raw job has no
// login, so in the secure configuration it is deleted and audited ("job without user ID").
//
// Never executed, never answered: PJL file-system, persistent, password and device commands are
// dropped (with "PJL File System Command" disabled, each is audited by keyword, never with its
// arguments), read-back commands get no reply: nothing is ever written to the socket. Data that
// is an HTTP request (a web page's cross-site print attempt) is dropped and audited.
//
// Bounds: connections in all and per source (others are closed at once), a receive timeout that
// ends a stalled job (aborted, nothing printed). Failure: start() returns the bind error.
// Thread-safe; stop() (or the destructor) closes the listeners and every connection and waits for
// their threads. Borrows the device services, which must outlive the server.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/device/device_services.h"
#include "pipeline/status.h"

namespace mfp::frontends::raw {

struct RawPrintOptions {
  std::vector<std::string> addresses;  // IP literals
  std::uint16_t port = 9100;           // 0: ephemeral
  std::size_t max_connections = 8;
  std::size_t max_connections_per_source = 2;
  std::chrono::milliseconds receive_timeout{60'000};
  // Non-secret log lines (message, key=value fields); may be empty.
  std::function<void(std::string_view, const std::vector<std::pair<std::string, std::string>>&)>
      log;
};

class RawPrintServer {
 public:
  [[nodiscard]] static pipeline::Result<std::unique_ptr<RawPrintServer>> start(
      pipeline::device::DeviceServices& device, RawPrintOptions options);
  ~RawPrintServer();
  RawPrintServer(const RawPrintServer&) = delete;
  RawPrintServer& operator=(const RawPrintServer&) = delete;

  void stop() noexcept;
  // The bound port of listener i (in the order of `addresses`).
  [[nodiscard]] std::uint16_t port(std::size_t i) const noexcept;
  [[nodiscard]] std::size_t listeners() const noexcept;

 private:
  struct Impl;
  explicit RawPrintServer(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mfp::frontends::raw
