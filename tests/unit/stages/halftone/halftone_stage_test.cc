#include "stages/halftone/halftone_stage.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "stages/halftone/detail/screen_kernels.h"
#include "stages/halftone/threshold_screen.h"
#include "tests/unit/stages/halftone/halftone_test_util.h"

namespace mfp::stages::halftone {
namespace {

using pipeline::Band;
using pipeline::BufferPool;
using pipeline::PixelFormat;
using pipeline::Screen;
using pipeline::StatusCode;
using test_support::dot_at;
using test_support::make_band;

std::shared_ptr<const pipeline::Stage> make_stage(unsigned bits,
                                                  Screen screen = Screen::clustered_dot) {
  auto stage = make_halftone_stage(test_support::config(bits, screen));
  EXPECT_TRUE(stage.is_ok()) << stage.status().to_string();
  return stage.is_ok() ? stage.value() : nullptr;
}

Band run(const pipeline::Stage& stage, Band in, BufferPool& pool,
         pipeline::StageState* state = nullptr) {
  auto out = stage.process(std::move(in), state, pool);
  EXPECT_TRUE(out.is_ok()) << out.status().to_string();
  return out.is_ok() ? std::move(out).value() : Band{};
}

std::uint32_t tile_of(unsigned plane) {
  const Colorant c[] = {Colorant::cyan, Colorant::magenta, Colorant::yellow, Colorant::black};
  return ThresholdScreen::make(default_screen_vector(c[plane], 600), 1)->tile();
}

TEST(HalftoneStage, FormatsFollowEngineBitsAndColorMode) {
  for (unsigned bits : {1u, 2u}) {
    auto stage = make_stage(bits);
    ASSERT_TRUE(stage);
    EXPECT_EQ(stage->traits().name, "halftone");
    EXPECT_EQ(stage->traits().output,
              bits == 1 ? PixelFormat::cmyk1_planar : PixelFormat::cmyk2_planar);
    EXPECT_EQ(stage->traits().concurrency, pipeline::Concurrency::parallel);
    EXPECT_TRUE(stage->traits().inputs.contains(PixelFormat::cmyk8_planar));
    EXPECT_TRUE(stage->traits().inputs.contains(PixelFormat::k8));
    BufferPool pool;
    Band k = run(*stage,
                 make_band(pool, PixelFormat::k8, 20, 2,
                           [](unsigned, auto, auto) { return std::uint8_t{255}; }),
                 pool);
    EXPECT_EQ(k.format, bits == 1 ? PixelFormat::k1 : PixelFormat::k2);
    EXPECT_EQ(k.stride, bits == 1 ? 3u : 5u);
  }
  auto mono = make_halftone_stage([] {
    auto c = test_support::config(2);
    c.options.color_mode = pipeline::ColorMode::monochrome;
    return c;
  }());
  ASSERT_TRUE(mono.is_ok());
  EXPECT_EQ(mono.value()->traits().output, PixelFormat::k2);
  auto ed = make_stage(1, Screen::error_diffusion);
  ASSERT_TRUE(ed);
  EXPECT_EQ(ed->traits().concurrency, pipeline::Concurrency::ordered);
}

TEST(HalftoneStage, BitsAreMostSignificantFirst) {
  BufferPool pool;
  for (unsigned bits : {1u, 2u}) {
    auto stage = make_stage(bits);
    ASSERT_TRUE(stage);
    // Only the leftmost pixel has ink, and full ink always makes a full dot.
    Band out = run(*stage,
                   make_band(pool, PixelFormat::k8, 40, 1,
                             [](unsigned, auto x, auto) { return std::uint8_t(x == 0 ? 255 : 0); }),
                   pool);
    EXPECT_EQ(out.row(0)[0], bits == 1 ? 0x80 : 0xC0);
    for (std::size_t i = 1; i < out.stride; ++i) EXPECT_EQ(out.row(0)[i], 0);
  }
}

// Constant tones over whole tiles of each plane give coverage v / 255 within 0.5%.
TEST(HalftoneStage, ConstantTonesGiveTheirCoverage) {
  BufferPool pool;
  const std::uint32_t size = 544;  // 16 tiles of 34, 17 of 32, 15 of 36 (+4)
  for (unsigned bits : {1u, 2u}) {
    auto stage = make_stage(bits);
    ASSERT_TRUE(stage);
    for (unsigned v : {0u, 1u, 64u, 128u, 200u, 254u, 255u}) {
      Band out = run(*stage,
                     make_band(pool, PixelFormat::cmyk8_planar, size, size,
                               [v](unsigned, auto, auto) { return std::uint8_t(v); }),
                     pool);
      for (unsigned p = 0; p < 4; ++p) {
        const std::uint32_t t = tile_of(p);
        const std::uint32_t span = size / t * t;
        std::uint64_t dots = 0;
        for (std::uint32_t y = 0; y < span; ++y) {
          for (std::uint32_t x = 0; x < span; ++x) dots += dot_at(out.row(y, p), x, bits);
        }
        const double coverage =
            static_cast<double>(dots) / (static_cast<double>(span) * span * (bits == 1 ? 1 : 3));
        EXPECT_NEAR(coverage, v / 255.0, 0.005) << "bits " << bits << " plane " << p << " v " << v;
        if (v == 0) {
          EXPECT_EQ(dots, 0u);
        }
        if (v == 255) {
          EXPECT_DOUBLE_EQ(coverage, 1.0);
        }
      }
    }
  }
}

TEST(HalftoneStage, MoreInkNeverRemovesADot) {
  BufferPool pool;
  for (unsigned bits : {1u, 2u}) {
    auto stage = make_stage(bits);
    ASSERT_TRUE(stage);
    std::vector<std::uint8_t> previous;
    for (unsigned v = 0; v < 256; ++v) {
      Band out = run(*stage,
                     make_band(pool, PixelFormat::cmyk8_planar, 72, 72,
                               [v](unsigned, auto, auto) { return std::uint8_t(v); }),
                     pool);
      std::vector<std::uint8_t> now(out.data.data(), out.data.data() + out.raw_bytes());
      if (!previous.empty()) {
        for (unsigned p = 0; p < 4; ++p) {
          for (std::uint32_t y = 0; y < 72; ++y) {
            for (std::uint32_t x = 0; x < 72; ++x) {
              const std::size_t row = (p * 72 + y) * out.stride;
              ASSERT_GE(dot_at(now.data() + row, x, bits), dot_at(previous.data() + row, x, bits))
                  << "bits " << bits << " v " << v << " plane " << p << " " << x << "," << y;
            }
          }
        }
      }
      previous = std::move(now);
    }
  }
}

TEST(HalftoneStage, PatternRepeatsEveryTileAndContinuesAcrossBands) {
  BufferPool pool;
  auto stage = make_stage(1);
  ASSERT_TRUE(stage);
  const std::uint32_t w = 3 * 36;
  auto page = std::make_shared<pipeline::PageGeometry>();
  page->width = w;
  page->height = w;
  auto fill = [](unsigned, auto, auto) { return std::uint8_t{100}; };
  Band whole = run(*stage, make_band(pool, PixelFormat::cmyk8_planar, w, w, fill, 0, page), pool);
  for (unsigned p = 0; p < 4; ++p) {
    const std::uint32_t t = tile_of(p);
    for (std::uint32_t y = 0; y + t < w; ++y) {
      for (std::uint32_t x = 0; x + t < w; ++x) {
        const unsigned d = dot_at(whole.row(y, p), x, 1);
        ASSERT_EQ(d, dot_at(whole.row(y, p), x + t, 1)) << p;
        ASSERT_EQ(d, dot_at(whole.row(y + t, p), x, 1)) << p;
      }
    }
  }
  // The same rows as a later band of the page screen the same way (rows keep their phase).
  Band part = run(*stage, make_band(pool, PixelFormat::cmyk8_planar, w, 10, fill, 50, page), pool);
  for (unsigned p = 0; p < 4; ++p) {
    for (std::uint32_t r = 0; r < 10; ++r) {
      ASSERT_EQ(std::memcmp(part.row(r, p), whole.row(50 + r, p), part.stride), 0);
    }
  }
}

TEST(HalftoneStage, PlanesUseDifferentScreens) {
  BufferPool pool;
  auto stage = make_stage(1);
  ASSERT_TRUE(stage);
  Band out = run(*stage,
                 make_band(pool, PixelFormat::cmyk8_planar, 128, 128,
                           [](unsigned, auto, auto) { return std::uint8_t{90}; }),
                 pool);
  for (unsigned a = 0; a < 4; ++a) {
    for (unsigned b = a + 1; b < 4; ++b) {
      std::size_t same = 0;
      for (std::uint32_t y = 0; y < 128; ++y) {
        for (std::uint32_t x = 0; x < 128; ++x) {
          same += dot_at(out.row(y, a), x, 1) == dot_at(out.row(y, b), x, 1);
        }
      }
      EXPECT_LT(same, 128u * 128u * 9 / 10) << a << " vs " << b;
    }
  }
}

TEST(HalftoneStage, Avx2KernelsMatchScalarKernels) {
  if (!detail::cpu_has_avx2()) GTEST_SKIP() << "no AVX2";
  std::mt19937 rng(17);
  for (Colorant c : {Colorant::cyan, Colorant::yellow, Colorant::black}) {
    auto s1 = ThresholdScreen::make(default_screen_vector(c, 600), 1);
    auto s3 = ThresholdScreen::make(default_screen_vector(c, 600), 3);
    ASSERT_TRUE(s1.is_ok() && s3.is_ok());
    for (std::uint32_t width : {1u, 7u, 31u, 32u, 33u, 63u, 64u, 65u, 100u, 257u, 4960u}) {
      std::vector<std::uint8_t> in(width);
      for (std::uint32_t x = 0; x < width; ++x) {
        // Noise, flat runs and empty blocks.
        in[x] = (x / 32) % 3 == 2 ? 0 : (x / 16) % 2 ? static_cast<std::uint8_t>(rng()) : 128;
      }
      for (std::uint32_t y : {0u, 5u, 35u}) {
        std::vector<std::uint8_t> a((width + 7) / 8 + 8, 0);
        std::vector<std::uint8_t> b = a;
        detail::screen_1bit_scalar(in.data(), width, s1->row(y), s1->tile(), a.data());
        detail::screen_1bit_avx2(in.data(), width, s1->row(y), s1->tile(), b.data());
        ASSERT_EQ(a, b) << "1-bit width " << width;
        const std::uint8_t* const thr[3] = {s3->row(y, 0), s3->row(y, 1), s3->row(y, 2)};
        std::vector<std::uint8_t> c2((width + 3) / 4 + 8, 0);
        std::vector<std::uint8_t> d2 = c2;
        detail::screen_2bit_scalar(in.data(), width, thr, s3->tile(), c2.data());
        detail::screen_2bit_avx2(in.data(), width, thr, s3->tile(), d2.data());
        ASSERT_EQ(c2, d2) << "2-bit width " << width;
      }
    }
  }
}

// Error diffusion keeps the mean ink and gives the same result whether a page comes in one
// band or several (the error row is carried in the per-job state).
TEST(HalftoneStage, ErrorDiffusionKeepsMeanCoverageAcrossBands) {
  BufferPool pool;
  const std::uint32_t w = 400;
  const std::uint32_t h = 256;
  for (unsigned bits : {1u, 2u}) {
    auto stage = make_stage(bits, Screen::error_diffusion);
    ASSERT_TRUE(stage);
    for (unsigned v : {0u, 3u, 64u, 128u, 200u, 255u}) {
      auto fill = [v](unsigned p, auto x, auto y) {
        return std::uint8_t(p == 3 ? (x * 7 + y * 3) % 256 : v);
      };
      auto page = std::make_shared<pipeline::PageGeometry>();
      page->width = w;
      page->height = h;
      auto one_state = stage->make_state();
      ASSERT_TRUE(one_state);
      Band whole = run(*stage, make_band(pool, PixelFormat::cmyk8_planar, w, h, fill, 0, page),
                       pool, one_state.get());
      auto state = stage->make_state();
      for (std::uint32_t first = 0; first < h; first += 64) {
        Band part =
            run(*stage, make_band(pool, PixelFormat::cmyk8_planar, w, 64, fill, first, page), pool,
                state.get());
        for (unsigned p = 0; p < 4; ++p) {
          for (std::uint32_t r = 0; r < 64; ++r) {
            ASSERT_EQ(std::memcmp(part.row(r, p), whole.row(first + r, p), part.stride), 0)
                << "bits " << bits << " v " << v << " row " << first + r;
          }
        }
      }
      std::uint64_t dots = 0;
      for (std::uint32_t y = 0; y < h; ++y) {
        for (std::uint32_t x = 0; x < w; ++x) dots += dot_at(whole.row(y, 0), x, bits);
      }
      const double coverage = static_cast<double>(dots) / (double{w} * h * (bits == 1 ? 1 : 3));
      EXPECT_NEAR(coverage, v / 255.0, 0.005) << "bits " << bits << " v " << v;
      if (v == 0) {
        EXPECT_EQ(dots, 0u);
      }
    }
  }
}

TEST(HalftoneStage, ErrorDiffusionRestartsOnANewPage) {
  BufferPool pool;
  auto stage = make_stage(1, Screen::error_diffusion);
  ASSERT_TRUE(stage);
  auto fill = [](unsigned, auto x, auto y) { return std::uint8_t((x + y) % 200); };
  auto state = stage->make_state();
  Band first = run(*stage, make_band(pool, PixelFormat::k8, 100, 30, fill), pool, state.get());
  Band second = run(*stage, make_band(pool, PixelFormat::k8, 100, 30, fill), pool, state.get());
  EXPECT_EQ(std::memcmp(first.data.data(), second.data.data(), first.raw_bytes()), 0);
  EXPECT_FALSE(
      stage->process(make_band(pool, PixelFormat::k8, 100, 30, fill), nullptr, pool).is_ok());
}

TEST(HalftoneStage, RejectsBadInputAndOptions) {
  BufferPool pool;
  auto stage = make_stage(1);
  ASSERT_TRUE(stage);
  pipeline::Band rgb;
  auto rgb_page = std::make_shared<pipeline::PageGeometry>();
  rgb_page->width = 4;
  rgb.page = rgb_page;
  rgb.format = PixelFormat::rgb8;
  rgb.rows = 1;
  rgb.stride = 12;
  rgb.data = std::move(pool.acquire(12)).value();
  auto bad = stage->process(std::move(rgb), nullptr, pool);
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().code(), StatusCode::invalid_argument);
  EXPECT_NE(bad.status().message().find("rgb8"), std::string::npos);

  Band short_band = make_band(pool, PixelFormat::cmyk8_planar, 16, 2,
                              [](unsigned, auto, auto) { return std::uint8_t{1}; });
  short_band.rows = 50;
  EXPECT_FALSE(stage->process(std::move(short_band), nullptr, pool).is_ok());

  auto three_bits = make_halftone_stage(test_support::config(3));
  ASSERT_FALSE(three_bits.is_ok());
  EXPECT_EQ(three_bits.status().code(), StatusCode::invalid_argument);
  EXPECT_FALSE(make_halftone_stage(test_support::config(1, Screen::clustered_dot, 0)).is_ok());
}

TEST(HalftoneStage, Works300Dpi) {
  auto stage = make_halftone_stage(test_support::config(1, Screen::clustered_dot, 300));
  ASSERT_TRUE(stage.is_ok());
  BufferPool pool;
  auto out =
      stage.value()->process(make_band(pool, PixelFormat::k8, 64, 64,
                                       [](unsigned, auto, auto) { return std::uint8_t{128}; }),
                             nullptr, pool);
  ASSERT_TRUE(out.is_ok());
}

}  // namespace
}  // namespace mfp::stages::halftone
