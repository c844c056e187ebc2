#include "stages/register_stages.h"

#include <cstdlib>
#include <memory>
#include <string>

#include "stages/color/color_stage.h"
#include "stages/color/color_stage_cache.h"
#include "stages/compress/compress_stage.h"
#include "stages/halftone/halftone_stage.h"
#include "stages/rip/document_format.h"
#include "stages/rip/image_rip.h"
#include "stages/rip/mupdf_engine.h"
#include "stages/rip/pdf_rip.h"
#include "stages/rip/raster_rip.h"
#include "stages/rip/render_stage.h"

namespace mfp::stages {

pipeline::Status register_stages(pipeline::StageRegistry& registry) {
  MFP_RETURN_IF_ERROR(registry.add_source(std::string(rip::kPwgRaster), rip::make_pwg_rip));
  MFP_RETURN_IF_ERROR(registry.add_source(std::string(rip::kUrf), rip::make_urf_rip));
  MFP_RETURN_IF_ERROR(registry.add_source(std::string(rip::kJpeg), rip::make_jpeg_rip));
  MFP_RETURN_IF_ERROR(registry.add_source(std::string(rip::kTiff), rip::make_tiff_rip));
  // One MuPDF engine (shared store, glyph cache, memory budget, watchdog) for every PDF job.
  MFP_ASSIGN_OR_RETURN(std::shared_ptr<const rip::MupdfEngine> mupdf, rip::MupdfEngine::create());
  MFP_RETURN_IF_ERROR(registry.add_source(
      std::string(rip::kPdf),
      [mupdf](const pipeline::StageConfig& config) { return rip::make_pdf_rip(mupdf, config); }));
  MFP_RETURN_IF_ERROR(registry.add_stage("render", rip::make_render_stage));
  // One color stage per profile, intent and mode, shared by every job (see ColorStageCache).
  auto colors = std::make_shared<color::ColorStageCache>();
  MFP_RETURN_IF_ERROR(registry.add_stage(
      "color", [colors](const pipeline::StageConfig& config) { return colors->get(config); }));
  MFP_RETURN_IF_ERROR(registry.add_stage("halftone", halftone::make_halftone_stage));
  MFP_RETURN_IF_ERROR(registry.add_stage("compress", compress::make_compress_stage));
  return pipeline::Status::ok();
}

std::string default_engine_profile_path() {
  if (const char* dir = std::getenv("MFP_SHARE_DIR"); dir != nullptr && *dir != '\0') {
    return std::string(dir) + "/engine-cmyk.icc";
  }
  return std::string(MFP_DEFAULT_SHARE_DIR) + "/engine-cmyk.icc";
}

}  // namespace mfp::stages
