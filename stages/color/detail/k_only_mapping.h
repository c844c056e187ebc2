#pragma once
// KOnlyMapping: how much black toner alone the engine needs to print a given CIE lightness, for
// monochrome jobs.
//
// Built from the engine profile by measuring L* of the black ramp (C = M = Y = 0, K = 0..255)
// with a relative colorimetric transform. Sources whose black is L* 0 (RGB, gray) are scaled
// into the ramp's range (black point compensation), so black maps to full K and white to no
// toner; device CMYK sources are clamped instead, so pure K stays pure K. Immutable once built.

#include <lcms2.h>

#include <array>

#include "pipeline/status.h"
#include "stages/color/detail/lcms_context.h"

namespace mfp::stages::color::detail {

class KOnlyMapping {
 public:
  // Measures the engine profile's black ramp. Fails with internal when Little CMS cannot build
  // the measuring transform.
  [[nodiscard]] static pipeline::Result<KOnlyMapping> measure(LcmsContext& context,
                                                              cmsHPROFILE engine);

  // Black ink (0..1) for a source lightness L* in [0, 100] whose black is L* 0 (scaled).
  [[nodiscard]] double k_for_source_lightness(double lightness) const noexcept;
  // Black ink (0..1) for an absolute lightness on the engine (clamped to the ramp).
  [[nodiscard]] double k_for_lightness(double lightness) const noexcept;
  // L* of full black toner on paper.
  [[nodiscard]] double black_lightness() const noexcept { return ramp_.back(); }

 private:
  KOnlyMapping() = default;
  std::array<double, 256> ramp_{};  // L* of K = 0..255, made non-increasing
};

}  // namespace mfp::stages::color::detail
