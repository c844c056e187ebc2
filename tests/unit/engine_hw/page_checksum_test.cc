#include "engine_hw/sim/page_checksum.h"

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <cstdio>
#include <string>

#include "tests/unit/engine_hw/engine_test_pages.h"

namespace mfp::engine_hw::sim {
namespace {

using pipeline::PixelFormat;
using test_pages::Enc;
using test_pages::make_page;
using test_pages::make_raster;
using test_pages::PageCut;
using test_pages::Raster;

// SHA-256 of the tightly packed planar raster, computed independently of the engine.
std::string reference_sha(const Raster& r) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(r.bytes.data(), r.bytes.size(), md);
  std::string hex;
  char buf[3];
  for (unsigned char b : md) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    hex += buf;
  }
  return hex;
}

class ChecksumTest : public ::testing::TestWithParam<PixelFormat> {};

TEST_P(ChecksumTest, SameWhateverTheBandingAndCompression) {
  // 1001 pixels: rows end in a partial byte for every format.
  Raster r = make_raster(GetParam(), 1001, 333, 600);
  r.fill_noise(5);
  const std::string expected = reference_sha(r);
  pipeline::BufferPool pool;
  const PageCut cuts[] = {
      {.band_rows = 0},
      {.band_rows = 1},
      {.band_rows = 7},
      {.band_rows = 64},
      {.band_rows = 64, .encoding = Enc::raw, .stride_padding = 13},
      {.band_rows = 0, .encoding = Enc::zstd},
      {.band_rows = 50, .encoding = Enc::zstd},
      {.band_rows = 50, .encoding = Enc::packbits, .stride_padding = 3},
      {.band_rows = 333, .encoding = Enc::packbits},
  };
  for (const PageCut& cut : cuts) {
    pipeline::EnginePage page = make_page(r, pool, cut);
    auto sum = page_checksum(page);
    ASSERT_TRUE(sum.is_ok()) << sum.status().to_string();
    EXPECT_EQ(*sum, expected) << "band_rows " << cut.band_rows << " encoding "
                              << static_cast<int>(cut.encoding) << " padding "
                              << cut.stride_padding;
  }
}

TEST_P(ChecksumTest, MixedRawAndCompressedBands) {
  Raster r = make_raster(GetParam(), 640, 200, 600);
  r.fill_noise(9);
  pipeline::BufferPool pool;
  pipeline::EnginePage raw = make_page(r, pool, {.band_rows = 40});
  pipeline::EnginePage zst = make_page(r, pool, {.band_rows = 40, .encoding = Enc::zstd});
  for (std::size_t i = 1; i < raw.bands.size(); i += 2) std::swap(raw.bands[i], zst.bands[i]);
  EXPECT_EQ(page_checksum(raw).value(), reference_sha(r));
  EXPECT_EQ(page_checksum(zst).value(), reference_sha(r));
}

INSTANTIATE_TEST_SUITE_P(Formats, ChecksumTest,
                         ::testing::Values(PixelFormat::cmyk1_planar, PixelFormat::cmyk2_planar,
                                           PixelFormat::k1, PixelFormat::k2),
                         [](const auto& info) { return std::string(to_string(info.param)); });

TEST(PageChecksum, DiffersWhenOneDotDiffers) {
  Raster r = make_raster(PixelFormat::cmyk1_planar, 800, 100, 600);
  pipeline::BufferPool pool;
  pipeline::EnginePage a = make_page(r, pool);
  r.row(2, 99)[99] = 0x80;
  pipeline::EnginePage b = make_page(r, pool);
  EXPECT_NE(page_checksum(a).value(), page_checksum(b).value());
}

TEST(PageChecksum, FailsOnAMalformedPage) {
  Raster r = make_raster(PixelFormat::k1, 800, 100, 600);
  pipeline::BufferPool pool;
  pipeline::EnginePage p = make_page(r, pool, {.band_rows = 30});
  p.bands[1].rows = 31;
  EXPECT_FALSE(page_checksum(p).is_ok());
}

}  // namespace
}  // namespace mfp::engine_hw::sim
