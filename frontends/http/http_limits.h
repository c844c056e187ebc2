#pragma once
// HttpLimits: the bounds every HTTP listener of the device enforces on its clients: sizes,
// connection counts and the deadlines that keep a slow or silent client (slowloris, a stalled
// upload) from holding a connection while a normal client is served promptly.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace mfp::frontends::http {

struct HttpLimits {
  // Request line and header fields of one request.
  std::size_t max_header_bytes = 16 * 1024;
  // Body of one request (streamed through the handler, never held whole): a print document.
  std::uint64_t max_body_bytes = std::uint64_t{4} << 30;
  // Open connections in all and from one source address (both IPv4 and IPv6 addresses count
  // as given; a client behind one NAT counts as one source).
  std::size_t max_connections = 256;
  std::size_t max_connections_per_source = 64;
  // From the TCP accept to the end of the TLS handshake.
  std::chrono::milliseconds handshake_timeout{10'000};
  // A kept-alive connection may stay silent this long before its next request.
  std::chrono::milliseconds idle_timeout{30'000};
  // From a request's first byte to the end of its header (a slowloris client never gets there).
  std::chrono::milliseconds header_timeout{10'000};
  // Each read of body bytes and each response write must make progress within this.
  std::chrono::milliseconds io_timeout{30'000};
};

}  // namespace mfp::frontends::http
