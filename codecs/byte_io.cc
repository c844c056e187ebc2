#include "codecs/byte_io.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <string>

namespace mfp::codecs {

Status read_exact(ByteSource& in, std::span<std::uint8_t> out, const char* what) {
  std::size_t done = 0;
  while (done < out.size()) {
    Result<std::size_t> got = in.read(out.subspan(done));
    if (!got.is_ok()) {
      return got.status();
    }
    if (got.value() == 0) {
      return pipeline::make_error(StatusCode::truncated, std::string(what ? what : "data") +
                                                             ": ended after " +
                                                             std::to_string(done) + " of " +
                                                             std::to_string(out.size()) + " bytes");
    }
    done += got.value();
  }
  return Status::ok();
}

Result<std::size_t> MemorySource::read(std::span<std::uint8_t> out) noexcept {
  const std::size_t n = std::min(out.size(), bytes_.size() - pos_);
  if (n != 0) {
    std::memcpy(out.data(), bytes_.data() + pos_, n);
  }
  pos_ += n;
  return n;
}

Status VectorSink::write(std::span<const std::uint8_t> bytes) noexcept {
  try {
    out_.insert(out_.end(), bytes.begin(), bytes.end());
  } catch (const std::bad_alloc&) {
    return pipeline::make_error(StatusCode::resource_exhausted, "VectorSink: out of memory");
  } catch (...) {
    return pipeline::make_error(StatusCode::internal, "VectorSink: unexpected exception");
  }
  return Status::ok();
}

}  // namespace mfp::codecs
