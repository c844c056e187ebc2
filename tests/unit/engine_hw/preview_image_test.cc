#include "engine_hw/sim/preview_image.h"

#include <gtest/gtest.h>
#include <png.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "engine_hw/sim/manual_clock.h"
#include "engine_hw/sim/simulated_engine.h"
#include "tests/unit/engine_hw/engine_test_pages.h"

namespace mfp::engine_hw::sim {
namespace {

using pipeline::PixelFormat;
using test_pages::make_page;
using test_pages::make_raster;
using test_pages::Raster;

// A PNG read back with libpng's simplified API as 8-bit RGB.
struct Decoded {
  bool ok = false;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::vector<std::uint8_t> rgb;

  double mean() const {
    double sum = 0;
    for (std::uint8_t v : rgb) sum += v;
    return rgb.empty() ? 0 : sum / static_cast<double>(rgb.size());
  }
};

Decoded finish_read(png_image& img) {
  Decoded d;
  img.format = PNG_FORMAT_RGB;
  d.rgb.resize(PNG_IMAGE_SIZE(img));
  if (!png_image_finish_read(&img, nullptr, d.rgb.data(), 0, nullptr)) return d;
  d.ok = true;
  d.width = img.width;
  d.height = img.height;
  return d;
}

Decoded read_png(const std::vector<std::uint8_t>& bytes) {
  png_image img{};
  img.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&img, bytes.data(), bytes.size())) return {};
  return finish_read(img);
}

Decoded read_png_file(const std::filesystem::path& path) {
  png_image img{};
  img.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&img, path.c_str())) return {};
  return finish_read(img);
}

struct PreviewFixture {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  pipeline::BufferPool pool;
  std::unique_ptr<SimulatedEngine> engine;

  explicit PreviewFixture(std::filesystem::path dir = {}) {
    SimulatedEngineOptions o;
    o.pacing = Pacing::unthrottled;
    o.output.capture_previews = true;
    o.output.preview_dir = std::move(dir);
    engine = std::move(SimulatedEngine::create(o, clock)).value();
  }

  std::shared_ptr<const PreviewImage> print(Raster& r) {
    EXPECT_TRUE(engine->accept(make_page(r, pool, {.band_rows = 128})).is_ok());
    auto rec = engine->output_tray().last();
    EXPECT_TRUE(rec);
    return rec ? rec->preview : nullptr;
  }
};

TEST(PreviewImage, ScaleAimsAt75Dpi) {
  EXPECT_EQ(PreviewImage::scale_for(600), 8u);
  EXPECT_EQ(PreviewImage::scale_for(300), 4u);
  EXPECT_EQ(PreviewImage::scale_for(1200), 16u);
  EXPECT_EQ(PreviewImage::scale_for(75), 1u);
  EXPECT_EQ(PreviewImage::scale_for(10), 1u);
  EXPECT_EQ(PreviewImage::scale_for(0), 1u);
}

TEST(PreviewImage, FullBlackA4IsDarkAndTheRightSize) {
  PreviewFixture f;
  Raster r = make_raster(PixelFormat::cmyk1_planar, 4960, 7016, 600);  // A4 at 600 dpi
  r.fill_plane(3, 0xFF);
  auto preview = f.print(r);
  ASSERT_TRUE(preview);
  EXPECT_EQ(preview->width(), 620u);
  EXPECT_EQ(preview->height(), 877u);

  auto png = preview->to_png();
  ASSERT_TRUE(png.is_ok()) << png.status().to_string();
  Decoded d = read_png(*png);
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.width, 620u);
  EXPECT_EQ(d.height, 877u);
  EXPECT_LT(d.mean(), 1.0);
}

TEST(PreviewImage, EmptyPageIsWhite) {
  PreviewFixture f;
  Raster r = make_raster(PixelFormat::k1, 4960, 7016, 600);
  auto preview = f.print(r);
  ASSERT_TRUE(preview);
  Decoded d = read_png(preview->to_png().value());
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.width, 620u);
  EXPECT_EQ(d.mean(), 255.0);
}

