#pragma once
// RenderStage ("render"): paints deferred bands (BandEncoding::deferred) with their page's
// BandPainter, on every core, into raw bands from the pool; other bands pass through untouched.
// It is the only stage that accepts deferred bands. Each worker thread keeps one painter state
// per state key (a MuPDF context clone for PDF pages) for the life of the job's graph.

#include <memory>

#include "pipeline/stage.h"
#include "pipeline/stage_registry.h"

namespace mfp::stages::rip {

class RenderStage final : public pipeline::Stage {
 public:
  RenderStage();
  [[nodiscard]] const pipeline::StageTraits& traits() const noexcept override { return traits_; }
  [[nodiscard]] std::unique_ptr<pipeline::StageState> make_state() const override;
  [[nodiscard]] pipeline::Result<pipeline::Band> process(
      pipeline::Band in, pipeline::StageState* state,
      pipeline::BufferPool& pool) const noexcept override;

 private:
  pipeline::StageTraits traits_;
};

[[nodiscard]] pipeline::Result<std::shared_ptr<const pipeline::Stage>> make_render_stage(
    const pipeline::StageConfig& config);

}  // namespace mfp::stages::rip
