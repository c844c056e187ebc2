#include "pipeline/band_painter.h"

namespace mfp::pipeline {

Status BandPainter::paint_placed(Band& /*sheet_band*/, const Placement& /*where*/,
                                 StageState* /*thread_state*/) const noexcept {
  return make_error(StatusCode::unsupported, "this document's pages cannot be placed on a sheet");
}

}  // namespace mfp::pipeline
