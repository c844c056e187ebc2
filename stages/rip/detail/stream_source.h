#pragma once
// StreamSource: adapts the pipeline's DocumentStream to the codecs' ByteSource.

#include "codecs/byte_io.h"
#include "pipeline/stage.h"

namespace mfp::stages::rip::detail {

class StreamSource final : public codecs::ByteSource {
 public:
  explicit StreamSource(pipeline::DocumentStream& in) noexcept : in_(in) {}
  [[nodiscard]] pipeline::Result<std::size_t> read(std::span<std::uint8_t> out) noexcept override {
    try {
      return in_.read(out);
    } catch (...) {
      return pipeline::make_error(pipeline::StatusCode::io_error, "document stream failed");
    }
  }

 private:
  pipeline::DocumentStream& in_;
};

}  // namespace mfp::stages::rip::detail
