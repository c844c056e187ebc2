#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "codecs/byte_io.h"
#include "codecs/jpeg_decoder.h"
#include "codecs/jpeg_encoder.h"

namespace mfp::codecs {
namespace {

using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

std::vector<std::uint8_t> smooth_image(std::uint32_t w, std::uint32_t h, int comps) {
  std::vector<std::uint8_t> px(std::size_t{w} * h * comps);
  for (std::uint32_t y = 0; y < h; ++y) {
    for (std::uint32_t x = 0; x < w; ++x) {
      for (int c = 0; c < comps; ++c) {
        px[(std::size_t{y} * w + x) * comps + c] =
            static_cast<std::uint8_t>(60 + x * 100 / w + y * 50 / h + c * 10);
      }
    }
  }
  return px;
}

std::vector<std::uint8_t> encode(const std::vector<std::uint8_t>& px, std::uint32_t w,
                                 std::uint32_t h, int comps, int quality, std::uint32_t dpi) {
  std::vector<std::uint8_t> out;
  VectorSink sink(out);
  Status s = jpeg_encode(px.data(), w, h, std::size_t{w} * comps, comps, quality, dpi, sink);
  EXPECT_TRUE(s.is_ok()) << s.to_string();
  return out;
}

struct Case {
  int comps;
  JpegOutput output;
};

class JpegRoundTrip : public ::testing::TestWithParam<Case> {};

TEST_P(JpegRoundTrip, WithinTolerance) {
  const Case c = GetParam();
  const std::uint32_t w = 97, h = 61;
  auto px = smooth_image(w, h, c.comps);
  auto file = encode(px, w, h, c.comps, 95, 300);
  ASSERT_GT(file.size(), 100u);
  MemorySource src(file);
  auto dec = JpegDecoder::open(src);
  ASSERT_TRUE(dec.is_ok()) << dec.status().to_string();
  const JpegInfo& info = dec->info();
  EXPECT_EQ(info.width, w);
  EXPECT_EQ(info.height, h);
  EXPECT_EQ(info.components, static_cast<std::uint32_t>(c.comps));
  EXPECT_EQ(info.output, c.output);
  if (c.comps == 4) {
    EXPECT_TRUE(info.adobe_inverted);
    EXPECT_EQ(info.x_dpi, 0u);  // CMYK carries Adobe APP14, not JFIF
  } else {
    EXPECT_EQ(info.x_dpi, 300u);
    EXPECT_EQ(info.y_dpi, 300u);
  }
  // Read with a padded stride in two calls.
  const std::size_t stride = info.bytes_per_line() + 3;
  std::vector<std::uint8_t> got(stride * h);
  ASSERT_TRUE(dec->read_rows(got.data(), stride, 10).is_ok());
  ASSERT_TRUE(dec->read_rows(got.data() + 10 * stride, stride, h - 10).is_ok());
  EXPECT_EQ(dec->rows_remaining(), 0u);
  double sum = 0;
  int worst = 0;
  for (std::uint32_t y = 0; y < h; ++y) {
    for (std::size_t k = 0; k < info.bytes_per_line(); ++k) {
      int d = std::abs(int{got[y * stride + k]} - int{px[y * info.bytes_per_line() + k]});
      sum += d;
      worst = std::max(worst, d);
    }
  }
  EXPECT_LT(sum / (double(h) * info.bytes_per_line()), 2.0);
  EXPECT_LT(worst, 40);
  EXPECT_EQ(dec->read_rows(got.data(), stride, 1).code(), StatusCode::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(Components, JpegRoundTrip,
                         ::testing::Values(Case{1, JpegOutput::gray8}, Case{3, JpegOutput::rgb8},
                                           Case{4, JpegOutput::cmyk8}));

TEST(JpegDecoder, NoDensityWhenDpiZero) {
  auto px = smooth_image(16, 16, 1);
  auto file = encode(px, 16, 16, 1, 80, 0);
  MemorySource src(file);
  auto dec = JpegDecoder::open(src);
  ASSERT_TRUE(dec.is_ok());
  EXPECT_EQ(dec->info().x_dpi, 0u);
}

TEST(JpegDecoder, GarbageIsMalformed) {
  std::vector<std::uint8_t> junk(500);
  for (std::size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<std::uint8_t>(i * 37 + 5);
  MemorySource src(junk);
  auto dec = JpegDecoder::open(src);
  ASSERT_FALSE(dec.is_ok());
  EXPECT_EQ(dec.status().code(), StatusCode::malformed_data) << dec.status().to_string();
}

TEST(JpegDecoder, EmptyAndTruncatedHeaderAreTruncated) {
  std::vector<std::uint8_t> empty;
  MemorySource src(empty);
  EXPECT_EQ(JpegDecoder::open(src).status().code(), StatusCode::truncated);
  auto px = smooth_image(64, 64, 3);
  auto file = encode(px, 64, 64, 3, 90, 72);
  file.resize(100);
  MemorySource src2(file);
  EXPECT_EQ(JpegDecoder::open(src2).status().code(), StatusCode::truncated);
}

TEST(JpegDecoder, TruncatedDataIsTruncated) {
  auto px = smooth_image(200, 200, 3);
  for (std::size_t i = 0; i < px.size(); ++i) px[i] ^= static_cast<std::uint8_t>(i * 131);
  auto file = encode(px, 200, 200, 3, 90, 72);
  file.resize(file.size() / 2);
  MemorySource src(file);
  auto dec = JpegDecoder::open(src);
  ASSERT_TRUE(dec.is_ok()) << dec.status().to_string();
  std::vector<std::uint8_t> got(200 * 3 * 200);
  Status s = dec->read_rows(got.data(), 600, 200);
  EXPECT_EQ(s.code(), StatusCode::truncated) << s.to_string();
  EXPECT_EQ(dec->read_rows(got.data(), 600, 1).code(), StatusCode::truncated);  // sticky
}

TEST(JpegDecoder, CorruptScanDataFailsCleanly) {
  auto px = smooth_image(128, 128, 3);
  auto file = encode(px, 128, 128, 3, 90, 72);
  for (std::size_t i = file.size() / 2; i < file.size() - 2; i += 7) file[i] ^= 0x5A;
  MemorySource src(file);
  auto dec = JpegDecoder::open(src);
  if (!dec.is_ok()) return;  // also acceptable
  std::vector<std::uint8_t> got(128 * 3 * 128);
  Status s = dec->read_rows(got.data(), 384, 128);
  if (!s.is_ok()) {
    EXPECT_TRUE(s.code() == StatusCode::malformed_data || s.code() == StatusCode::truncated)
        << s.to_string();
  }
}

TEST(JpegDecoder, LimitsCheckedBeforeDecompression) {
  auto px = smooth_image(300, 20, 1);
  auto file = encode(px, 300, 20, 1, 80, 0);
  ImageLimits limits;
  limits.max_width = 256;
  MemorySource src(file);
  EXPECT_EQ(JpegDecoder::open(src, limits).status().code(), StatusCode::limit_exceeded);
  ImageLimits limits2;
  limits2.max_pixels = 1000;
  MemorySource src2(file);
  EXPECT_EQ(JpegDecoder::open(src2, limits2).status().code(), StatusCode::limit_exceeded);
}

class FailingSink final : public ByteSink {
 public:
  Status write(std::span<const std::uint8_t>) noexcept override {
    return pipeline::make_error(StatusCode::io_error, "disk full");
  }
};

class FailingSource final : public ByteSource {
 public:
  Result<std::size_t> read(std::span<std::uint8_t>) noexcept override {
    return pipeline::make_error(StatusCode::io_error, "read failed");
  }
};

TEST(JpegEncode, PropagatesSinkErrorAndRejectsBadArguments) {
  auto px = smooth_image(32, 32, 3);
  FailingSink bad;
  EXPECT_EQ(jpeg_encode(px.data(), 32, 32, 96, 3, 90, 0, bad).code(), StatusCode::io_error);
  std::vector<std::uint8_t> out;
  VectorSink sink(out);
  EXPECT_EQ(jpeg_encode(px.data(), 0, 32, 96, 3, 90, 0, sink).code(), StatusCode::invalid_argument);
  EXPECT_EQ(jpeg_encode(px.data(), 32, 32, 95, 3, 90, 0, sink).code(),
            StatusCode::invalid_argument);
  EXPECT_EQ(jpeg_encode(px.data(), 32, 32, 96, 2, 90, 0, sink).code(),
            StatusCode::invalid_argument);
  EXPECT_EQ(jpeg_encode(px.data(), 32, 32, 96, 3, 0, 0, sink).code(), StatusCode::invalid_argument);
  EXPECT_TRUE(out.empty());
}

TEST(JpegDecoder, PropagatesSourceError) {
  FailingSource bad;
  EXPECT_EQ(JpegDecoder::open(bad).status().code(), StatusCode::io_error);
}

}  // namespace
}  // namespace mfp::codecs
