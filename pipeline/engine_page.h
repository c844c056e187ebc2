#pragma once
// EnginePage and PageSink: a finished page in engine format, and whatever accepts it (the print
// engine, implemented in engine_hw/). Defined here so stages/output need not include engine_hw.

#include <memory>
#include <vector>

#include "pipeline/band.h"
#include "pipeline/owner_tag.h"
#include "pipeline/page_geometry.h"
#include "pipeline/status.h"

namespace mfp::pipeline {

// One page as the engine receives it: its bands in order, each in the engine's plane format,
// raw or compressed with codecs/plane_codec. Move-only; buffers are zeroed when dropped.
struct EnginePage {
  std::shared_ptr<const PageGeometry> page;
  PixelFormat format = PixelFormat::cmyk1_planar;
  std::vector<Band> bands;
  OwnerTag owner;
};

// Accepts finished pages. accept() may block while the consumer is busy (a rated-speed engine).
class PageSink {
 public:
  virtual ~PageSink() = default;
  [[nodiscard]] virtual Status accept(EnginePage page) noexcept = 0;
};

}  // namespace mfp::pipeline
