#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "codecs/byte_io.h"
#include "codecs/detail/raster_rle.h"
#include "codecs/urf_reader.h"

namespace mfp::codecs {
namespace {

using pipeline::StatusCode;

void put_be32(std::vector<std::uint8_t>& v, std::uint32_t x) {
  for (int i = 3; i >= 0; --i) v.push_back(static_cast<std::uint8_t>(x >> (8 * i)));
}

std::vector<std::uint8_t> file_header(std::uint32_t pages) {
  std::vector<std::uint8_t> v = {'U', 'N', 'I', 'R', 'A', 'S', 'T', 0};
  put_be32(v, pages);
  return v;
}

void page_header(std::vector<std::uint8_t>& v, std::uint8_t bpp, std::uint8_t cs, std::uint32_t w,
                 std::uint32_t h, std::uint32_t dpi, std::uint8_t duplex = 1) {
  v.insert(v.end(), {bpp, cs, duplex, 4, 0, 0, 0, 0, 0, 0, 0, 0});
  put_be32(v, w);
  put_be32(v, h);
  put_be32(v, dpi);
  v.insert(v.end(), 8, 0);
}

TEST(UrfReader, HandBuiltStreamDecodes) {
  auto s = file_header(1);
  page_header(s, 24, 1, 3, 3, 300, 3);
  // Rows 0-1: (10,20,30) once, then 2 literal pixels. Row 2: fill with white.
  s.insert(s.end(), {0x01, 0x00, 10, 20, 30, 0xFF, 1, 2, 3, 4, 5, 6, 0x00, 0x80});
  MemorySource src(s);
  auto r = UrfReader::open(src);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->declared_pages(), 1u);
  auto more = r->next_page();
  ASSERT_TRUE(more.is_ok()) << more.status().to_string();
  ASSERT_TRUE(more.value());
  const RasterPageInfo& info = r->page();
  EXPECT_EQ(info.width, 3u);
  EXPECT_EQ(info.height, 3u);
  EXPECT_EQ(info.x_dpi, 300u);
  EXPECT_EQ(info.y_dpi, 300u);
  EXPECT_EQ(info.color_space, RasterColorSpace::srgb);
  EXPECT_EQ(info.bytes_per_line, 9u);
  EXPECT_TRUE(info.duplex);
  EXPECT_FALSE(info.tumble);
  EXPECT_EQ(r->header().quality, 4);
  std::vector<std::uint8_t> px(27);
  ASSERT_TRUE(r->read_rows(px.data(), 9, 3).is_ok());
  EXPECT_EQ(
      px, (std::vector<std::uint8_t>{10, 20, 30, 1, 2,   3,   4,   5,   6,   10,  20,  30,  1,  2,
                                     3,  4,  5,  6, 255, 255, 255, 255, 255, 255, 255, 255, 255}));
  EXPECT_FALSE(r->next_page().value());
}

TEST(UrfReader, CmykFillsWithNoInk) {
  auto s = file_header(1);
  page_header(s, 32, 6, 2, 1, 600);
  s.insert(s.end(), {0x00, 0x00, 9, 8, 7, 6, 0x80});
  MemorySource src(s);
  auto r = UrfReader::open(src);
  ASSERT_TRUE(r->next_page().value());
  EXPECT_EQ(r->page().color_space, RasterColorSpace::cmyk);
  std::vector<std::uint8_t> px(8);
  ASSERT_TRUE(r->read_rows(px.data(), 8, 1).is_ok());
  EXPECT_EQ(px, (std::vector<std::uint8_t>{9, 8, 7, 6, 0, 0, 0, 0}));
}

struct PageSpec {
  std::uint8_t bpp;
  std::uint8_t cs;
  RasterColorSpace space;
};

TEST(UrfReader, MultiPageRoundTripThroughTheEncoder) {
  const std::vector<PageSpec> specs = {
      {8, 0, RasterColorSpace::gray},       {16, 4, RasterColorSpace::gray},
      {24, 1, RasterColorSpace::srgb},      {48, 5, RasterColorSpace::srgb},
      {24, 3, RasterColorSpace::adobe_rgb}, {32, 6, RasterColorSpace::cmyk},
      {64, 6, RasterColorSpace::cmyk}};
  auto s = file_header(static_cast<std::uint32_t>(specs.size()));
  std::vector<std::vector<std::uint8_t>> pages;
  std::mt19937 rng(5);
  for (const auto& spec : specs) {
    const std::uint32_t w = 45, h = 20, bpl = w * spec.bpp / 8;
    page_header(s, spec.bpp, spec.cs, w, h, 300);
    std::vector<std::uint8_t> px(std::size_t{bpl} * h);
    for (std::uint32_t y = 0; y < h; ++y) {
      for (std::uint32_t x = 0; x < bpl; ++x) {
        px[y * bpl + x] = (y / 3) % 2 ? static_cast<std::uint8_t>(rng() % 3)
                                      : static_cast<std::uint8_t>(x < bpl / 2 ? y : 0xFF);
      }
    }
    const std::uint8_t fill = spec.space == RasterColorSpace::cmyk ? 0 : 0xFF;
    for (std::uint32_t y = 0; y < h;) {
      std::uint32_t n = 1;
      while (y + n < h && std::equal(&px[y * bpl], &px[y * bpl] + bpl, &px[(y + n) * bpl])) ++n;
      s.push_back(static_cast<std::uint8_t>(n - 1));
      detail::rle_encode_line(&px[y * bpl], bpl, spec.bpp / 8, fill, s);
      y += n;
    }
    pages.push_back(px);
  }
  MemorySource src(s);
  auto r = UrfReader::open(src);
  ASSERT_TRUE(r.is_ok());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    auto more = r->next_page();
    ASSERT_TRUE(more.is_ok()) << more.status().to_string();
    ASSERT_TRUE(more.value());
    EXPECT_EQ(r->page().color_space, specs[i].space);
    EXPECT_EQ(r->page().bits_per_pixel, specs[i].bpp);
    std::vector<std::uint8_t> got(pages[i].size());
    ASSERT_TRUE(r->read_rows(got.data(), r->page().bytes_per_line, 20).is_ok());
    EXPECT_EQ(got, pages[i]) << "page " << i;
  }
  EXPECT_FALSE(r->next_page().value());
}

