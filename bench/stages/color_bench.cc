// Micro-benchmarks of the color stage (Mpx/s, one thread): a 4960 x 64 band of photo-like and of
// office-like sRGB, the DeviceLink kernels alone (scalar and AVX2), Little CMS's own optimized
// 8-bit transform to the same profile for comparison, and whole 600 dpi workload pages band by
// band. Input band creation and output release are outside the timed region.

#include <benchmark/benchmark.h>
#include <lcms2.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

#include "bench/workloads.h"
#include "pipeline/band.h"
#include "pipeline/buffer_pool.h"
#include "pipeline/stage_registry.h"
#include "stages/color/color_stage.h"
#include "stages/color/device_link.h"
#include "stages/register_stages.h"

namespace mfp::stages::color {
namespace {

constexpr std::uint32_t kWidth = 4960;  // A4 at 600 dpi
constexpr std::uint32_t kRows = 64;

enum class Content { photo, office };

std::string profile_path() {
  const std::string built = default_engine_profile_path();
  return std::filesystem::exists(built) ? built : std::string(kFallbackEngineProfile);
}

// Deterministic band content: gradients plus noise (photo), or white paper with black text-like
// strokes and a colored rule (office).
const std::vector<std::uint8_t>& content(Content c) {
  static const auto make = [](Content kind) {
    std::vector<std::uint8_t> px(static_cast<std::size_t>(kWidth) * kRows * 3, 0xFF);
    std::uint64_t s = 0x1234567;
    auto noise = [&s] {
      s = s * 6364136223846793005ull + 1442695040888963407ull;
      return static_cast<int>((s >> 33) % 41) - 20;
    };
    for (std::uint32_t y = 0; y < kRows; ++y) {
      for (std::uint32_t x = 0; x < kWidth; ++x) {
        std::uint8_t* p = &px[(static_cast<std::size_t>(y) * kWidth + x) * 3];
        if (kind == Content::photo) {
          const int base[3] = {static_cast<int>(x * 255 / kWidth), static_cast<int>(y * 4),
                               static_cast<int>(255 - (x + y) * 255 / (kWidth + kRows))};
          for (int c = 0; c < 3; ++c) {
            p[c] = static_cast<std::uint8_t>(std::clamp(base[c] + noise(), 0, 255));
          }
        } else if (y >= 20 && y < 44 && x >= 300 && x < 4660 && (x / 7 + y / 5) % 3 == 0 &&
                   (x / 180) % 6 != 5) {
          p[0] = p[1] = p[2] = 0;  // glyph strokes on text lines
        } else if (y >= 56 && y < 60 && x >= 300 && x < 4660) {
          p[0] = 0;
          p[1] = 90;
          p[2] = 200;  // a blue rule
        }
      }
    }
    return px;
  };
  static const std::vector<std::uint8_t> photo = make(Content::photo);
  static const std::vector<std::uint8_t> office = make(Content::office);
  return c == Content::photo ? photo : office;
}

pipeline::Band make_band(pipeline::BufferPool& pool, std::uint32_t width, std::uint32_t rows,
                         const std::uint8_t* rgb) {
  auto page = std::make_shared<pipeline::PageGeometry>();
  page->width = width;
  page->height = rows;
  page->color_space = pipeline::ColorSpace::srgb;
  pipeline::Band band;
  band.page = page;
  band.format = pipeline::PixelFormat::rgb8;
  band.rows = rows;
  band.stride = static_cast<std::size_t>(width) * 3;
  band.data = std::move(pool.acquire(band.raw_bytes())).value();
  std::memcpy(band.data.data(), rgb, band.raw_bytes());
  return band;
}

void BM_ColorStageRgb8(benchmark::State& state) {
  const auto kind = static_cast<Content>(state.range(0));
  pipeline::StageConfig config;
  config.engine_profile_path = profile_path();
  auto stage = make_color_stage(config);
  if (!stage.is_ok()) {
    state.SkipWithError(stage.status().to_string().c_str());
    return;
  }
  pipeline::BufferPool pool;
  const auto& rgb = content(kind);
  auto warm = stage.value()->process(make_band(pool, kWidth, kRows, rgb.data()), nullptr, pool);
  if (!warm.is_ok()) state.SkipWithError(warm.status().to_string().c_str());
  std::uint64_t px = 0;
  for (auto _ : state) {
    state.PauseTiming();
    pipeline::Band in = make_band(pool, kWidth, kRows, rgb.data());
    state.ResumeTiming();
    auto out = stage.value()->process(std::move(in), nullptr, pool);
    benchmark::DoNotOptimize(out);
    state.PauseTiming();
    out = pipeline::Status(pipeline::StatusCode::cancelled, "released");
    state.ResumeTiming();
    px += std::uint64_t{kWidth} * kRows;
  }
  state.counters["Mpx/s"] =
      benchmark::Counter(static_cast<double>(px) / 1e6, benchmark::Counter::kIsRate);
  state.SetLabel(kind == Content::photo ? "photo" : "office");
}
BENCHMARK(BM_ColorStageRgb8)
    ->Arg(static_cast<int>(Content::photo))
    ->Arg(static_cast<int>(Content::office))
    ->Unit(benchmark::kMicrosecond);

// The sampled link's row kernels alone, writing planar ink: Arg 0 = scalar, 1 = AVX2.
void BM_DeviceLinkRgb8(benchmark::State& state) {
  const Isa isa = state.range(0) == 0 ? Isa::scalar : Isa::avx2;
  cmsHPROFILE src = cmsCreate_sRGBProfile();
  cmsHPROFILE dst = cmsOpenProfileFromFile(profile_path().c_str(), "r");
  cmsHTRANSFORM xf =
      cmsCreateTransform(src, TYPE_RGB_FLT, dst, TYPE_CMYK_FLT, INTENT_PERCEPTUAL, 0);
  auto link = DeviceLink::sample([xf](std::span<const float> rgb, std::span<float> ink) {
    cmsDoTransform(xf, rgb.data(), ink.data(), static_cast<cmsUInt32Number>(rgb.size() / 3));
    for (float& v : ink) v /= 100.0f;
    return pipeline::Status::ok();
  });
  cmsDeleteTransform(xf);
  cmsCloseProfile(src);
  cmsCloseProfile(dst);
  if (!link.is_ok()) {
    state.SkipWithError("link");
    return;
  }
  const auto& rgb = content(Content::photo);
  std::vector<std::uint8_t> planes(static_cast<std::size_t>(kWidth) * 4);
  const InkRow row{&planes[0], &planes[kWidth], &planes[2 * kWidth], &planes[3 * kWidth]};
  std::uint64_t px = 0;
  for (auto _ : state) {
    for (std::uint32_t y = 0; y < kRows; ++y) {
      link.value()->convert_rgb8(&rgb[static_cast<std::size_t>(y) * kWidth * 3], kWidth, row, isa);
    }
    benchmark::DoNotOptimize(planes.data());
    px += std::uint64_t{kWidth} * kRows;
  }
  state.counters["Mpx/s"] =
      benchmark::Counter(static_cast<double>(px) / 1e6, benchmark::Counter::kIsRate);
  state.SetLabel(isa == Isa::scalar ? "scalar" : "avx2");
}
BENCHMARK(BM_DeviceLinkRgb8)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// Little CMS 2 itself, TYPE_RGB_8 -> TYPE_CMYK_8_PLANAR, shared transform with NOCACHE.
void BM_LittleCmsRgb8ToCmyk8Planar(benchmark::State& state) {
  cmsHPROFILE src = cmsCreate_sRGBProfile();
  cmsHPROFILE dst = cmsOpenProfileFromFile(profile_path().c_str(), "r");
  cmsHTRANSFORM xf = cmsCreateTransform(src, TYPE_RGB_8, dst, TYPE_CMYK_8_PLANAR, INTENT_PERCEPTUAL,
                                        cmsFLAGS_NOCACHE);
  const auto& rgb = content(Content::photo);
  std::vector<std::uint8_t> planes(static_cast<std::size_t>(kWidth) * kRows * 4);
  std::uint64_t px = 0;
  for (auto _ : state) {
    cmsDoTransformLineStride(xf, rgb.data(), planes.data(), kWidth, kRows, kWidth * 3, kWidth,
                             kWidth * kRows * 3, kWidth * kRows);
    benchmark::DoNotOptimize(planes.data());
    px += std::uint64_t{kWidth} * kRows;
  }
  cmsDeleteTransform(xf);
  cmsCloseProfile(src);
  cmsCloseProfile(dst);
  state.counters["Mpx/s"] =
      benchmark::Counter(static_cast<double>(px) / 1e6, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_LittleCmsRgb8ToCmyk8Planar)->Unit(benchmark::kMicrosecond);

// A whole 600 dpi workload page (office, photo, mixed) in bands of 64 rows.
void BM_ColorStagePage(benchmark::State& state) {
  const auto w = static_cast<bench::Workload>(state.range(0));
  static const bench::RgbImage pages[3] = {bench::render_workload(bench::Workload::office, 600),
                                           bench::render_workload(bench::Workload::photo, 600),
                                           bench::render_workload(bench::Workload::mixed, 600)};
  const bench::RgbImage& img = pages[state.range(0)];
  pipeline::StageConfig config;
  config.engine_profile_path = profile_path();
  auto stage = make_color_stage(config);
  if (!stage.is_ok()) {
    state.SkipWithError(stage.status().to_string().c_str());
    return;
  }
  pipeline::BufferPool pool;
  std::uint64_t px = 0;
  for (auto _ : state) {
    for (std::uint32_t y = 0; y < img.height; y += kRows) {
      const std::uint32_t rows = std::min(kRows, img.height - y);
      state.PauseTiming();
      pipeline::Band in = make_band(pool, img.width, rows,
                                    &img.pixels[static_cast<std::size_t>(y) * img.width * 3]);
      state.ResumeTiming();
      auto out = stage.value()->process(std::move(in), nullptr, pool);
      benchmark::DoNotOptimize(out);
      state.PauseTiming();
      out = pipeline::Status(pipeline::StatusCode::cancelled, "released");
      state.ResumeTiming();
    }
    px += std::uint64_t{img.width} * img.height;
  }
  state.counters["Mpx/s"] =
      benchmark::Counter(static_cast<double>(px) / 1e6, benchmark::Counter::kIsRate);
  state.SetLabel(bench::to_string(w));
}
BENCHMARK(BM_ColorStagePage)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mfp::stages::color
