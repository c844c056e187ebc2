#pragma once
// CompressStage: compresses halftoned engine bands with the plane codec so a page is stored and
// handed to the engine at a fraction of its raw size. Parallel; output keeps the band's format
// with encoding == compressed.

#include <memory>

#include "codecs/plane_codec.h"
#include "pipeline/stage.h"
#include "pipeline/stage_registry.h"

namespace mfp::stages::compress {

class CompressStage final : public pipeline::Stage {
 public:
  explicit CompressStage(codecs::PlaneCodecId codec);
  [[nodiscard]] const pipeline::StageTraits& traits() const noexcept override { return traits_; }
  // Fails with invalid_argument for a band that is already compressed.
  [[nodiscard]] pipeline::Result<pipeline::Band> process(
      pipeline::Band in, pipeline::StageState* state,
      pipeline::BufferPool& pool) const noexcept override;

 private:
  pipeline::StageTraits traits_;
  codecs::PlaneCodecId codec_;
};

// The registry factory ("compress"): the codec chosen by measurement (codecs/README.md).
[[nodiscard]] pipeline::Result<std::shared_ptr<const pipeline::Stage>> make_compress_stage(
    const pipeline::StageConfig& config);

}  // namespace mfp::stages::compress