struct BadCase {
  const char* name;
  std::uint8_t bpp, cs;
  std::uint32_t w, h, dpi;
  std::vector<std::uint8_t> body;
  StatusCode expect;
  bool at_header;
};

class UrfBadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(UrfBadInput, GivesExpectedStatus) {
  const auto& c = GetParam();
  auto s = file_header(1);
  page_header(s, c.bpp, c.cs, c.w, c.h, c.dpi);
  s.insert(s.end(), c.body.begin(), c.body.end());
  MemorySource src(s);
  auto r = UrfReader::open(src);
  ASSERT_TRUE(r.is_ok());
  auto more = r->next_page();
  if (c.at_header) {
    EXPECT_EQ(more.status().code(), c.expect) << more.status().to_string();
    return;
  }
  ASSERT_TRUE(more.is_ok()) << more.status().to_string();
  std::vector<std::uint8_t> px(std::size_t{c.w} * c.bpp / 8 * c.h);
  EXPECT_EQ(r->read_rows(px.data(), std::size_t{c.w} * c.bpp / 8, c.h).code(), c.expect);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, UrfBadInput,
    ::testing::Values(
        BadCase{"width0", 8, 0, 0, 4, 300, {}, StatusCode::malformed_data, true},
        BadCase{"width_huge", 8, 0, 1000000000, 4, 300, {}, StatusCode::limit_exceeded, true},
        BadCase{"bpp_mismatch", 24, 0, 4, 4, 300, {}, StatusCode::unsupported, true},
        BadCase{"cielab", 24, 2, 4, 4, 300, {}, StatusCode::unsupported, true},
        BadCase{"dpi0", 8, 0, 4, 4, 0, {}, StatusCode::malformed_data, true},
        BadCase{"ends_mid_row", 8, 0, 4, 1, 300, {0x00, 0xFE, 1}, StatusCode::truncated, false},
        BadCase{
            "run_overflow", 8, 0, 4, 1, 300, {0x00, 0x05, 1}, StatusCode::malformed_data, false},
        BadCase{
            "repeat_past_end", 8, 0, 4, 1, 300, {0x01, 0x80}, StatusCode::malformed_data, false}),
    [](const ::testing::TestParamInfo<BadCase>& i) { return std::string(i.param.name); });

TEST(UrfReader, BadFileHeaders) {
  std::vector<std::uint8_t> s = {'U', 'N', 'I', 'R', 'A', 'S', 'T', 0, 0};
  MemorySource src(s);
  EXPECT_EQ(UrfReader::open(src).status().code(), StatusCode::truncated);
  std::vector<std::uint8_t> t = {'R', 'a', 'S', '2', 0, 0, 0, 0, 0, 0, 0, 1};
  MemorySource src2(t);
  EXPECT_EQ(UrfReader::open(src2).status().code(), StatusCode::malformed_data);
  auto u = file_header(1);
  u.resize(u.size() + 10);
  MemorySource src3(u);
  auto r = UrfReader::open(src3);
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->next_page().status().code(), StatusCode::truncated);
}

}  // namespace
}  // namespace mfp::codecs
