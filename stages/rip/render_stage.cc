#include "stages/rip/render_stage.h"

#include <map>

namespace mfp::stages::rip {

using pipeline::Band;
using pipeline::BandEncoding;
using pipeline::make_error;
using pipeline::Result;
using pipeline::StatusCode;

namespace {

class RenderState final : public pipeline::StageState {
 public:
  // The painter state for `painter`'s key on this thread, made on first use.
  pipeline::StageState* state_for(const pipeline::BandPainter& painter) {
    auto [it, fresh] = states_.try_emplace(painter.state_key());
    if (fresh) it->second = painter.make_thread_state();
    return it->second.get();
  }

 private:
  std::map<const void*, std::unique_ptr<pipeline::StageState>> states_;
};

}  // namespace

RenderStage::RenderStage() {
  traits_.name = "render";
  traits_.inputs = {pipeline::PixelFormat::gray8, pipeline::PixelFormat::rgb8,
                    pipeline::PixelFormat::rgb16, pipeline::PixelFormat::cmyk8};
  traits_.concurrency = pipeline::Concurrency::parallel;
  traits_.renders_deferred = true;
}

std::unique_ptr<pipeline::StageState> RenderStage::make_state() const {
  return std::make_unique<RenderState>();
}

Result<Band> RenderStage::process(Band in, pipeline::StageState* state,
                                  pipeline::BufferPool& pool) const noexcept {
  if (in.encoding != BandEncoding::deferred) return in;
  try {
    if (!in.painter || state == nullptr) {
      return make_error(StatusCode::internal, "deferred band without a painter");
    }
    pipeline::StageState* painter_state = static_cast<RenderState*>(state)->state_for(*in.painter);
    in.stride = pipeline::row_bytes(in.format, in.width());
    MFP_ASSIGN_OR_RETURN(in.data, pool.acquire(in.raw_bytes()));
    MFP_RETURN_IF_ERROR(in.painter->paint(in, painter_state));
    in.painter.reset();  // the page's painter goes when its last band is painted
    in.encoding = BandEncoding::raw;
    return in;
  } catch (...) {
    return pipeline::current_exception_status("render");
  }
}

Result<std::shared_ptr<const pipeline::Stage>> make_render_stage(const pipeline::StageConfig&) {
  return std::shared_ptr<const pipeline::Stage>(std::make_shared<RenderStage>());
}

}  // namespace mfp::stages::rip
