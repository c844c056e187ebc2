#pragma once
// ByteSource and ByteSink: the only I/O codecs see. Codecs read and write through these so
// they stay pure (no files, no threads, no keys); callers adapt streams, files or sealed
// objects to them.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "pipeline/status.h"

namespace mfp::codecs {

using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

// Sequential reader. read() returns the number of bytes read, 0 only at the end of the data.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  [[nodiscard]] virtual Result<std::size_t> read(std::span<std::uint8_t> out) noexcept = 0;
};

// Reads exactly out.size() bytes; `truncated` if the source ends first.
[[nodiscard]] Status read_exact(ByteSource& in, std::span<std::uint8_t> out, const char* what);

// A ByteSource over memory the caller keeps alive.
class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::span<const std::uint8_t> bytes) noexcept : bytes_(bytes) {}
  [[nodiscard]] Result<std::size_t> read(std::span<std::uint8_t> out) noexcept override;

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

// Sequential writer.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  [[nodiscard]] virtual Status write(std::span<const std::uint8_t> bytes) noexcept = 0;
};

// A ByteSink appending to a vector the caller owns (tests, tools, workload generation).
class VectorSink final : public ByteSink {
 public:
  explicit VectorSink(std::vector<std::uint8_t>& out) noexcept : out_(out) {}
  [[nodiscard]] Status write(std::span<const std::uint8_t> bytes) noexcept override;

 private:
  std::vector<std::uint8_t>& out_;
};

}  // namespace mfp::codecs
