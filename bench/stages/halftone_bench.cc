// Micro-benchmarks of the halftone stage (Mpx/s of page pixels, one thread): a 4960 x 64
// cmyk8_planar band of photo-like ink screened to cmyk1_planar and cmyk2_planar with the
// clustered-dot screens, and with error diffusion; the 1-bit row kernels alone (scalar, AVX2).
// Input band creation and output release are outside the timed region.

#include <benchmark/benchmark.h>

#include <cstring>
#include <memory>
#include <vector>

#include "pipeline/band.h"
#include "pipeline/buffer_pool.h"
#include "pipeline/stage_registry.h"
#include "stages/halftone/detail/screen_kernels.h"
#include "stages/halftone/halftone_stage.h"
#include "stages/halftone/threshold_screen.h"

namespace mfp::stages::halftone {
namespace {

constexpr std::uint32_t kWidth = 4960;
constexpr std::uint32_t kRows = 64;

// Photo-like ink: smooth gradients with noise, different per plane, a little paper white.
const std::vector<std::uint8_t>& ink() {
  static const std::vector<std::uint8_t> planes = [] {
    std::vector<std::uint8_t> v(static_cast<std::size_t>(kWidth) * kRows * 4);
    std::uint64_t s = 0xABCDEF;
    for (std::uint32_t p = 0; p < 4; ++p) {
      for (std::uint32_t y = 0; y < kRows; ++y) {
        for (std::uint32_t x = 0; x < kWidth; ++x) {
          s = s * 6364136223846793005ull + 1442695040888963407ull;
          const int base = static_cast<int>(((x + p * 1000) % kWidth) * 255 / kWidth) - 20;
          const int n = static_cast<int>((s >> 33) % 25) - 12;
          v[(static_cast<std::size_t>(p) * kRows + y) * kWidth + x] =
              static_cast<std::uint8_t>(std::clamp(base + n, 0, 255));
        }
      }
    }
    return v;
  }();
  return planes;
}

pipeline::Band make_band(pipeline::BufferPool& pool, std::uint32_t first_row) {
  static const auto page = [] {
    auto g = std::make_shared<pipeline::PageGeometry>();
    g->width = kWidth;
    g->height = 7016;
    return g;
  }();
  pipeline::Band band;
  band.page = page;
  band.format = pipeline::PixelFormat::cmyk8_planar;
  band.rows = kRows;
  band.first_row = first_row;
  band.stride = kWidth;
  band.data = std::move(pool.acquire(band.raw_bytes())).value();
  std::memcpy(band.data.data(), ink().data(), band.raw_bytes());
  return band;
}

// Arg 0: engine bits (1 or 2); Arg 1: 0 = clustered dot, 1 = error diffusion.
void BM_HalftoneStage(benchmark::State& state) {
  pipeline::StageConfig config;
  config.options.engine_bits = static_cast<unsigned>(state.range(0));
  config.options.screen =
      state.range(1) == 0 ? pipeline::Screen::clustered_dot : pipeline::Screen::error_diffusion;
  auto stage = make_halftone_stage(config);
  if (!stage.is_ok()) {
    state.SkipWithError(stage.status().to_string().c_str());
    return;
  }
  auto job_state = stage.value()->make_state();
  pipeline::BufferPool pool;
  std::uint64_t px = 0;
  std::uint32_t first_row = 0;
  for (auto _ : state) {
    state.PauseTiming();
    pipeline::Band in = make_band(pool, first_row);
    state.ResumeTiming();
    auto out = stage.value()->process(std::move(in), job_state.get(), pool);
    benchmark::DoNotOptimize(out);
    state.PauseTiming();
    if (!out.is_ok()) state.SkipWithError(out.status().to_string().c_str());
    out = pipeline::Status(pipeline::StatusCode::cancelled, "released");
    state.ResumeTiming();
    first_row = (first_row + kRows) % (7016 - kRows);
    px += std::uint64_t{kWidth} * kRows;
  }
  state.counters["Mpx/s"] =
      benchmark::Counter(static_cast<double>(px) / 1e6, benchmark::Counter::kIsRate);
  state.SetLabel(std::string(state.range(1) == 0 ? "clustered " : "diffusion ") +
                 (state.range(0) == 1 ? "cmyk1_planar" : "cmyk2_planar"));
}
BENCHMARK(BM_HalftoneStage)
    ->Args({1, 0})
    ->Args({2, 0})
    ->Args({1, 1})
    ->Args({2, 1})
    ->Unit(benchmark::kMicrosecond);

// The 1-bit row kernel alone on one plane (Mpx/s of plane samples): Arg 0 = scalar, 1 = AVX2.
void BM_Screen1BitKernel(benchmark::State& state) {
  auto screen = ThresholdScreen::make(default_screen_vector(Colorant::cyan, 600), 1);
  const bool avx2 = state.range(0) == 1 && detail::cpu_has_avx2();
  const auto& in = ink();
  std::vector<std::uint8_t> out((kWidth + 7) / 8);
  std::uint64_t px = 0;
  for (auto _ : state) {
    for (std::uint32_t y = 0; y < kRows; ++y) {
      const std::uint8_t* row = &in[static_cast<std::size_t>(y) * kWidth];
      (avx2 ? detail::screen_1bit_avx2 : detail::screen_1bit_scalar)(row, kWidth, screen->row(y),
                                                                     screen->tile(), out.data());
    }
    benchmark::DoNotOptimize(out.data());
    px += std::uint64_t{kWidth} * kRows;
  }
  state.counters["Mpx/s"] =
      benchmark::Counter(static_cast<double>(px) / 1e6, benchmark::Counter::kIsRate);
  state.SetLabel(avx2 ? "avx2" : "scalar");
}
BENCHMARK(BM_Screen1BitKernel)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace mfp::stages::halftone
