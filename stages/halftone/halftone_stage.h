#pragma once
// The halftone stage: screens 8-bit ink to the engine's bit depth, cmyk8_planar ->
// cmyk1_planar or cmyk2_planar and k8 -> k1 or k2 (JobOptions::engine_bits = 1 or 2).
//
// Default is a clustered-dot screen per colorant (ThresholdScreen: C 15, M 75, Y 0, K 45
// degrees, built once in the factory for the job's dpi, shared read-only, Concurrency::parallel).
// With JobOptions::screen = error_diffusion it runs serpentine Floyd-Steinberg per plane instead,
// Concurrency::ordered, carrying the error between bands in the per-job state from make_state().
// Output bits are MSB-first, 1 = dot. process() returns invalid_argument for a band of another
// format or shape, never throws.

#include <memory>
#include <string_view>

#include "pipeline/stage.h"
#include "pipeline/stage_registry.h"
#include "pipeline/status.h"

namespace mfp::stages::halftone {

inline constexpr std::string_view kStageName = "halftone";

// Makes the halftone stage for one job. invalid_argument when engine_bits is not 1 or 2 or dpi
// is 0.
[[nodiscard]] pipeline::Result<std::shared_ptr<const pipeline::Stage>> make_halftone_stage(
    const pipeline::StageConfig& config);

}  // namespace mfp::stages::halftone
