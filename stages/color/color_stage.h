#pragma once
// The color stage: converts RIP bands to the engine's ink through the engine's CMYK ICC profile
// with Little CMS: cmyk8_planar for color jobs, k8 (black toner only) for monochrome jobs.
//
// Accepted bands: gray8 (sGray, or ink when the page's color space is `black`), rgb8 and rgb16
// (sRGB, or Adobe RGB (1998) when the page says adobe_rgb), cmyk8 (device CMYK, passed through;
// or, when the page carries a source profile, a PDF's CMYK output intent, converted through it).
// The pixel format decides the channel count; the page's color space only picks among those
// variants. Conversions are built once per stage (shared across jobs: ColorStageCache) the first
// time a space is seen, sampled into a DeviceLink, and shared read-only by all threads. process()
// returns invalid_argument for a band of another format or a malformed shape, never throws, and
// does not need a state (make_state() gives per-thread scratch for the monochrome CMYK path).

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "pipeline/stage.h"
#include "pipeline/stage_registry.h"
#include "pipeline/status.h"

namespace mfp::stages::color {

inline constexpr std::string_view kStageName = "color";

// Used when StageConfig::engine_profile_path is empty: Ghostscript's default CMYK profile, which
// the build installs as engine-cmyk.icc.
inline constexpr std::string_view kFallbackEngineProfile =
    "/usr/share/color/icc/ghostscript/default_cmyk.icc";

// True when `icc` is a CMYK profile Little CMS can convert from and to (what a PDF's output
// intent must be for the color stage to honour it). Never throws.
[[nodiscard]] bool is_cmyk_output_profile(std::span<const std::uint8_t> icc) noexcept;

// Makes the color stage for one job: reads and checks the engine profile (not_found or io_error
// when unreadable, invalid_argument when it is not a CMYK output profile).
[[nodiscard]] pipeline::Result<std::shared_ptr<const pipeline::Stage>> make_color_stage(
    const pipeline::StageConfig& config);

}  // namespace mfp::stages::color
