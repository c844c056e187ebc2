#pragma once
// MemoryDocumentStream: a DocumentStream over bytes the benchmark loaded once, so repeated runs
// measure the pipeline, not the disk.

#include <cstring>
#include <memory>
#include <vector>

#include "pipeline/stage.h"

namespace mfp::bench {

class MemoryDocumentStream final : public pipeline::DocumentStream {
 public:
  explicit MemoryDocumentStream(std::shared_ptr<const std::vector<std::uint8_t>> bytes)
      : bytes_(std::move(bytes)) {}
  [[nodiscard]] pipeline::Result<std::size_t> read(std::span<std::uint8_t> out) noexcept override {
    const std::size_t n = std::min(out.size(), bytes_->size() - pos_);
    if (n != 0) std::memcpy(out.data(), bytes_->data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::shared_ptr<const std::vector<std::uint8_t>> bytes_;
  std::size_t pos_ = 0;
};

}  // namespace mfp::bench
