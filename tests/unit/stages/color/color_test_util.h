#pragma once
// Helpers shared by the color stage tests: the engine profile to test against, band makers and
// a Little CMS float reference with dE2000 measurement through the engine profile.

#include <lcms2.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/band.h"
#include "pipeline/buffer_pool.h"
#include "pipeline/job_options.h"
#include "pipeline/page_geometry.h"
#include "stages/color/color_stage.h"
#include "stages/color/detail/icc_profiles.h"
#include "stages/color/detail/lcms_context.h"
#include "stages/color/detail/lcms_handles.h"

namespace mfp::stages::color::test_support {

// The build's engine profile when present, else Ghostscript's default CMYK profile.
inline std::string engine_profile_path() {
#ifdef MFP_DEFAULT_SHARE_DIR
  const std::string built = std::string(MFP_DEFAULT_SHARE_DIR) + "/engine-cmyk.icc";
  if (std::filesystem::exists(built)) return built;
#endif
#ifdef MFP_TEST_BINARY_DIR
  const std::string local = std::string(MFP_TEST_BINARY_DIR) + "/share/openmfp/engine-cmyk.icc";
  if (std::filesystem::exists(local)) return local;
#endif
  return std::string(kFallbackEngineProfile);
}

inline pipeline::StageConfig config(
    pipeline::ColorMode mode = pipeline::ColorMode::color,
    pipeline::RenderingIntent intent = pipeline::RenderingIntent::perceptual) {
  pipeline::StageConfig c;
  c.options.color_mode = mode;
  c.options.intent = intent;
  c.engine_profile_path = engine_profile_path();
  return c;
}

// A raw band of `rows` x `width` in `format`, tightly packed, filled from `bytes` when given.
inline pipeline::Band make_band(pipeline::BufferPool& pool, pipeline::PixelFormat format,
                                pipeline::ColorSpace space, std::uint32_t width, std::uint32_t rows,
                                const void* bytes = nullptr, std::uint32_t first_row = 0) {
  auto page = std::make_shared<pipeline::PageGeometry>();
  page->width = width;
  page->height = first_row + rows;
  page->color_space = space;
  pipeline::Band band;
  band.page = page;
  band.format = format;
  band.rows = rows;
  band.first_row = first_row;
  band.stride = pipeline::row_bytes(format, width);
  auto data = pool.acquire(band.raw_bytes());
  if (data.is_ok()) band.data = std::move(data).value();
  if (bytes != nullptr) std::memcpy(band.data.data(), bytes, band.raw_bytes());
  return band;
}

// Little CMS float reference of the stage's transform and dE2000 through the engine profile.
class Reference {
 public:
  Reference(pipeline::ColorSpace space, pipeline::RenderingIntent intent) {
    auto bytes = detail::read_profile_file(engine_profile_path());
    auto engine = detail::open_engine_profile(context_, bytes.value(), "engine", intent);
    auto source = detail::make_source_profile(context_, space);
    auto lab = detail::make_lab_profile(context_);
    const detail::IntentSpec spec = detail::intent_spec(intent);
    const bool gray = space == pipeline::ColorSpace::gray;
    to_cmyk_.reset(cmsCreateTransformTHR(context_.get(), source.value().get(),
                                         gray ? TYPE_GRAY_DBL : TYPE_RGB_DBL, engine.value().get(),
                                         TYPE_CMYK_DBL, spec.intent, spec.flags));
    to_lab_.reset(cmsCreateTransformTHR(context_.get(), engine.value().get(), TYPE_CMYK_DBL,
                                        lab.value().get(), TYPE_Lab_DBL,
                                        INTENT_RELATIVE_COLORIMETRIC, 0));
  }
  [[nodiscard]] bool ok() const { return to_cmyk_ && to_lab_; }

  // Float CMYK (0..100) of a source color with channels in [0, 1].
  std::array<double, 4> cmyk(const double* source) const {
    std::array<double, 4> out{};
    cmsDoTransform(to_cmyk_.get(), source, out.data(), 1);
    return out;
  }
  // dE2000 between the reference of `source` and the stage's 8-bit ink.
  double delta_e(const double* source, const std::array<std::uint8_t, 4>& ink) const {
    const std::array<double, 4> ref = cmyk(source);
    std::array<double, 4> got{};
    for (int c = 0; c < 4; ++c) got[c] = ink[c] * 100.0 / 255.0;
    cmsCIELab a{};
    cmsCIELab b{};
    cmsDoTransform(to_lab_.get(), ref.data(), &a, 1);
    cmsDoTransform(to_lab_.get(), got.data(), &b, 1);
    return cmsCIE2000DeltaE(&a, &b, 1.0, 1.0, 1.0);
  }

 private:
  detail::LcmsContext context_;
  detail::TransformHandle to_cmyk_;
  detail::TransformHandle to_lab_;
};

// Ink of pixel x of row r of a cmyk8_planar band.
inline std::array<std::uint8_t, 4> ink_at(const pipeline::Band& b, std::uint32_t r,
                                          std::uint32_t x) {
  return {b.row(r, 0)[x], b.row(r, 1)[x], b.row(r, 2)[x], b.row(r, 3)[x]};
}

// The patch set: a 6-level sRGB/Adobe cube (primaries, secondaries, grays), a gray ramp with
// near-whites, and skin tones.
inline std::vector<std::array<std::uint8_t, 3>> rgb_patches() {
  std::vector<std::array<std::uint8_t, 3>> p;
  const std::uint8_t levels[] = {0, 51, 102, 153, 204, 255};
  for (auto r : levels) {
    for (auto g : levels) {
      for (auto b : levels) p.push_back({r, g, b});
    }
  }
  for (int v = 0; v <= 255; v += 15) {
    const auto g = static_cast<std::uint8_t>(v);
    p.push_back({g, g, g});
  }
  for (std::uint8_t v : {245, 250, 253, 254}) p.push_back({v, v, v});
  const std::uint8_t skin[][3] = {{255, 224, 189}, {234, 192, 134}, {224, 172, 105},
                                  {198, 134, 66},  {141, 85, 36},   {255, 205, 148},
                                  {241, 194, 125}, {229, 160, 115}, {194, 125, 95},
                                  {92, 51, 23},    {255, 219, 172}, {173, 138, 96}};
  for (const auto& s : skin) p.push_back({s[0], s[1], s[2]});
  return p;
}

}  // namespace mfp::stages::color::test_support
