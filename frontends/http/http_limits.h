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
  // as given, so the PCs of an office's IPv6 /64 do not share one limit; a client behind one
  // NAT counts as one source).
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
  // "Expect: 100-continue": how long the first body read waits for bytes the client sends
  // without waiting (libcups sends the IPP attributes first) before it sends "100 Continue". A
  // handler that refuses the request (HTTP 401) on those bytes then answers a client that is
  // listening, not one told to upload a large document meanwhile.
  std::chrono::milliseconds continue_grace{100};
  // Answered before the body's end: the rest of a body the client was told to send (or sent
  // unasked) is read and dropped, up to these bounds, so the client finishes writing and reads
  // the answer (a client blocked writing never sees it if the connection closes under it).
  std::uint64_t max_drain_bytes = std::uint64_t{64} << 20;
  std::chrono::milliseconds drain_timeout{30'000};
};

}  // namespace mfp::frontends::http
