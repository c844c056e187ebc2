#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "codecs/byte_io.h"
#include "codecs/tiff_reader.h"
#include "codecs/tiff_writer.h"

namespace mfp::codecs {
namespace {

using pipeline::Status;
using pipeline::StatusCode;

std::size_t row_bytes(TiffInputFormat f, std::uint32_t w) {
  switch (f) {
    case TiffInputFormat::bilevel:
      return (w + 7) / 8;
    case TiffInputFormat::gray8:
      return w;
    case TiffInputFormat::rgb8:
      return std::size_t{w} * 3;
    case TiffInputFormat::cmyk8:
      return std::size_t{w} * 4;
  }
  return 0;
}

// Ordinary page content: smooth areas for continuous tone, text-like runs for bilevel.
std::vector<std::uint8_t> make_pixels(TiffInputFormat f, std::uint32_t w, std::uint32_t h) {
  const std::size_t rb = row_bytes(f, w);
  std::vector<std::uint8_t> px(rb * h, 0);
  std::mt19937 rng(11);
  for (std::uint32_t y = 0; y < h; ++y) {
    std::uint8_t* row = px.data() + y * rb;
    if (f == TiffInputFormat::bilevel) {
      if ((y / 8) % 3 == 0) continue;  // blank lines between "text lines"
      for (std::uint32_t x = 16; x + 16 < w;) {
        const std::uint32_t len = 2 + rng() % 10, gap = 3 + rng() % 14;
        for (std::uint32_t k = 0; k < len && x + k < w; ++k) {
          row[(x + k) / 8] |= static_cast<std::uint8_t>(0x80 >> ((x + k) % 8));
        }
        x += len + gap;
      }
    } else {
      for (std::size_t k = 0; k < rb; ++k) {
        row[k] = static_cast<std::uint8_t>(40 + (k * 150 / rb) + y % 50);
      }
    }
  }
  return px;
}

std::vector<std::uint8_t> write_tiff(const std::vector<TiffPageSpec>& specs,
                                     const std::vector<std::vector<std::uint8_t>>& pages) {
  std::vector<std::uint8_t> out;
  VectorSink sink(out);
  TiffWriter w(sink);
  for (std::size_t i = 0; i < specs.size(); ++i) {
    Status s = w.begin_page(specs[i]);
    EXPECT_TRUE(s.is_ok()) << s.to_string();
    const std::size_t rb = row_bytes(specs[i].format, specs[i].width);
    // Two calls, to cross strip/tile boundaries mid-call.
    const std::uint32_t first = specs[i].height / 3;
    s = w.write_rows(pages[i].data(), rb, first);
    EXPECT_TRUE(s.is_ok()) << s.to_string();
    s = w.write_rows(pages[i].data() + first * rb, rb, specs[i].height - first);
    EXPECT_TRUE(s.is_ok()) << s.to_string();
  }
  Status s = w.finish();
  EXPECT_TRUE(s.is_ok()) << s.to_string();
  return out;
}

// What the reader should return for the written pixels.
std::vector<std::uint8_t> expected_output(TiffInputFormat f, std::uint32_t w, std::uint32_t h,
                                          const std::vector<std::uint8_t>& px) {
  if (f != TiffInputFormat::bilevel) return px;
  std::vector<std::uint8_t> out(std::size_t{w} * h);
  const std::size_t rb = (w + 7) / 8;
  for (std::uint32_t y = 0; y < h; ++y) {
    for (std::uint32_t x = 0; x < w; ++x) {
      const bool black = (px[y * rb + x / 8] >> (7 - x % 8)) & 1;
      out[std::size_t{y} * w + x] = black ? 0 : 255;
    }
  }
  return out;
}

struct Case {
  const char* name;
  TiffInputFormat format;
  TiffCompression compression;
  bool tiled;
  int tolerance;  // 0 = lossless
};

class TiffRoundTrip : public ::testing::TestWithParam<Case> {};

TEST_P(TiffRoundTrip, ReadsBackWhatWasWritten) {
  const Case& c = GetParam();
  TiffPageSpec spec;
  spec.width = c.format == TiffInputFormat::bilevel ? 1728 : 203;
  spec.height = 77;
  spec.format = c.format;
  spec.compression = c.compression;
  spec.x_dpi = 204;
  spec.y_dpi = 196;
  spec.rows_per_strip = 16;
  if (c.tiled) {
    spec.tile_width = 64;
    spec.tile_height = 32;
  }
  auto px = make_pixels(c.format, spec.width, spec.height);
  auto file = write_tiff({spec}, {px});
  ASSERT_GT(file.size(), 8u);
  auto r = TiffReader::open(file);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  auto more = r->next_page();
  ASSERT_TRUE(more.is_ok()) << more.status().to_string();
  ASSERT_TRUE(more.value());
  const TiffPageInfo& info = r->page();
  EXPECT_EQ(info.width, spec.width);
  EXPECT_EQ(info.height, spec.height);
  EXPECT_EQ(info.tiled, c.tiled);
  EXPECT_NEAR(info.x_dpi, 204.0, 0.01);
  EXPECT_NEAR(info.y_dpi, 196.0, 0.01);
  EXPECT_NEAR(info.width_pt, spec.width / 204.0 * 72.0, 0.01);
  const auto want = expected_output(c.format, spec.width, spec.height, px);
  const std::size_t bpl = info.bytes_per_line();
  ASSERT_EQ(want.size(), bpl * spec.height);
  std::vector<std::uint8_t> got(bpl * spec.height);
  ASSERT_TRUE(r->read_rows(got.data(), bpl, 5).is_ok());
  Status s = r->read_rows(got.data() + 5 * bpl, bpl, spec.height - 5);
  ASSERT_TRUE(s.is_ok()) << s.to_string();
  if (c.tolerance == 0) {
    EXPECT_EQ(got, want);
  } else {
    double sum = 0;
    for (std::size_t i = 0; i < got.size(); ++i) sum += std::abs(int{got[i]} - int{want[i]});
    EXPECT_LT(sum / got.size(), c.tolerance);
  }
  EXPECT_FALSE(r->next_page().value());
}

INSTANTIATE_TEST_SUITE_P(
    Formats, TiffRoundTrip,
    ::testing::Values(
        Case{"bilevel_none", TiffInputFormat::bilevel, TiffCompression::none, false, 0},
        Case{"bilevel_lzw", TiffInputFormat::bilevel, TiffCompression::lzw, false, 0},
        Case{"bilevel_packbits", TiffInputFormat::bilevel, TiffCompression::packbits, false, 0},
        Case{"bilevel_g3", TiffInputFormat::bilevel, TiffCompression::ccitt_g3, false, 0},
        Case{"bilevel_g4", TiffInputFormat::bilevel, TiffCompression::ccitt_g4, false, 0},
        Case{"bilevel_g4_tiled", TiffInputFormat::bilevel, TiffCompression::ccitt_g4, true, 0},
        Case{"gray_none", TiffInputFormat::gray8, TiffCompression::none, false, 0},
        Case{"gray_lzw", TiffInputFormat::gray8, TiffCompression::lzw, false, 0},
        Case{"gray_packbits", TiffInputFormat::gray8, TiffCompression::packbits, false, 0},
        Case{"gray_deflate", TiffInputFormat::gray8, TiffCompression::deflate, false, 0},
        Case{"gray_jpeg", TiffInputFormat::gray8, TiffCompression::jpeg, false, 3},
        Case{"gray_lzw_tiled", TiffInputFormat::gray8, TiffCompression::lzw, true, 0},
        Case{"rgb_lzw", TiffInputFormat::rgb8, TiffCompression::lzw, false, 0},
        Case{"rgb_jpeg", TiffInputFormat::rgb8, TiffCompression::jpeg, false, 4},
        Case{"rgb_jpeg_tiled", TiffInputFormat::rgb8, TiffCompression::jpeg, true, 4},
        Case{"rgb_none_tiled", TiffInputFormat::rgb8, TiffCompression::none, true, 0},
        Case{"cmyk_lzw", TiffInputFormat::cmyk8, TiffCompression::lzw, false, 0},
        Case{"cmyk_packbits", TiffInputFormat::cmyk8, TiffCompression::packbits, false, 0},
        Case{"cmyk_deflate_tiled", TiffInputFormat::cmyk8, TiffCompression::deflate, true, 0}),
    [](const ::testing::TestParamInfo<Case>& i) { return std::string(i.param.name); });

TEST(TiffReader, MultiPageDocument) {
  std::vector<TiffPageSpec> specs(3);
  specs[0] = {100, 40, TiffInputFormat::gray8, TiffCompression::lzw, 300, 300};
  specs[1] = {1728, 50, TiffInputFormat::bilevel, TiffCompression::ccitt_g4, 204, 98};
  specs[2] = {60, 30, TiffInputFormat::rgb8, TiffCompression::packbits, 0, 0};
  std::vector<std::vector<std::uint8_t>> pages;
  for (const auto& s : specs) pages.push_back(make_pixels(s.format, s.width, s.height));
  auto file = write_tiff(specs, pages);
  auto r = TiffReader::open(file);
  ASSERT_TRUE(r.is_ok());
  // Skip page 1's rows entirely, read page 2 partly, page 3 fully.
  ASSERT_TRUE(r->next_page().value());
  EXPECT_EQ(r->page().format, TiffPixelFormat::gray8);
  ASSERT_TRUE(r->next_page().value());
  EXPECT_EQ(r->page().page_number, 2u);
  EXPECT_EQ(r->page().compression, 4);  // COMPRESSION_CCITTFAX4
  EXPECT_NEAR(r->page().y_dpi, 98.0, 0.01);
  std::vector<std::uint8_t> row(1728);
  ASSERT_TRUE(r->read_rows(row.data(), row.size(), 1).is_ok());
  ASSERT_TRUE(r->next_page().value());
  EXPECT_EQ(r->page().format, TiffPixelFormat::rgb8);
  EXPECT_EQ(r->page().x_dpi, 0.0);
  std::vector<std::uint8_t> got(60 * 3 * 30);
  ASSERT_TRUE(r->read_rows(got.data(), 180, 30).is_ok());
  EXPECT_EQ(got, pages[2]);
  EXPECT_FALSE(r->next_page().value());
  EXPECT_FALSE(r->next_page().value());
}

// Finds an IFD entry's value field offset in a little-endian classic TIFF (first IFD).
std::size_t entry_value_offset(const std::vector<std::uint8_t>& f, std::uint16_t tag) {
  auto u32 = [&](std::size_t o) {
    return std::uint32_t{f[o]} | std::uint32_t{f[o + 1]} << 8 | std::uint32_t{f[o + 2]} << 16 |
           std::uint32_t{f[o + 3]} << 24;
  };
  const std::size_t ifd = u32(4);
  const std::size_t n = f[ifd] | f[ifd + 1] << 8;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t e = ifd + 2 + 12 * i;
    if ((f[e] | f[e + 1] << 8) == tag) return e + 8;
  }
  return 0;
}

void put32(std::vector<std::uint8_t>& f, std::size_t o, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) f[o + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

std::vector<std::uint8_t> one_strip_gray(TiffCompression c = TiffCompression::none) {
  TiffPageSpec s{64, 16, TiffInputFormat::gray8, c, 300, 300};
  s.rows_per_strip = 16;
  return write_tiff({s}, {make_pixels(s.format, s.width, s.height)});
}

Status read_all(const std::vector<std::uint8_t>& file, const ImageLimits& limits = {}) {
  auto r = TiffReader::open(file, limits);
  if (!r.is_ok()) return r.status();
  for (;;) {
    auto more = r->next_page();
    if (!more.is_ok()) return more.status();
    if (!more.value()) return Status::ok();
    std::vector<std::uint8_t> row(r->page().bytes_per_line());
    while (r->rows_remaining() > 0) MFP_RETURN_IF_ERROR(r->read_rows(row.data(), row.size(), 1));
  }
}

TEST(TiffReader, FileIsLittleEndianAsTheseTestsAssume) {
  auto f = one_strip_gray();
  ASSERT_EQ(f[0], 'I');
  EXPECT_NE(entry_value_offset(f, 273), 0u);
  EXPECT_TRUE(read_all(f).is_ok());
}

TEST(TiffReader, AbsurdStripOffsetIsMalformed) {
  auto f = one_strip_gray();
  put32(f, entry_value_offset(f, 273), 0xFFFFFF00u);
  EXPECT_EQ(read_all(f).code(), StatusCode::malformed_data) << read_all(f).to_string();
}

TEST(TiffReader, StripPastEndIsTruncated) {
  // (libtiff repairs bogus byte counts of uncompressed single strips itself, so use LZW.)
  auto f = one_strip_gray(TiffCompression::lzw);
  put32(f, entry_value_offset(f, 279), 0x7FFFFFF0u);  // StripByteCounts
  EXPECT_EQ(read_all(f).code(), StatusCode::truncated) << read_all(f).to_string();
}

TEST(TiffReader, CutFileIsTruncated) {
  TiffPageSpec s{64, 64, TiffInputFormat::gray8, TiffCompression::none, 300, 300};
  s.rows_per_strip = 64;
  auto f = write_tiff({s}, {make_pixels(s.format, s.width, s.height)});
  // libtiff puts the IFD after the image data: move nothing, just check the data region.
  const std::size_t off_field = entry_value_offset(f, 273);
  std::uint32_t off = f[off_field] | f[off_field + 1] << 8 | f[off_field + 2] << 16 |
                      std::uint32_t{f[off_field + 3]} << 24;
  put32(f, off_field, static_cast<std::uint32_t>(f.size() - 100));  // strip runs past the end
  (void)off;
  EXPECT_EQ(read_all(f).code(), StatusCode::truncated);
}

TEST(TiffReader, LimitsAndGarbage) {
  auto f = one_strip_gray();
  ImageLimits small;
  small.max_width = 32;
  EXPECT_EQ(read_all(f, small).code(), StatusCode::limit_exceeded);
  auto w0 = f;
  put32(w0, entry_value_offset(w0, 256), 0);  // ImageWidth 0
  Status s = read_all(w0);
  EXPECT_EQ(s.code(), StatusCode::malformed_data) << s.to_string();
  std::vector<std::uint8_t> junk(300, 0x5A);
  EXPECT_EQ(read_all(junk).code(), StatusCode::malformed_data);
  junk[0] = junk[1] = 'I';
  EXPECT_EQ(read_all(junk).code(), StatusCode::malformed_data);
  std::vector<std::uint8_t> tiny = {'I', 'I', 42};
  EXPECT_EQ(read_all(tiny).code(), StatusCode::truncated);
}

// A minimal little-endian TIFF builder for layouts TiffWriter does not produce.
struct Entry {
  std::uint16_t tag;
  std::uint16_t type;  // 3 SHORT, 4 LONG
  std::vector<std::uint32_t> values;
};

std::vector<std::uint8_t> build_tiff(std::vector<Entry> entries,
                                     const std::vector<std::uint8_t>& pixels) {
  std::vector<std::uint8_t> f = {'I', 'I', 42, 0, 0, 0, 0, 0};
  auto put16 = [&f](std::uint32_t v) {
    f.push_back(static_cast<std::uint8_t>(v));
    f.push_back(static_cast<std::uint8_t>(v >> 8));
  };
  auto put32v = [&f](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) f.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  };
  const std::uint32_t data_off = 8;
  f.insert(f.end(), pixels.begin(), pixels.end());
  entries.push_back({273, 4, {data_off}});
  entries.push_back({279, 4, {static_cast<std::uint32_t>(pixels.size())}});
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.tag < b.tag; });
  // Out-of-line values first.
  std::vector<std::uint32_t> value_off(entries.size(), 0);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::size_t size = entries[i].values.size() * (entries[i].type == 3 ? 2 : 4);
    if (size <= 4) continue;
    if (f.size() % 2) f.push_back(0);
    value_off[i] = static_cast<std::uint32_t>(f.size());
    for (std::uint32_t v : entries[i].values) entries[i].type == 3 ? put16(v) : put32v(v);
  }
  if (f.size() % 2) f.push_back(0);
  const auto ifd = static_cast<std::uint32_t>(f.size());
  put32(f, 4, ifd);
  put16(static_cast<std::uint32_t>(entries.size()));
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    put16(e.tag);
    put16(e.type);
    put32v(static_cast<std::uint32_t>(e.values.size()));
    if (value_off[i] != 0) {
      put32v(value_off[i]);
    } else {
      const std::size_t start = f.size();
      for (std::uint32_t v : e.values) e.type == 3 ? put16(v) : put32v(v);
      while (f.size() < start + 4) f.push_back(0);
    }
  }
  put32v(0);
  return f;
}

