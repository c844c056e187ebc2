#include "stages/color/color_stage.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include "tests/unit/stages/color/color_test_util.h"

namespace mfp::stages::color {
namespace {

using pipeline::Band;
using pipeline::BufferPool;
using pipeline::ColorMode;
using pipeline::ColorSpace;
using pipeline::PixelFormat;
using pipeline::RenderingIntent;
using pipeline::StatusCode;
using test_support::config;
using test_support::ink_at;
using test_support::make_band;

std::shared_ptr<const pipeline::Stage> make_stage(
    ColorMode mode = ColorMode::color, RenderingIntent intent = RenderingIntent::perceptual) {
  auto stage = make_color_stage(config(mode, intent));
  EXPECT_TRUE(stage.is_ok()) << stage.status().to_string();
  return stage.is_ok() ? stage.value() : nullptr;
}

Band run(const pipeline::Stage& stage, Band in, BufferPool& pool) {
  auto state = stage.make_state();
  auto out = stage.process(std::move(in), state.get(), pool);
  EXPECT_TRUE(out.is_ok()) << out.status().to_string();
  return out.is_ok() ? std::move(out).value() : Band{};
}

// Photo-like RGB: gradients plus deterministic noise.
std::vector<std::uint8_t> photo_rgb(std::uint32_t w, std::uint32_t h, std::uint32_t seed) {
  std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * h * 3);
  std::mt19937 rng(seed);
  for (std::uint32_t y = 0; y < h; ++y) {
    for (std::uint32_t x = 0; x < w; ++x) {
      for (std::uint32_t c = 0; c < 3; ++c) {
        const int v =
            static_cast<int>((x * (c + 1) * 255) / w + y * 3) + static_cast<int>(rng() % 48) - 24;
        px[(static_cast<std::size_t>(y) * w + x) * 3 + c] =
            static_cast<std::uint8_t>(std::clamp(v, 0, 255));
      }
    }
  }
  return px;
}

TEST(ColorStage, TraitsFollowTheColorMode) {
  auto color = make_stage();
  ASSERT_TRUE(color);
  EXPECT_EQ(color->traits().name, "color");
  EXPECT_EQ(color->traits().output, PixelFormat::cmyk8_planar);
  EXPECT_EQ(color->traits().concurrency, pipeline::Concurrency::parallel);
  for (auto f : {PixelFormat::gray8, PixelFormat::rgb8, PixelFormat::rgb16, PixelFormat::cmyk8}) {
    EXPECT_TRUE(color->traits().inputs.contains(f));
  }
  EXPECT_FALSE(color->traits().inputs.contains(PixelFormat::cmyk8_planar));
  auto mono = make_stage(ColorMode::monochrome);
  ASSERT_TRUE(mono);
  EXPECT_EQ(mono->traits().output, PixelFormat::k8);
}

TEST(ColorStage, FactoryRejectsMissingAndNonCmykProfiles) {
  pipeline::StageConfig c = config();
  c.engine_profile_path = "/nonexistent/engine.icc";
  auto missing = make_color_stage(c);
  ASSERT_FALSE(missing.is_ok());
  EXPECT_EQ(missing.status().code(), StatusCode::not_found);

  c.engine_profile_path = "/usr/share/color/icc/ghostscript/srgb.icc";
  if (std::filesystem::exists(c.engine_profile_path)) {
    auto rgb = make_color_stage(c);
    ASSERT_FALSE(rgb.is_ok());
    EXPECT_EQ(rgb.status().code(), StatusCode::invalid_argument);
    EXPECT_NE(rgb.status().message().find("CMYK"), std::string::npos);
  }
}

// Converts every patch as one pixel of a band and measures dE2000 against a Little CMS float
// transform of the same source and intent, both inks seen through the engine profile.
double max_patch_delta_e(ColorSpace space, RenderingIntent intent, PixelFormat format) {
  auto stage = make_stage(ColorMode::color, intent);
  test_support::Reference ref(space, intent);
  EXPECT_TRUE(ref.ok());
  if (!stage || !ref.ok()) return 1e9;
  BufferPool pool;
  const auto patches = test_support::rgb_patches();
  const auto w = static_cast<std::uint32_t>(patches.size());
  Band in = make_band(pool, format, space, w, 1);
  for (std::uint32_t x = 0; x < w; ++x) {
    for (int c = 0; c < 3; ++c) {
      if (format == PixelFormat::rgb8) {
        in.row(0)[3 * x + c] = patches[x][c];
      } else {
        const std::uint16_t v = patches[x][c] * 257;
        std::memcpy(in.row(0) + 6 * x + 2 * c, &v, 2);
      }
    }
  }
  Band out = run(*stage, std::move(in), pool);
  double worst = 0;
  for (std::uint32_t x = 0; x < w; ++x) {
    const double src[3] = {patches[x][0] / 255.0, patches[x][1] / 255.0, patches[x][2] / 255.0};
    worst = std::max(worst, ref.delta_e(src, ink_at(out, 0, x)));
  }
  return worst;
}

TEST(ColorStage, RgbPatchesMatchLittleCmsFloatWithinDeltaE1) {
  for (auto space : {ColorSpace::srgb, ColorSpace::adobe_rgb}) {
    for (auto intent : {RenderingIntent::perceptual, RenderingIntent::relative_colorimetric,
                        RenderingIntent::saturation}) {
      for (auto format : {PixelFormat::rgb8, PixelFormat::rgb16}) {
        const double worst = max_patch_delta_e(space, intent, format);
        std::printf("  %s intent %d %s: max dE2000 %.3f\n", std::string(to_string(space)).c_str(),
                    static_cast<int>(intent), std::string(to_string(format)).c_str(), worst);
        EXPECT_LE(worst, 1.0) << to_string(space) << " intent " << static_cast<int>(intent);
      }
    }
  }
}

TEST(ColorStage, GrayRampMatchesLittleCmsFloatWithinDeltaE1) {
  auto stage = make_stage();
  ASSERT_TRUE(stage);
  test_support::Reference ref(ColorSpace::gray, RenderingIntent::perceptual);
  ASSERT_TRUE(ref.ok());
  BufferPool pool;
  std::vector<std::uint8_t> ramp(256);
  for (int v = 0; v < 256; ++v) ramp[v] = static_cast<std::uint8_t>(v);
  Band out =
      run(*stage, make_band(pool, PixelFormat::gray8, ColorSpace::gray, 256, 1, ramp.data()), pool);
  double worst = 0;
  for (int v = 0; v < 256; ++v) {
    const double src = v / 255.0;
    worst = std::max(worst, ref.delta_e(&src, ink_at(out, 0, v)));
  }
  EXPECT_LE(worst, 1.0);
}

TEST(ColorStage, WhiteIsNoInkAndBlackIsHeavyInk) {
  auto stage = make_stage();
  ASSERT_TRUE(stage);
  BufferPool pool;
  const std::uint32_t w = 101;
  std::vector<std::uint8_t> rows(static_cast<std::size_t>(w) * 3 * 2, 0xFF);
  std::fill(rows.begin() + w * 3, rows.end(), 0);  // row 0 white, row 1 black
  Band out =
      run(*stage, make_band(pool, PixelFormat::rgb8, ColorSpace::srgb, w, 2, rows.data()), pool);
  for (std::uint32_t x = 0; x < w; ++x) {
    ASSERT_EQ(ink_at(out, 0, x), (std::array<std::uint8_t, 4>{})) << x;
    const auto black = ink_at(out, 1, x);
    ASSERT_GE(black[3], 200) << x;
    ASSERT_GE(black[0] + black[1] + black[2] + black[3], 600) << x;
  }
  std::vector<std::uint8_t> gray = {255, 255, 0};
  Band g =
      run(*stage, make_band(pool, PixelFormat::gray8, ColorSpace::gray, 3, 1, gray.data()), pool);
  EXPECT_EQ(ink_at(g, 0, 0), (std::array<std::uint8_t, 4>{}));
  EXPECT_GE(ink_at(g, 0, 2)[3], 200);
}

TEST(ColorStage, MonochromeWritesOnlyBlack) {
  auto stage = make_stage(ColorMode::monochrome);
  ASSERT_TRUE(stage);
  BufferPool pool;
  // A gray ramp in three encodings: it must give one k8 plane, 0 at white, 255 at black,
  // and never less toner for a darker input.
  std::vector<std::uint8_t> rgb(256 * 3);
  std::vector<std::uint8_t> gray(256);
  std::vector<std::uint8_t> cmyk(256 * 4, 0);
  for (int v = 0; v < 256; ++v) {
    rgb[3 * v] = rgb[3 * v + 1] = rgb[3 * v + 2] = static_cast<std::uint8_t>(255 - v);
    gray[v] = static_cast<std::uint8_t>(255 - v);
    cmyk[4 * v + 3] = static_cast<std::uint8_t>(v);
  }
  const std::pair<PixelFormat, const std::uint8_t*> inputs[] = {{PixelFormat::rgb8, rgb.data()},
                                                                {PixelFormat::gray8, gray.data()},
                                                                {PixelFormat::cmyk8, cmyk.data()}};
  for (const auto& [format, bytes] : inputs) {
    const ColorSpace space = format == PixelFormat::rgb8    ? ColorSpace::srgb
                             : format == PixelFormat::gray8 ? ColorSpace::gray
                                                            : ColorSpace::cmyk;
    Band out = run(*stage, make_band(pool, format, space, 256, 1, bytes), pool);
    ASSERT_EQ(out.format, PixelFormat::k8) << to_string(format);
    EXPECT_EQ(out.raw_bytes(), 256u);
    const std::uint8_t* k = out.row(0);
    EXPECT_EQ(k[0], 0) << to_string(format);
    EXPECT_EQ(k[255], 255) << to_string(format);
    for (int v = 1; v < 256; ++v) ASSERT_GE(k[v], k[v - 1]) << to_string(format) << " " << v;
  }
  // Saturated colors print as gray of their lightness: yellow light, blue dark.
  std::vector<std::uint8_t> colors = {255, 255, 0, 0, 0, 255};
  Band out =
      run(*stage, make_band(pool, PixelFormat::rgb8, ColorSpace::srgb, 2, 1, colors.data()), pool);
  EXPECT_LT(out.row(0)[0], 40);
  EXPECT_GT(out.row(0)[1], 150);
}

TEST(ColorStage, CmykPassesThroughExactly) {
  auto stage = make_stage();
  ASSERT_TRUE(stage);
  BufferPool pool;
  const std::uint32_t w = 1003;
  const std::uint32_t h = 5;
  std::vector<std::uint8_t> cmyk(static_cast<std::size_t>(w) * h * 4);
  std::mt19937 rng(3);
  for (auto& v : cmyk) v = static_cast<std::uint8_t>(rng());
  std::fill(cmyk.begin(), cmyk.begin() + w * 4, 0);  // an empty row
  Band out =
      run(*stage, make_band(pool, PixelFormat::cmyk8, ColorSpace::cmyk, w, h, cmyk.data()), pool);
  ASSERT_EQ(out.format, PixelFormat::cmyk8_planar);
  for (std::uint32_t r = 0; r < h; ++r) {
    for (std::uint32_t x = 0; x < w; ++x) {
      for (unsigned c = 0; c < 4; ++c) {
        ASSERT_EQ(out.row(r, c)[x], cmyk[(static_cast<std::size_t>(r) * w + x) * 4 + c]);
      }
    }
  }
}

TEST(ColorStage, BlackSamplesGoToTheBlackPlane) {
  BufferPool pool;
  std::vector<std::uint8_t> ink = {0, 1, 128, 255, 7};
  for (auto mode : {ColorMode::color, ColorMode::monochrome}) {
    auto stage = make_stage(mode);
    ASSERT_TRUE(stage);
    Band out =
        run(*stage, make_band(pool, PixelFormat::gray8, ColorSpace::black, 5, 1, ink.data()), pool);
    const unsigned k_plane = mode == ColorMode::color ? 3 : 0;
    for (std::uint32_t x = 0; x < 5; ++x) {
      EXPECT_EQ(out.row(0, k_plane)[x], ink[x]);
      if (mode == ColorMode::color) {
        EXPECT_EQ(out.row(0, 0)[x] | out.row(0, 1)[x] | out.row(0, 2)[x], 0);
      }
    }
  }
}

TEST(ColorStage, Rgb16MatchesRgb8WithinOneLevel) {
  auto stage = make_stage();
  ASSERT_TRUE(stage);
  BufferPool pool;
  const std::uint32_t w = 777;
  const auto rgb = photo_rgb(w, 3, 11);
  std::vector<std::uint16_t> rgb16(rgb.size());
  for (std::size_t i = 0; i < rgb.size(); ++i) rgb16[i] = static_cast<std::uint16_t>(rgb[i] * 257);
  Band a =
      run(*stage, make_band(pool, PixelFormat::rgb8, ColorSpace::srgb, w, 3, rgb.data()), pool);
  Band b =
      run(*stage, make_band(pool, PixelFormat::rgb16, ColorSpace::srgb, w, 3, rgb16.data()), pool);
  for (std::uint32_t r = 0; r < 3; ++r) {
    for (unsigned c = 0; c < 4; ++c) {
      for (std::uint32_t x = 0; x < w; ++x) {
        ASSERT_LE(std::abs(a.row(r, c)[x] - b.row(r, c)[x]), 1) << r << " " << c << " " << x;
      }
    }
  }
}

TEST(ColorStage, RejectsBandsItCannotConvert) {
  auto stage = make_stage();
  ASSERT_TRUE(stage);
  BufferPool pool;
  auto planar = stage->process(make_band(pool, PixelFormat::cmyk8_planar, ColorSpace::cmyk, 8, 2),
                               nullptr, pool);
  ASSERT_FALSE(planar.is_ok());
  EXPECT_EQ(planar.status().code(), StatusCode::invalid_argument);
  EXPECT_NE(planar.status().message().find("cmyk8_planar"), std::string::npos);
  EXPECT_NE(planar.status().message().find("color"), std::string::npos);

  Band short_band = make_band(pool, PixelFormat::rgb8, ColorSpace::srgb, 8, 2);
  short_band.rows = 100;  // claims more rows than its buffer holds
  auto truncated = stage->process(std::move(short_band), nullptr, pool);
  ASSERT_FALSE(truncated.is_ok());
  EXPECT_EQ(truncated.status().code(), StatusCode::invalid_argument);

  Band compressed = make_band(pool, PixelFormat::rgb8, ColorSpace::srgb, 8, 2);
  compressed.encoding = pipeline::BandEncoding::compressed;
  EXPECT_FALSE(stage->process(std::move(compressed), nullptr, pool).is_ok());

  Band no_page = make_band(pool, PixelFormat::rgb8, ColorSpace::srgb, 8, 2);
  no_page.page.reset();
  EXPECT_FALSE(stage->process(std::move(no_page), nullptr, pool).is_ok());
}

TEST(ColorStage, OutputBandKeepsPageIndexAndRows) {
  auto stage = make_stage();
  ASSERT_TRUE(stage);
  BufferPool pool;
  Band in = make_band(pool, PixelFormat::rgb8, ColorSpace::srgb, 50, 4, nullptr, 128);
  in.index = 2;
  in.last_in_page = true;
  auto page = in.page;
  Band out = run(*stage, std::move(in), pool);
  EXPECT_EQ(out.page, page);
  EXPECT_EQ(out.index, 2u);
  EXPECT_EQ(out.first_row, 128u);
  EXPECT_EQ(out.rows, 4u);
  EXPECT_TRUE(out.last_in_page);
  EXPECT_EQ(out.stride, 50u);
}

// Several threads share one stage (and race to build its conversions lazily); every band must
// come out as it does on one thread.
// Rows equal to the row before (scaled-up images) take that row's ink: the same planes as
// converting each row alone, in color, monochrome and through process_rows.
TEST(ColorStage, RepeatedRowsGiveTheInkOfEachRowAlone) {
  BufferPool pool;
  const std::uint32_t w = 301;
  const auto a = photo_rgb(w, 1, 7);
  const auto b = photo_rgb(w, 1, 8);
  const std::vector<const std::vector<std::uint8_t>*> order = {&a, &a, &a, &b, &b, &a};
  std::vector<std::uint8_t> rows;
  for (const auto* r : order) rows.insert(rows.end(), r->begin(), r->end());
  for (ColorMode mode : {ColorMode::color, ColorMode::monochrome}) {
    SCOPED_TRACE(static_cast<int>(mode));
    auto stage = make_stage(mode);
    ASSERT_NE(stage, nullptr);
    Band whole = run(*stage,
                     make_band(pool, PixelFormat::rgb8, ColorSpace::srgb, w,
                               static_cast<std::uint32_t>(order.size()), rows.data()),
                     pool);
    const unsigned planes = pipeline::planes_of(whole.format);
    for (std::uint32_t r = 0; r < order.size(); ++r) {
      Band alone =
          run(*stage, make_band(pool, PixelFormat::rgb8, ColorSpace::srgb, w, 1, order[r]->data()),
              pool);
      for (unsigned p = 0; p < planes; ++p) {
        EXPECT_EQ(std::memcmp(whole.row(r, p), alone.row(0, p), w), 0)
            << "row " << r << " plane " << p;
      }
    }
    // The same rows through process_rows into a band of the stage's output (fused use).
    Band in = make_band(pool, PixelFormat::rgb8, ColorSpace::srgb, w,
                        static_cast<std::uint32_t>(order.size()), rows.data());
    auto out = pipeline::make_band_like(in, *stage->traits().output, pool);
    ASSERT_TRUE(out.is_ok());
    auto state = stage->make_state();
    ASSERT_TRUE(stage->process_rows(in, 1, 4, out.value(), 0, state.get()).is_ok());
    for (std::uint32_t r = 0; r < 4; ++r) {
      for (unsigned p = 0; p < planes; ++p) {
        EXPECT_EQ(std::memcmp(out.value().row(r, p), whole.row(r + 1, p), w), 0)
            << "process_rows row " << r << " plane " << p;
      }
    }
  }
}

TEST(ColorStage, ConcurrentBandsGiveTheSameResults) {
  const std::uint32_t w = 613;
  const std::uint32_t h = 16;
  struct Job {
    PixelFormat format;
    ColorSpace space;
    std::vector<std::uint8_t> bytes;
  };
  std::vector<Job> jobs;
  for (std::uint32_t i = 0; i < 12; ++i) {
    const auto rgb = photo_rgb(w, h, i);
    switch (i % 3) {
      case 0:
        jobs.push_back({PixelFormat::rgb8, ColorSpace::srgb, rgb});
        break;
      case 1:
        jobs.push_back({PixelFormat::rgb8, ColorSpace::adobe_rgb, rgb});
        break;
      default: {
        std::vector<std::uint8_t> gray(rgb.begin(), rgb.begin() + w * h);
        jobs.push_back({PixelFormat::gray8, ColorSpace::gray, gray});
      }
    }
  }
  for (auto mode : {ColorMode::color, ColorMode::monochrome}) {
    BufferPool pool;
    std::vector<std::vector<std::uint8_t>> expected;
    {
      auto serial = make_stage(mode);
      ASSERT_TRUE(serial);
      for (const auto& j : jobs) {
        Band out = run(*serial, make_band(pool, j.format, j.space, w, h, j.bytes.data()), pool);
        expected.emplace_back(out.data.data(), out.data.data() + out.raw_bytes());
      }
    }
    auto shared = make_stage(mode);
    ASSERT_TRUE(shared);
    std::vector<std::vector<std::uint8_t>> got(jobs.size() * 4);
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        auto state = shared->make_state();
        for (std::size_t k = 0; k < jobs.size(); ++k) {
          const std::size_t i = (k + t * 5) % jobs.size();
          const auto& j = jobs[i];
          auto out = shared->process(make_band(pool, j.format, j.space, w, h, j.bytes.data()),
                                     state.get(), pool);
          if (!out.is_ok()) continue;
          got[t * jobs.size() + i].assign(out->data.data(), out->data.data() + out->raw_bytes());
        }
      });
    }
    for (auto& th : threads) th.join();
    for (unsigned t = 0; t < 4; ++t) {
      for (std::size_t i = 0; i < jobs.size(); ++i) {
        EXPECT_EQ(got[t * jobs.size() + i], expected[i]) << "thread " << t << " band " << i;
      }
    }
  }
}

}  // namespace
}  // namespace mfp::stages::color
