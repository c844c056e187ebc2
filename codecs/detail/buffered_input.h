#pragma once
// BufferedInput: a small read-ahead buffer over a ByteSource for byte-at-a-time parsers
// (private to codecs/). It never holds more than its fixed capacity.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "codecs/byte_io.h"

namespace mfp::codecs::detail {

class BufferedInput {
 public:
  // `src` must outlive this object. Allocates `capacity` bytes (at least 16).
  explicit BufferedInput(ByteSource* src, std::size_t capacity = std::size_t{64} * 1024);

  // Reads one byte. Returns false at the end of the data or on a source error; then failure()
  // tells which.
  bool next(std::uint8_t& b) noexcept {
    if (pos_ == end_ && !refill()) {
      return false;
    }
    b = buf_[pos_++];
    return true;
  }

  // Reads exactly n bytes into dst. Returns false (see failure()) if the data ends first.
  bool read(std::uint8_t* dst, std::size_t n) noexcept;

  // Reads up to n bytes; returns how many were read (less than n only at the end or on error).
  std::size_t read_some(std::uint8_t* dst, std::size_t n) noexcept;

  // True when the source is exhausted and no buffered byte remains (may read ahead).
  bool at_end() noexcept { return pos_ == end_ && !refill(); }

  // The status explaining the last false return: the source's error, or `truncated` naming
  // `what`.
  [[nodiscard]] Status failure(const std::string& what) const;

  // Total bytes consumed so far.
  [[nodiscard]] std::uint64_t offset() const noexcept { return consumed_before_ + pos_; }

 private:
  bool refill() noexcept;

  ByteSource* src_;
  std::unique_ptr<std::uint8_t[]> buf_;
  std::size_t cap_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::uint64_t consumed_before_ = 0;
  bool eof_ = false;
  Status error_;
};

}  // namespace mfp::codecs::detail