std::vector<Entry> basic(std::uint32_t w, std::uint32_t h, std::uint32_t bps, std::uint32_t spp,
                         std::uint32_t photometric) {
  std::vector<Entry> e = {
      {256, 4, {w}}, {257, 4, {h}},           {258, 3, std::vector<std::uint32_t>(spp, bps)},
      {259, 3, {1}}, {262, 3, {photometric}}, {277, 3, {spp}},
      {278, 4, {h}}};
  return e;
}

std::vector<std::uint8_t> read_page(const std::vector<std::uint8_t>& file, Status* status) {
  auto r = TiffReader::open(file);
  if (!r.is_ok()) {
    *status = r.status();
    return {};
  }
  auto more = r->next_page();
  if (!more.is_ok()) {
    *status = more.status();
    return {};
  }
  std::vector<std::uint8_t> px(r->page().bytes_per_line() * r->page().height);
  *status = r->read_rows(px.data(), r->page().bytes_per_line(), r->page().height);
  return px;
}

TEST(TiffReader, PaletteFourBitToRgb) {
  auto e = basic(4, 1, 4, 1, 3);
  std::vector<std::uint32_t> map(48, 0);
  for (std::uint32_t i = 0; i < 16; ++i) {
    map[i] = i * 0x1111;                // red
    map[16 + i] = 0xFFFF - i * 0x1111;  // green
    map[32 + i] = 0x8000;               // blue
  }
  e.push_back({320, 3, map});
  Status s;
  auto px = read_page(build_tiff(e, {0x0F, 0x52}), &s);
  ASSERT_TRUE(s.is_ok()) << s.to_string();
  EXPECT_EQ(px, (std::vector<std::uint8_t>{0x00, 0xFF, 0x80, 0xFF, 0x00, 0x80, 0x55, 0xAA, 0x80,
                                           0x22, 0xDD, 0x80}));
}

