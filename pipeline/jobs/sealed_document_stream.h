#pragma once
// SealedDocumentStream: a spooled document read back from sealed storage as the RIP's input
// stream; every byte it returns has been authenticated by the store.

#include <memory>

#include "pipeline/object_storage.h"
#include "pipeline/stage.h"

namespace mfp::pipeline::jobs {

class SealedDocumentStream final : public DocumentStream {
 public:
  explicit SealedDocumentStream(std::unique_ptr<ObjectReader> reader) noexcept
      : reader_(std::move(reader)) {}
  // The reader's result: integrity_error when the object was tampered with.
  [[nodiscard]] Result<std::size_t> read(std::span<std::uint8_t> out) override {
    return reader_->read(out);
  }

 private:
  std::unique_ptr<ObjectReader> reader_;
};

}  // namespace mfp::pipeline::jobs
