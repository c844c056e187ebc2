#include "stages/color/detail/icc_profiles.h"

#include <array>
#include <fstream>

namespace mfp::stages::color::detail {

using pipeline::ColorSpace;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

constexpr std::size_t kMaxProfileBytes = 64u << 20;

// The sRGB tone curve as an ICC parametric curve of type 4:
// Y = (aX + b)^g for X >= d, Y = cX below.
constexpr std::array<cmsFloat64Number, 5> kSrgbCurve = {2.4, 1.0 / 1.055, 0.055 / 1.055,
                                                        1.0 / 12.92, 0.04045};

}  // namespace

IntentSpec intent_spec(pipeline::RenderingIntent intent) noexcept {
  switch (intent) {
    case pipeline::RenderingIntent::perceptual:
      return {INTENT_PERCEPTUAL, 0};
    case pipeline::RenderingIntent::relative_colorimetric:
      return {INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_BLACKPOINTCOMPENSATION};
    case pipeline::RenderingIntent::saturation:
      return {INTENT_SATURATION, 0};
    case pipeline::RenderingIntent::absolute_colorimetric:
      return {INTENT_ABSOLUTE_COLORIMETRIC, 0};
  }
  return {};
}

Result<std::vector<std::uint8_t>> read_profile_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return Status(StatusCode::not_found, "engine profile " + path + ": cannot open");
  const std::streamoff size = in.tellg();
  if (size <= 0 || static_cast<std::uint64_t>(size) > kMaxProfileBytes) {
    return Status(StatusCode::invalid_argument,
                  "engine profile " + path + ": size " + std::to_string(size));
  }
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), size)) {
    return Status(StatusCode::io_error, "engine profile " + path + ": read failed");
  }
  return bytes;
}

Result<ProfileHandle> open_engine_profile(LcmsContext& context,
                                          const std::vector<std::uint8_t>& bytes,
                                          const std::string& name,
                                          pipeline::RenderingIntent intent) {
  ProfileHandle profile(cmsOpenProfileFromMemTHR(context.get(), bytes.data(),
                                                 static_cast<cmsUInt32Number>(bytes.size())));
  if (!profile) return context.error(StatusCode::invalid_argument, "engine profile " + name);
  if (cmsGetColorSpace(profile.get()) != cmsSigCmykData) {
    return Status(StatusCode::invalid_argument, "engine profile " + name + ": not a CMYK profile");
  }
  if (!cmsIsIntentSupported(profile.get(), intent_spec(intent).intent, LCMS_USED_AS_OUTPUT) ||
      !cmsIsIntentSupported(profile.get(), INTENT_RELATIVE_COLORIMETRIC, LCMS_USED_AS_INPUT)) {
    return Status(StatusCode::invalid_argument,
                  "engine profile " + name + ": cannot be used as an output profile");
  }
  return profile;
}

Result<ProfileHandle> make_source_profile(LcmsContext& context, ColorSpace space) {
  cmsContext ctx = context.get();
  switch (space) {
    case ColorSpace::srgb: {
      ProfileHandle p(cmsCreate_sRGBProfileTHR(ctx));
      if (!p) return context.error(StatusCode::internal, "sRGB profile");
      return p;
    }
    case ColorSpace::adobe_rgb: {
      const cmsCIExyY white = {0.3127, 0.3290, 1.0};
      const cmsCIExyYTRIPLE primaries = {
          {0.6400, 0.3300, 1.0}, {0.2100, 0.7100, 1.0}, {0.1500, 0.0600, 1.0}};
      ToneCurveHandle gamma(cmsBuildGamma(ctx, 563.0 / 256.0));
      if (!gamma) return context.error(StatusCode::internal, "Adobe RGB tone curve");
      cmsToneCurve* curves[3] = {gamma.get(), gamma.get(), gamma.get()};
      ProfileHandle p(cmsCreateRGBProfileTHR(ctx, &white, &primaries, curves));
      if (!p) return context.error(StatusCode::internal, "Adobe RGB profile");
      return p;
    }
    case ColorSpace::gray: {
      const cmsCIExyY white = {0.3127, 0.3290, 1.0};
      ToneCurveHandle curve(cmsBuildParametricToneCurve(ctx, 4, kSrgbCurve.data()));
      if (!curve) return context.error(StatusCode::internal, "sGray tone curve");
      ProfileHandle p(cmsCreateGrayProfileTHR(ctx, &white, curve.get()));
      if (!p) return context.error(StatusCode::internal, "sGray profile");
      return p;
    }
    case ColorSpace::cmyk:
    case ColorSpace::black:
      break;
  }
  return Status(StatusCode::invalid_argument,
                "no source profile for color space " + std::string(to_string(space)));
}

Result<ProfileHandle> make_lab_profile(LcmsContext& context) {
  ProfileHandle p(cmsCreateLab4ProfileTHR(context.get(), nullptr));
  if (!p) return context.error(StatusCode::internal, "Lab profile");
  return p;
}

}  // namespace mfp::stages::color::detail