TEST(TiffReader, SixteenBitMinIsWhiteGray) {
  // Samples are stored little-endian here ('II'); the reader keeps the high byte.
  Status s;
  auto px = read_page(build_tiff(basic(3, 1, 16, 1, 0), {0x00, 0x00, 0xFF, 0xFF, 0x34, 0x12}), &s);
  ASSERT_TRUE(s.is_ok()) << s.to_string();
  EXPECT_EQ(px, (std::vector<std::uint8_t>{0xFF, 0x00, 0xED}));
}

TEST(TiffReader, TwoBitAndOneBitMinIsBlack) {
  Status s;
  auto px = read_page(build_tiff(basic(4, 1, 2, 1, 1), {0x1B}), &s);  // 00 01 10 11
  ASSERT_TRUE(s.is_ok()) << s.to_string();
  EXPECT_EQ(px, (std::vector<std::uint8_t>{0, 85, 170, 255}));
  px = read_page(build_tiff(basic(10, 1, 1, 1, 1), {0xA0, 0x40}), &s);
  ASSERT_TRUE(s.is_ok()) << s.to_string();
  EXPECT_EQ(px, (std::vector<std::uint8_t>{255, 0, 255, 0, 0, 0, 0, 0, 0, 255}));
}

TEST(TiffReader, SixteenBitRgbWithAlphaKeepsColor) {
  Status s;
  std::vector<std::uint8_t> data = {0x00, 0x10, 0x00, 0x20, 0x00, 0x30, 0xFF, 0xFF};
  auto e = basic(1, 1, 16, 4, 2);
  e.push_back({338, 3, {2}});  // ExtraSamples: unassociated alpha
  auto px = read_page(build_tiff(e, data), &s);
  ASSERT_TRUE(s.is_ok()) << s.to_string();
  EXPECT_EQ(px, (std::vector<std::uint8_t>{0x10, 0x20, 0x30}));
}