TEST(PreviewImage, CoverageBecomesNaiveRgb) {
  PreviewFixture f;
  Raster r = make_raster(PixelFormat::cmyk1_planar, 1001, 640, 300);  // partial cells at edges
  // Left half cyan, right half black at 50% (every other dot).
  for (std::uint32_t y = 0; y < r.height; ++y) {
    for (std::size_t i = 0; i < r.row_bytes / 2; ++i) r.row(0, y)[i] = 0xFF;
    for (std::size_t i = r.row_bytes / 2 + 1; i < r.row_bytes; ++i) r.row(3, y)[i] = 0xAA;
  }
  auto preview = f.print(r);
  ASSERT_TRUE(preview);
  EXPECT_EQ(preview->width(), 251u);  // ceil(1001 / 4)
  EXPECT_EQ(preview->height(), 160u);
  const auto cyan = preview->pixel(10, 80);
  EXPECT_EQ(cyan[0], 0);
  EXPECT_EQ(cyan[1], 255);
  EXPECT_EQ(cyan[2], 255);
  const auto gray = preview->pixel(200, 80);
  EXPECT_NEAR(gray[0], 128, 1);
  EXPECT_EQ(gray[0], gray[1]);
  EXPECT_EQ(gray[1], gray[2]);
  const auto edge = preview->pixel(250, 159);  // last cell: 1 pixel wide
  EXPECT_EQ(edge[0], edge[2]);
}

TEST(PreviewImage, TwoBitLevels) {
  PreviewFixture f;
  Raster r = make_raster(PixelFormat::k2, 600, 600, 600);
  r.fill_plane(0, 0x55);  // level 1 of 3 everywhere
  auto preview = f.print(r);
  ASSERT_TRUE(preview);
  EXPECT_EQ(preview->width(), 75u);
  EXPECT_EQ(preview->pixel(30, 30)[0], 170);
}

TEST(PreviewImage, StreamsToADirectory) {
  char tmpl[] = "/tmp/engine-preview-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::filesystem::path dir = tmpl;
  {
    PreviewFixture f(dir);
    Raster r = make_raster(PixelFormat::cmyk1_planar, 620, 877, 75);
    r.fill_plane(1, 0xFF);  // magenta
    f.print(r);
    f.print(r);
    auto rec = f.engine->output_tray().last();
    ASSERT_TRUE(rec);
    EXPECT_FALSE(rec->preview);  // not kept in memory
    EXPECT_TRUE(rec->preview_status.is_ok()) << rec->preview_status.to_string();
    EXPECT_EQ(rec->preview_path, dir / "page-000002.png");
    Decoded d = read_png_file(rec->preview_path);
    ASSERT_TRUE(d.ok);
    EXPECT_EQ(d.width, 620u);
    EXPECT_EQ(d.height, 877u);
    EXPECT_EQ(d.rgb[0], 255);  // magenta: R = 1 - C, G = 1 - M, B = 1 - Y
    EXPECT_EQ(d.rgb[1], 0);
    EXPECT_EQ(d.rgb[2], 255);
  }
  std::filesystem::remove_all(dir);
}

TEST(PreviewImage, WriteFailureIsRecordedButThePagePrints) {
  PreviewFixture f("/nonexistent-dir-for-engine-test");
  Raster r = make_raster(PixelFormat::k1, 620, 877, 75);
  f.print(r);
  auto rec = f.engine->output_tray().last();
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->preview_status.code(), pipeline::StatusCode::io_error);
  EXPECT_TRUE(rec->preview_path.empty());
  EXPECT_EQ(f.engine->counters().sheets, 1u);
}

TEST(PreviewImage, WritePngAndCreate) {
  auto img = PreviewImage::create(3, 2);
  ASSERT_TRUE(img.is_ok());
  img->pixels()[0] = 0;
  char tmpl[] = "/tmp/engine-preview-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::filesystem::path path = std::filesystem::path(tmpl) / "p.png";
  ASSERT_TRUE(img->write_png(path).is_ok());
  Decoded d = read_png_file(path);
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.width, 3u);
  EXPECT_EQ(d.height, 2u);
  EXPECT_EQ(d.rgb[0], 0);
  EXPECT_EQ(d.rgb[1], 255);
  std::filesystem::remove_all(tmpl);
  EXPECT_FALSE(PreviewImage::create(0, 5).is_ok());
  EXPECT_EQ(img->write_png("/nonexistent-dir-for-engine-test/x.png").code(),
            pipeline::StatusCode::io_error);
}

}  // namespace
}  // namespace mfp::engine_hw::sim
