#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "codecs/byte_io.h"
#include "codecs/pwg_page_header.h"
#include "codecs/pwg_raster_reader.h"
#include "codecs/pwg_raster_writer.h"

namespace mfp::codecs {
namespace {

using pipeline::StatusCode;

// A page of test content: runs, noise, repeated rows and a white tail.
std::vector<std::uint8_t> make_page(const RasterPageInfo& info, std::uint32_t seed) {
  std::vector<std::uint8_t> px(std::size_t{info.bytes_per_line} * info.height);
  std::mt19937 rng(seed);
  for (std::uint32_t y = 0; y < info.height; ++y) {
    std::uint8_t* row = px.data() + std::size_t{y} * info.bytes_per_line;
    if (y % 5 == 3) {  // repeat the previous row
      std::memcpy(row, row - info.bytes_per_line, info.bytes_per_line);
      continue;
    }
    for (std::uint32_t x = 0; x < info.bytes_per_line; ++x) {
      const std::uint32_t band = (x * 8 / info.bytes_per_line);
      if (band < 2)
        row[x] = static_cast<std::uint8_t>(y * 7);  // runs
      else if (band < 5)
        row[x] = static_cast<std::uint8_t>(rng());  // noise
      else if (band < 6)
        row[x] = static_cast<std::uint8_t>(x / 3);  // short runs
      else
        row[x] = (info.color_space == RasterColorSpace::black ||
                  info.color_space == RasterColorSpace::cmyk)
                     ? 0
                     : 0xFF;  // white tail
    }
  }
  return px;
}

struct TypeCase {
  PwgRasterType type;
  std::uint32_t width;
  std::uint32_t expect_bpl;
  RasterColorSpace space;
};

class PwgRoundTrip : public ::testing::TestWithParam<TypeCase> {};

TEST_P(PwgRoundTrip, WriteThenReadGivesIdenticalPixels) {
  const TypeCase tc = GetParam();
  std::vector<std::uint8_t> stream;
  VectorSink sink(stream);
  PwgRasterWriter writer(sink);
  std::vector<std::vector<std::uint8_t>> pages;
  std::vector<PwgPageHeader> headers;
  for (std::uint32_t p = 0; p < 3; ++p) {
    PwgPageHeader h = PwgPageHeader::for_type(tc.type, tc.width + p, 37 + p, 300, 600);
    h.total_page_count = 3;
    h.duplex = true;
    h.media_type = "stationery";
    h.page_size_name = "iso_a4_210x297mm";
    h.print_quality = 5;
    h.feed_transform = -1;
    auto info = h.validate({});
    ASSERT_TRUE(info.is_ok()) << info.status().to_string();
    ASSERT_EQ(info->bytes_per_line, p == 0 ? tc.expect_bpl : info->bytes_per_line);
    pages.push_back(make_page(info.value(), p + 1));
    headers.push_back(h);
    ASSERT_TRUE(writer.begin_page(h).is_ok());
    // Write in two chunks with a padded stride.
    const std::size_t stride = info->bytes_per_line + 5;
    std::vector<std::uint8_t> padded(stride * h.height, 0xAB);
    for (std::uint32_t y = 0; y < h.height; ++y) {
      std::memcpy(&padded[y * stride], &pages.back()[std::size_t{y} * info->bytes_per_line],
                  info->bytes_per_line);
    }
    ASSERT_TRUE(writer.write_rows(padded.data(), stride, 10).is_ok());
    ASSERT_TRUE(writer.write_rows(padded.data() + 10 * stride, stride, h.height - 10).is_ok());
  }
  ASSERT_TRUE(writer.finish().is_ok());
  std::size_t raw_total = 0;
  for (const auto& p : pages) raw_total += p.size();
  EXPECT_LT(stream.size(), raw_total + 3 * 1796 + 4);

  MemorySource src(stream);
  auto reader = PwgRasterReader::open(src);
  ASSERT_TRUE(reader.is_ok()) << reader.status().to_string();
  for (std::size_t p = 0; p < pages.size(); ++p) {
    auto more = reader->next_page();
    ASSERT_TRUE(more.is_ok()) << more.status().to_string();
    ASSERT_TRUE(more.value());
    const RasterPageInfo& info = reader->page();
    EXPECT_EQ(info.page_number, p + 1);
    EXPECT_EQ(info.color_space, tc.space);
    EXPECT_EQ(info.x_dpi, 300u);
    EXPECT_EQ(info.y_dpi, 600u);
    EXPECT_TRUE(info.duplex);
    EXPECT_EQ(reader->header().media_type, "stationery");
    EXPECT_EQ(reader->header().page_size_name, "iso_a4_210x297mm");
    EXPECT_EQ(reader->header().feed_transform, -1);
    EXPECT_EQ(reader->header().total_page_count, 3u);
    EXPECT_EQ(reader->header().print_quality, 5u);
    std::vector<std::uint8_t> got(pages[p].size());
    // Read in uneven chunks.
    std::uint32_t y = 0;
    for (std::uint32_t chunk : {1u, 6u, 13u}) {
      ASSERT_TRUE(reader
                      ->read_rows(got.data() + std::size_t{y} * info.bytes_per_line,
                                  info.bytes_per_line, chunk)
                      .is_ok());
      y += chunk;
    }
    ASSERT_TRUE(reader
                    ->read_rows(got.data() + std::size_t{y} * info.bytes_per_line,
                                info.bytes_per_line, info.height - y)
                    .is_ok());
    EXPECT_EQ(got, pages[p]) << "page " << p;
    EXPECT_EQ(reader->rows_remaining(), 0u);
  }
  auto end = reader->next_page();
  ASSERT_TRUE(end.is_ok());
  EXPECT_FALSE(end.value());
}

INSTANTIATE_TEST_SUITE_P(
    AllTypes, PwgRoundTrip,
    ::testing::Values(TypeCase{PwgRasterType::sgray_8, 61, 61, RasterColorSpace::gray},
                      TypeCase{PwgRasterType::sgray_16, 61, 122, RasterColorSpace::gray},
                      TypeCase{PwgRasterType::srgb_8, 50, 150, RasterColorSpace::srgb},
                      TypeCase{PwgRasterType::srgb_16, 50, 300, RasterColorSpace::srgb},
                      TypeCase{PwgRasterType::rgb_8, 50, 150, RasterColorSpace::srgb},
                      TypeCase{PwgRasterType::adobe_rgb_8, 50, 150, RasterColorSpace::adobe_rgb},
                      TypeCase{PwgRasterType::adobe_rgb_16, 50, 300, RasterColorSpace::adobe_rgb},
                      TypeCase{PwgRasterType::cmyk_8, 40, 160, RasterColorSpace::cmyk},
                      TypeCase{PwgRasterType::black_1, 77, 10, RasterColorSpace::black},
                      TypeCase{PwgRasterType::black_8, 77, 77, RasterColorSpace::black}));

// Builds "RaS2" + header + body.
std::vector<std::uint8_t> stream_of(const PwgPageHeader& h, std::vector<std::uint8_t> body) {
  std::vector<std::uint8_t> s = {'R', 'a', 'S', '2'};
  std::array<std::uint8_t, PwgPageHeader::kSize> raw{};
  h.serialize(raw);
  s.insert(s.end(), raw.begin(), raw.end());
  s.insert(s.end(), body.begin(), body.end());
  return s;
}

TEST(PwgRasterReader, GoldenVectorDecodesToKnownPixels) {
  PwgPageHeader h = PwgPageHeader::for_type(PwgRasterType::sgray_8, 4, 3, 300, 300);
  // Rows 0-1: line repeat 1; 0x10 twice; 2 literal pixels 0x20 0x30.
  // Row 2: pixel 0x05 once, then fill to white.
  auto s = stream_of(h, {0x01, 0x01, 0x10, 0xFF, 0x20, 0x30, 0x00, 0x00, 0x05, 0x80});
  // Check the header bytes against the PWG layout at a few fixed offsets.
  EXPECT_EQ(std::memcmp(&s[4], "PwgRaster", 10), 0);
  EXPECT_EQ(s[4 + 372 + 3], 4);     // cupsWidth
  EXPECT_EQ(s[4 + 376 + 3], 3);     // cupsHeight
  EXPECT_EQ(s[4 + 400 + 3], 18);    // cupsColorSpace sGray
  EXPECT_EQ(s[4 + 420 + 3], 1);     // cupsNumColors
  EXPECT_EQ(s[4 + 276 + 2], 0x01);  // HWResolution 300 = 0x012C
  EXPECT_EQ(s[4 + 276 + 3], 0x2C);
  MemorySource src(s);
  auto r = PwgRasterReader::open(src);
  ASSERT_TRUE(r.is_ok());
  ASSERT_TRUE(r->next_page().value());
  std::vector<std::uint8_t> px(12);
  ASSERT_TRUE(r->read_rows(px.data(), 4, 3).is_ok());
  EXPECT_EQ(px, (std::vector<std::uint8_t>{0x10, 0x10, 0x20, 0x30, 0x10, 0x10, 0x20, 0x30, 0x05,
                                           0xFF, 0xFF, 0xFF}));
  EXPECT_FALSE(r->next_page().value());
}

TEST(PwgRasterReader, FillIsBlackForCmykAndWhiteForRgb) {
  {
    auto h = PwgPageHeader::for_type(PwgRasterType::cmyk_8, 3, 1, 300, 300);
    auto s = stream_of(h, {0x00, 0x00, 1, 2, 3, 4, 0x80});
    MemorySource src(s);
    auto r = PwgRasterReader::open(src);
    ASSERT_TRUE(r->next_page().value());
    std::vector<std::uint8_t> px(12);
    ASSERT_TRUE(r->read_rows(px.data(), 12, 1).is_ok());
    EXPECT_EQ(px, (std::vector<std::uint8_t>{1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0}));
  }
  {
    auto h = PwgPageHeader::for_type(PwgRasterType::srgb_8, 2, 1, 300, 300);
    auto s = stream_of(h, {0x00, 0x80});
    MemorySource src(s);
    auto r = PwgRasterReader::open(src);
    ASSERT_TRUE(r->next_page().value());
    std::vector<std::uint8_t> px(6);
    ASSERT_TRUE(r->read_rows(px.data(), 6, 1).is_ok());
    EXPECT_EQ(px, std::vector<std::uint8_t>(6, 0xFF));
  }
}

TEST(PwgRasterWriter, CompressesRunsAndBlankPages) {
  auto h = PwgPageHeader::for_type(PwgRasterType::srgb_8, 4960, 7016, 600, 600);
  std::vector<std::uint8_t> stream;
  VectorSink sink(stream);
  PwgRasterWriter w(sink);
  ASSERT_TRUE(w.begin_page(h).is_ok());
  std::vector<std::uint8_t> white(h.bytes_per_line, 0xFF);
  for (std::uint32_t y = 0; y < h.height; ++y)
    ASSERT_TRUE(w.write_rows(white.data(), 0 + white.size(), 1).is_ok());
  ASSERT_TRUE(w.finish().is_ok());
  // 7016 rows in groups of 256: 28 lines of 2 bytes each.
  EXPECT_EQ(stream.size(), 4 + 1796 + 28 * 2);
  MemorySource src(stream);
  auto r = PwgRasterReader::open(src);
  ASSERT_TRUE(r->next_page().value());
  std::vector<std::uint8_t> row(h.bytes_per_line);
  for (std::uint32_t y = 0; y < h.height; ++y) {
    ASSERT_TRUE(r->read_rows(row.data(), row.size(), 1).is_ok());
    ASSERT_EQ(row, white);
  }
}

TEST(PwgRasterReader, SkipsUnreadRowsOnNextPage) {
  std::vector<std::uint8_t> stream;
  VectorSink sink(stream);
  PwgRasterWriter w(sink);
  for (int p = 0; p < 2; ++p) {
    auto h = PwgPageHeader::for_type(PwgRasterType::sgray_8, 8, 4, 300, 300);
    ASSERT_TRUE(w.begin_page(h).is_ok());
    std::vector<std::uint8_t> px(32, static_cast<std::uint8_t>(p + 1));
    ASSERT_TRUE(w.write_rows(px.data(), 8, 4).is_ok());
  }
  ASSERT_TRUE(w.finish().is_ok());
  MemorySource src(stream);
  auto r = PwgRasterReader::open(src);
  ASSERT_TRUE(r->next_page().value());
  ASSERT_TRUE(r->next_page().value());
  std::vector<std::uint8_t> px(8);
  ASSERT_TRUE(r->read_rows(px.data(), 8, 1).is_ok());
  EXPECT_EQ(px, std::vector<std::uint8_t>(8, 2));
  EXPECT_EQ(r->read_rows(px.data(), 8, 4).code(), StatusCode::invalid_argument);
  EXPECT_EQ(r->read_rows(px.data(), 4, 1).code(), StatusCode::invalid_argument);
}

TEST(PwgRasterWriter, RejectsIncompletePagesAndBadHeaders) {
  std::vector<std::uint8_t> stream;
  VectorSink sink(stream);
  PwgRasterWriter w(sink);
  auto h = PwgPageHeader::for_type(PwgRasterType::sgray_8, 8, 4, 300, 300);
  ASSERT_TRUE(w.begin_page(h).is_ok());
  EXPECT_EQ(w.finish().code(), StatusCode::invalid_argument);
  EXPECT_EQ(w.begin_page(h).code(), StatusCode::invalid_argument);
  PwgRasterWriter w2(sink);
  h.bytes_per_line = 9;
  EXPECT_EQ(w2.begin_page(h).code(), StatusCode::malformed_data);
}

struct BadCase {
  const char* name;
  void (*mutate)(PwgPageHeader&);
  std::vector<std::uint8_t> body;
  StatusCode expect;
  bool fails_at_header;
};

class PwgBadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(PwgBadInput, GivesExpectedStatus) {
  const BadCase& c = GetParam();
  auto h = PwgPageHeader::for_type(PwgRasterType::sgray_8, 4, 2, 300, 300);
  if (c.mutate) c.mutate(h);
  auto s = stream_of(h, c.body);
  MemorySource src(s);
  auto r = PwgRasterReader::open(src);
  ASSERT_TRUE(r.is_ok());
  auto more = r->next_page();
  if (c.fails_at_header) {
    ASSERT_FALSE(more.is_ok());
    EXPECT_EQ(more.status().code(), c.expect) << more.status().to_string();
    // Sticky.
    EXPECT_EQ(r->next_page().status().code(), c.expect);
    return;
  }
  ASSERT_TRUE(more.is_ok()) << more.status().to_string();
  std::vector<std::uint8_t> px(8);
  Status st = r->read_rows(px.data(), 4, 2);
  EXPECT_EQ(st.code(), c.expect) << st.to_string();
  EXPECT_EQ(r->read_rows(px.data(), 4, 1).code(), c.expect);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PwgBadInput,
    ::testing::Values(
        BadCase{
            "width0", [](PwgPageHeader& h) { h.width = 0; }, {}, StatusCode::malformed_data, true},
        BadCase{"width1e9",
                [](PwgPageHeader& h) {
                  h.width = 1000000000;
                  h.bytes_per_line = 1000000000;
                },
                {},
                StatusCode::limit_exceeded,
                true},
        BadCase{"height_huge",
                [](PwgPageHeader& h) { h.height = 0xFFFFFFFF; },
                {},
                StatusCode::limit_exceeded,
                true},
        BadCase{"bpl_mismatch",
                [](PwgPageHeader& h) { h.bytes_per_line = 5; },
                {},
                StatusCode::malformed_data,
                true},
        BadCase{"color_order",
                [](PwgPageHeader& h) { h.color_order = 1; },
                {},
                StatusCode::unsupported,
                true},
        BadCase{"color_space",
                [](PwgPageHeader& h) { h.color_space = 49; },
                {},
                StatusCode::unsupported,
                true},
        BadCase{"num_colors",
                [](PwgPageHeader& h) { h.num_colors = 3; },
                {},
                StatusCode::malformed_data,
                true},
        BadCase{"bits_per_color",
                [](PwgPageHeader& h) { h.bits_per_color = 4; },
                {},
                StatusCode::unsupported,
                true},
        BadCase{"bits_per_pixel",
                [](PwgPageHeader& h) { h.bits_per_pixel = 16; },
                {},
                StatusCode::malformed_data,
                true},
        BadCase{"resolution0",
                [](PwgPageHeader& h) { h.hw_resolution[1] = 0; },
                {},
                StatusCode::malformed_data,
                true},
        BadCase{"resolution_huge",
                [](PwgPageHeader& h) { h.hw_resolution[0] = 20000; },
                {},
                StatusCode::malformed_data,
                true},
        BadCase{"ends_mid_row", nullptr, {0x00, 0xFE, 1, 2}, StatusCode::truncated, false},
        BadCase{"ends_before_row", nullptr, {}, StatusCode::truncated, false},
        BadCase{"run_overflows_row", nullptr, {0x00, 0x04, 7}, StatusCode::malformed_data, false},
        BadCase{"literal_overflows_row",
                nullptr,
                {0x00, 0xFB, 1, 2, 3, 4, 5},
                StatusCode::malformed_data,
                false},
        BadCase{"line_repeat_past_page", nullptr, {0x05, 0x80}, StatusCode::malformed_data, false}),
    [](const ::testing::TestParamInfo<BadCase>& i) { return std::string(i.param.name); });

TEST(PwgRasterReader, BadSyncAndTruncatedHeader) {
  {
    std::vector<std::uint8_t> s = {'R', 'a', 'S', '3'};
    MemorySource src(s);
    EXPECT_EQ(PwgRasterReader::open(src).status().code(), StatusCode::malformed_data);
  }
  {
    std::vector<std::uint8_t> s = {'R', 'a'};
    MemorySource src(s);
    EXPECT_EQ(PwgRasterReader::open(src).status().code(), StatusCode::truncated);
  }
  {
    auto h = PwgPageHeader::for_type(PwgRasterType::sgray_8, 4, 2, 300, 300);
    auto s = stream_of(h, {});
    s.resize(4 + 1000);
    MemorySource src(s);
    auto r = PwgRasterReader::open(src);
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r->next_page().status().code(), StatusCode::truncated);
  }
}

TEST(PwgRasterReader, PageCountLimit) {
  std::vector<std::uint8_t> stream;
  VectorSink sink(stream);
  PwgRasterWriter w(sink);
  auto h = PwgPageHeader::for_type(PwgRasterType::sgray_8, 1, 1, 300, 300);
  std::uint8_t px = 0;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(w.begin_page(h).is_ok());
    ASSERT_TRUE(w.write_rows(&px, 1, 1).is_ok());
  }
  ASSERT_TRUE(w.finish().is_ok());
  ImageLimits limits;
  limits.max_pages = 2;
  MemorySource src(stream);
  auto r = PwgRasterReader::open(src, limits);
  EXPECT_TRUE(r->next_page().value());
  EXPECT_TRUE(r->next_page().value());
  EXPECT_EQ(r->next_page().status().code(), StatusCode::limit_exceeded);
}

}  // namespace
}  // namespace mfp::codecs
