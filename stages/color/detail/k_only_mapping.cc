#include "stages/color/detail/k_only_mapping.h"

#include <algorithm>

#include "stages/color/detail/icc_profiles.h"

namespace mfp::stages::color::detail {

using pipeline::Result;
using pipeline::StatusCode;

Result<KOnlyMapping> KOnlyMapping::measure(LcmsContext& context, cmsHPROFILE engine) {
  MFP_ASSIGN_OR_RETURN(ProfileHandle lab, make_lab_profile(context));
  TransformHandle to_lab(cmsCreateTransformTHR(context.get(), engine, TYPE_CMYK_FLT, lab.get(),
                                               TYPE_Lab_DBL, INTENT_RELATIVE_COLORIMETRIC,
                                               cmsFLAGS_NOCACHE));
  if (!to_lab) return context.error(StatusCode::internal, "engine black ramp transform");
  std::array<float, 256 * 4> cmyk{};
  for (unsigned k = 0; k < 256; ++k) cmyk[4 * k + 3] = static_cast<float>(k) * 100.0f / 255.0f;
  std::array<cmsCIELab, 256> lab_values{};
  cmsDoTransform(to_lab.get(), cmyk.data(), lab_values.data(), 256);
  KOnlyMapping mapping;
  double previous = 100.0;
  for (unsigned k = 0; k < 256; ++k) {
    previous = std::min(previous, std::clamp(lab_values[k].L, 0.0, 100.0));
    mapping.ramp_[k] = previous;
  }
  return mapping;
}

double KOnlyMapping::k_for_lightness(double lightness) const noexcept {
  if (lightness >= ramp_.front()) return 0.0;
  if (lightness <= ramp_.back()) return 1.0;
  // First k whose lightness is at or below the target; interpolate with its predecessor.
  const auto it = std::lower_bound(ramp_.begin(), ramp_.end(), lightness,
                                   [](double ramp, double target) { return ramp > target; });
  const auto k = static_cast<unsigned>(it - ramp_.begin());
  const double upper = ramp_[k - 1];
  const double lower = ramp_[k];
  const double t = upper > lower ? (upper - lightness) / (upper - lower) : 1.0;
  return (static_cast<double>(k - 1) + t) / 255.0;
}

double KOnlyMapping::k_for_source_lightness(double lightness) const noexcept {
  const double white = ramp_.front();
  const double black = ramp_.back();
  const double scaled = black + std::clamp(lightness, 0.0, 100.0) * (white - black) / 100.0;
  return k_for_lightness(scaled);
}

}  // namespace mfp::stages::color::detail
