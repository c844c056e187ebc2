#include "codecs/detail/buffered_input.h"

#include <algorithm>
#include <cstring>

namespace mfp::codecs::detail {

BufferedInput::BufferedInput(ByteSource* src, std::size_t capacity)
    : src_(src),
      buf_(std::make_unique<std::uint8_t[]>(std::max<std::size_t>(capacity, 16))),
      cap_(std::max<std::size_t>(capacity, 16)) {}

bool BufferedInput::refill() noexcept {
  if (eof_ || !error_.is_ok()) {
    return false;
  }
  consumed_before_ += end_;
  pos_ = 0;
  end_ = 0;
  Result<std::size_t> got = src_->read(std::span<std::uint8_t>(buf_.get(), cap_));
  if (!got.is_ok()) {
    try {
      error_ = got.status();
    } catch (...) {
      error_ = Status(StatusCode::resource_exhausted, "out of memory");
    }
    return false;
  }
  if (got.value() == 0) {
    eof_ = true;
    return false;
  }
  end_ = std::min(got.value(), cap_);
  return true;
}

std::size_t BufferedInput::read_some(std::uint8_t* dst, std::size_t n) noexcept {
  std::size_t done = 0;
  while (done < n) {
    if (pos_ == end_ && !refill()) {
      break;
    }
    const std::size_t k = std::min(n - done, end_ - pos_);
    std::memcpy(dst + done, buf_.get() + pos_, k);
    pos_ += k;
    done += k;
  }
  return done;
}

bool BufferedInput::read(std::uint8_t* dst, std::size_t n) noexcept {
  return read_some(dst, n) == n;
}

Status BufferedInput::failure(const std::string& what) const {
  if (!error_.is_ok()) {
    return error_;
  }
  return pipeline::make_error(StatusCode::truncated,
                              what + ": data ends at byte " + std::to_string(offset()));
}

}  // namespace mfp::codecs::detail
