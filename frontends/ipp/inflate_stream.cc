#include "frontends/ipp/inflate_stream.h"

#include <zlib.h>

#include <cstring>

namespace mfp::frontends::ipp {

using pipeline::make_error;
using pipeline::StatusCode;

struct InflateStream::State {
  z_stream z{};
  bool started = false;
  bool finished = false;
  bool inner_done = false;
  std::vector<std::uint8_t> in = std::vector<std::uint8_t>(64 * 1024);
  std::uint64_t consumed = 0;
  std::uint64_t produced = 0;
  ~State() {
    if (started) inflateEnd(&z);
    // The compressed input held plaintext document data: leave nothing behind.
    std::memset(in.data(), 0, in.size());
  }
};

InflateStream::InflateStream(std::unique_ptr<pipeline::DocumentStream> inner,
                             std::unique_ptr<State> state)
    : inner_(std::move(inner)), state_(std::move(state)) {}

InflateStream::~InflateStream() = default;

pipeline::Result<std::unique_ptr<InflateStream>> InflateStream::create(
    std::unique_ptr<pipeline::DocumentStream> inner, Compression kind) {
  try {
    auto state = std::make_unique<State>();
    // 15 + 16: gzip wrapper only; -15: raw deflate (IPP's "deflate" is RFC 1951).
    const int window = kind == Compression::gzip ? 15 + 16 : -15;
    if (inflateInit2(&state->z, window) != Z_OK) {
      return make_error(StatusCode::resource_exhausted, "decompressor could not start");
    }
    state->started = true;
    return std::unique_ptr<InflateStream>(
        new InflateStream(std::move(inner), std::move(state)));  // NOLINT: private constructor
  } catch (...) {
    return pipeline::current_exception_status("decompressor");
  }
}

pipeline::Result<std::size_t> InflateStream::read(std::span<std::uint8_t> out) {
  State& s = *state_;
  if (s.finished || out.empty()) return std::size_t{0};
  s.z.next_out = out.data();
  s.z.avail_out = static_cast<uInt>(std::min<std::size_t>(out.size(), 1u << 30));
  const uInt want = s.z.avail_out;
  while (s.z.avail_out == want) {
    if (s.z.avail_in == 0 && !s.inner_done) {
      MFP_ASSIGN_OR_RETURN(std::size_t n, inner_->read(s.in));
      if (n == 0) {
        s.inner_done = true;
      } else {
        s.z.next_in = s.in.data();
        s.z.avail_in = static_cast<uInt>(n);
      }
    }
    const uInt before_in = s.z.avail_in;
    const int rc = inflate(&s.z, Z_NO_FLUSH);
    s.consumed += before_in - s.z.avail_in;
    if (rc == Z_STREAM_END) {
      s.finished = true;
      break;
    }
    if (rc == Z_BUF_ERROR && s.inner_done && s.z.avail_in == 0) {
      return make_error(StatusCode::truncated, "compressed document ends early");
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      return make_error(StatusCode::malformed_data, "compressed document is corrupt");
    }
  }
  const std::size_t n = want - s.z.avail_out;
  s.produced += n;
  if (s.produced > kFreeBytes && s.produced > s.consumed * kMaxRatio) {
    return make_error(StatusCode::limit_exceeded,
                      "compressed document expands beyond the printer's limit");
  }
  return n;
}

}  // namespace mfp::frontends::ipp
