#pragma once
// ICC profiles of the color stage: the engine's CMYK output profile, read from a file, and the
// source spaces' profiles, built with Little CMS (sRGB, Adobe RGB (1998), sGray, Lab D50).
//
// Every function returns a Status instead of a null handle: not_found or io_error for an
// unreadable file, invalid_argument for a profile that is not a usable CMYK output profile,
// internal when Little CMS fails to build a profile. Returned handles are owned by the caller
// and belong to the context they were made on.

#include <lcms2.h>

#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/job_options.h"
#include "pipeline/pixel_format.h"
#include "pipeline/status.h"
#include "stages/color/detail/lcms_context.h"
#include "stages/color/detail/lcms_handles.h"

namespace mfp::stages::color::detail {

// Little CMS intent and flags for a job's rendering intent. Relative colorimetric uses black
// point compensation, as printer drivers do, so shadows keep their detail.
struct IntentSpec {
  cmsUInt32Number intent = INTENT_PERCEPTUAL;
  cmsUInt32Number flags = 0;
};
[[nodiscard]] IntentSpec intent_spec(pipeline::RenderingIntent intent) noexcept;

// Reads a whole ICC profile file (at most 64 MiB).
[[nodiscard]] pipeline::Result<std::vector<std::uint8_t>> read_profile_file(
    const std::string& path);

// Opens a profile from memory and checks that it is a CMYK profile usable as output with
// `intent` (the engine profile).
[[nodiscard]] pipeline::Result<ProfileHandle> open_engine_profile(
    LcmsContext& context, const std::vector<std::uint8_t>& bytes, const std::string& name,
    pipeline::RenderingIntent intent);

// Builds the profile of a document color space: sRGB (Little CMS's built-in), Adobe RGB (1998)
// (D65 white, the 1998 primaries, gamma 563/256), gray as sGray (D65, sRGB tone curve).
// ColorSpace::cmyk and ColorSpace::black have no source profile: invalid_argument.
[[nodiscard]] pipeline::Result<ProfileHandle> make_source_profile(LcmsContext& context,
                                                                  pipeline::ColorSpace space);

// The CIE Lab (D50) profile, used to measure lightness for the monochrome path.
[[nodiscard]] pipeline::Result<ProfileHandle> make_lab_profile(LcmsContext& context);

}  // namespace mfp::stages::color::detail