TEST(TiffReader, UnsupportedLayouts) {
  Status s;
  read_page(build_tiff(basic(2, 1, 8, 3, 8), {1, 2, 3, 4, 5, 6}), &s);  // CIELab
  EXPECT_EQ(s.code(), StatusCode::unsupported) << s.to_string();
  auto planar = basic(2, 1, 8, 3, 2);
  planar.push_back({284, 3, {2}});  // PlanarConfiguration separate
  read_page(build_tiff(planar, {1, 2, 3, 4, 5, 6}), &s);
  EXPECT_EQ(s.code(), StatusCode::unsupported) << s.to_string();
  auto fp = basic(1, 1, 8, 1, 1);
  fp.push_back({339, 3, {3}});  // SampleFormat IEEE float
  read_page(build_tiff(fp, {1}), &s);
  EXPECT_EQ(s.code(), StatusCode::unsupported) << s.to_string();
}

TEST(TiffWriter, RejectsBadSpecsAndIncompletePages) {
  std::vector<std::uint8_t> out;
  VectorSink sink(out);
  TiffWriter w(sink);
  EXPECT_EQ(w.finish().code(), StatusCode::invalid_argument);
  TiffPageSpec g4{100, 10, TiffInputFormat::gray8, TiffCompression::ccitt_g4, 300, 300};
  EXPECT_EQ(w.begin_page(g4).code(), StatusCode::invalid_argument);
  TiffPageSpec tiles{100, 10, TiffInputFormat::gray8, TiffCompression::none, 300, 300};
  tiles.tile_width = 10;
  tiles.tile_height = 16;
  EXPECT_EQ(w.begin_page(tiles).code(), StatusCode::invalid_argument);
  TiffPageSpec ok{100, 10, TiffInputFormat::gray8, TiffCompression::none, 300, 300};
  ASSERT_TRUE(w.begin_page(ok).is_ok());
  std::vector<std::uint8_t> row(300, 1);
  ASSERT_TRUE(w.write_rows(row.data(), 100, 3).is_ok());
  EXPECT_EQ(w.finish().code(), StatusCode::invalid_argument);
  EXPECT_EQ(w.write_rows(row.data(), 50, 1).code(), StatusCode::invalid_argument);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace mfp::codecs
