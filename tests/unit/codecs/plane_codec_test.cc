#include <gtest/gtest.h>
#include <zstd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "codecs/plane_codec.h"

namespace mfp::codecs {
namespace {

using pipeline::StatusCode;

enum class Content { zeros, office, halftone, noise };

std::vector<std::uint8_t> make_band(const PlaneShape& s, Content c) {
  std::vector<std::uint8_t> b(s.raw_bytes(), 0);
  std::mt19937 rng(3);
  for (std::size_t i = 0; i < b.size(); ++i) {
    switch (c) {
      case Content::zeros:
        break;
      case Content::office:
        b[i] = (i / 37) % 11 == 0 ? 0xFF : 0;
        break;
      case Content::halftone: {
        const std::size_t x = i % s.stride, y = i / s.stride;
        b[i] = static_cast<std::uint8_t>(((x + y) % 4 == 0) ? 0xAA : (y % 2 ? 0x55 : 0x11));
        break;
      }
      case Content::noise:
        b[i] = static_cast<std::uint8_t>(rng());
        break;
    }
  }
  return b;
}

std::vector<std::uint8_t> encode(const std::vector<std::uint8_t>& raw, const PlaneShape& s,
                                 PlaneCodecId codec) {
  std::vector<std::uint8_t> out(plane_max_encoded_size(raw.size()));
  auto n = plane_encode(raw, s, codec, out);
  EXPECT_TRUE(n.is_ok()) << n.status().to_string();
  out.resize(n.is_ok() ? n.value() : 0);
  return out;
}

struct RoundTripCase {
  PlaneCodecId codec;
  Content content;
  PlaneShape shape;
};

class PlaneRoundTrip : public ::testing::TestWithParam<RoundTripCase> {};

TEST_P(PlaneRoundTrip, DecodesToTheSameBytes) {
  const auto& c = GetParam();
  auto raw = make_band(c.shape, c.content);
  auto enc = encode(raw, c.shape, c.codec);
  ASSERT_FALSE(enc.empty());
  EXPECT_LE(enc.size(), plane_max_encoded_size(raw.size()));
  auto shape = plane_peek(enc);
  ASSERT_TRUE(shape.is_ok()) << shape.status().to_string();
  EXPECT_EQ(shape->rows, c.shape.rows);
  EXPECT_EQ(shape->stride, c.shape.stride);
  EXPECT_EQ(shape->planes, c.shape.planes);
  std::vector<std::uint8_t> dec(shape->raw_bytes(), 0xEE);
  auto st = plane_decode(enc, dec);
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  EXPECT_EQ(dec, raw);
  if (c.codec != PlaneCodecId::raw && c.content != Content::noise && raw.size() >= 4096) {
    EXPECT_LT(enc.size(), raw.size() / 2);
  }
}

constexpr PlaneShape kA4Band{64, 620, 4};
INSTANTIATE_TEST_SUITE_P(
    Codecs, PlaneRoundTrip,
    ::testing::Values(RoundTripCase{PlaneCodecId::raw, Content::office, kA4Band},
                      RoundTripCase{PlaneCodecId::packbits, Content::zeros, kA4Band},
                      RoundTripCase{PlaneCodecId::packbits, Content::office, kA4Band},
                      RoundTripCase{PlaneCodecId::packbits, Content::noise, kA4Band},
                      RoundTripCase{PlaneCodecId::zstd, Content::zeros, kA4Band},
                      RoundTripCase{PlaneCodecId::zstd, Content::office, kA4Band},
                      RoundTripCase{PlaneCodecId::zstd, Content::halftone, kA4Band},
                      RoundTripCase{PlaneCodecId::zstd, Content::noise, kA4Band},
                      RoundTripCase{PlaneCodecId::zstd, Content::office, PlaneShape{1, 1, 1}},
                      RoundTripCase{PlaneCodecId::packbits, Content::halftone,
                                    PlaneShape{7, 13, 2}}));

TEST(PlaneCodec, IncompressibleDataIsStoredRaw) {
  for (PlaneCodecId codec : {PlaneCodecId::packbits, PlaneCodecId::zstd}) {
    PlaneShape s{16, 100, 1};
    auto raw = make_band(s, Content::noise);
    auto enc = encode(raw, s, codec);
    EXPECT_EQ(enc.size(), plane_max_encoded_size(raw.size()));
    EXPECT_EQ(enc[2], static_cast<std::uint8_t>(PlaneCodecId::raw));
  }
}

TEST(PlaneCodec, EncodeRejectsBadArguments) {
  PlaneShape s{4, 10, 4};
  std::vector<std::uint8_t> raw(s.raw_bytes());
  std::vector<std::uint8_t> out(plane_max_encoded_size(raw.size()));
  std::vector<std::uint8_t> small(raw.size());
  EXPECT_EQ(plane_encode(raw, s, PlaneCodecId::zstd, small).status().code(),
            StatusCode::invalid_argument);
  EXPECT_EQ(plane_encode(std::span(raw).first(10), s, PlaneCodecId::zstd, out).status().code(),
            StatusCode::invalid_argument);
  EXPECT_EQ(plane_encode(raw, PlaneShape{4, 10, 5}, PlaneCodecId::zstd, out).status().code(),
            StatusCode::invalid_argument);
  EXPECT_EQ(plane_encode({}, PlaneShape{0, 10, 1}, PlaneCodecId::zstd, out).status().code(),
            StatusCode::invalid_argument);
  EXPECT_EQ(plane_encode(raw, s, static_cast<PlaneCodecId>(9), out).status().code(),
            StatusCode::invalid_argument);
}

void put32(std::vector<std::uint8_t>& v, std::size_t off, std::uint32_t x) {
  for (int i = 0; i < 4; ++i) v[off + i] = static_cast<std::uint8_t>(x >> (8 * i));
}

struct BadCase {
  const char* name;
  PlaneCodecId codec;
  void (*mutate)(std::vector<std::uint8_t>&);
  StatusCode expect;
};

class PlaneBadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(PlaneBadInput, GivesExpectedStatus) {
  const auto& c = GetParam();
  PlaneShape s{64, 620, 4};
  auto raw = make_band(s, Content::office);
  auto enc = encode(raw, s, c.codec);
  c.mutate(enc);
  std::vector<std::uint8_t> dec(s.raw_bytes());
  auto st = plane_decode(enc, dec);
  EXPECT_EQ(st.code(), c.expect) << st.to_string();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PlaneBadInput,
    ::testing::Values(
        BadCase{"empty", PlaneCodecId::zstd, [](auto& v) { v.clear(); }, StatusCode::truncated},
        BadCase{"short_header", PlaneCodecId::zstd, [](auto& v) { v.resize(12); },
                StatusCode::truncated},
        BadCase{"bad_magic", PlaneCodecId::zstd, [](auto& v) { v[0] ^= 1; },
                StatusCode::malformed_data},
        BadCase{"bad_version", PlaneCodecId::zstd, [](auto& v) { v[1] = 7; },
                StatusCode::unsupported},
        BadCase{"unknown_codec", PlaneCodecId::zstd, [](auto& v) { v[2] = 9; },
                StatusCode::unsupported},
        BadCase{"planes_zero", PlaneCodecId::zstd, [](auto& v) { v[3] = 0; },
                StatusCode::malformed_data},
        BadCase{"payload_cut", PlaneCodecId::zstd, [](auto& v) { v.resize(v.size() - 3); },
                StatusCode::truncated},
        BadCase{"payload_extra", PlaneCodecId::zstd, [](auto& v) { v.push_back(0); },
                StatusCode::malformed_data},
        BadCase{"payload_length_huge", PlaneCodecId::zstd,
                [](auto& v) { put32(v, 12, 0xFFFFFFFFu); }, StatusCode::malformed_data},
        BadCase{"raw_length_wrong", PlaneCodecId::raw,
                [](auto& v) {
                  put32(v, 12, 100);
                  v.resize(120);
                },
                StatusCode::malformed_data},
        BadCase{"rows_changed", PlaneCodecId::zstd, [](auto& v) { put32(v, 4, 63); },
                StatusCode::invalid_argument},
        BadCase{"rows_absurd", PlaneCodecId::zstd, [](auto& v) { put32(v, 4, 0x7FFFFFFF); },
                StatusCode::limit_exceeded},
        BadCase{"crc_wrong", PlaneCodecId::raw, [](auto& v) { v[16] ^= 0xFF; },
                StatusCode::integrity_error},
        BadCase{"raw_data_flipped", PlaneCodecId::raw, [](auto& v) { v[v.size() / 2] ^= 0x40; },
                StatusCode::integrity_error},
        // zstd streams carry the frame's checksum, and 0 in the header's CRC field.
        BadCase{"zstd_checksum_wrong", PlaneCodecId::zstd, [](auto& v) { v.back() ^= 0x01; },
                StatusCode::integrity_error},
        BadCase{"zstd_crc_field_set", PlaneCodecId::zstd, [](auto& v) { v[16] ^= 0xFF; },
                StatusCode::malformed_data},
        // A flipped bit in a literal still decodes: the frame's checksum refuses the band.
        BadCase{"zstd_payload_flipped", PlaneCodecId::zstd,
                [](auto& v) { v[v.size() / 2] ^= 0x40; }, StatusCode::integrity_error},
        BadCase{"packbits_payload_cut", PlaneCodecId::packbits,
                [](auto& v) {
                  v.resize(v.size() - 1);
                  put32(v, 12, static_cast<std::uint32_t>(v.size() - 20));
                },
                StatusCode::truncated}),
    [](const ::testing::TestParamInfo<BadCase>& i) { return std::string(i.param.name); });

TEST(PlaneCodec, ZstdFrameWithWrongContentSizeIsRejected) {
  std::vector<std::uint8_t> other(15, 0);  // one byte short of the shape
  std::vector<std::uint8_t> frame(ZSTD_compressBound(other.size()));
  frame.resize(ZSTD_compress(frame.data(), frame.size(), other.data(), other.size(), 1));
  std::vector<std::uint8_t> enc(20, 0);
  enc[0] = 0xB5;
  enc[1] = 2;
  enc[2] = 2;
  enc[3] = 1;
  put32(enc, 4, 2);
  put32(enc, 8, 8);
  put32(enc, 12, static_cast<std::uint32_t>(frame.size()));
  enc.insert(enc.end(), frame.begin(), frame.end());
  std::vector<std::uint8_t> dec(16);
  EXPECT_EQ(plane_decode(enc, dec).code(), StatusCode::malformed_data);
}

TEST(PlaneCodec, A4PageEncodesFast) {
  // 600 dpi A4, 4 planes of 1-bit dots in 64-row bands, office-like content.
  PlaneShape s{64, 620, 4};
  auto raw = make_band(s, Content::office);
  std::vector<std::uint8_t> out(plane_max_encoded_size(raw.size()));
  const auto t0 = std::chrono::steady_clock::now();
  for (int band = 0; band < 110; ++band) {
    ASSERT_TRUE(plane_encode(raw, s, PlaneCodecId::zstd, out).is_ok());
  }
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  RecordProperty("a4_page_encode_ms", std::to_string(ms));
  EXPECT_LT(ms, 500.0);  // generous: measured ~12 ms at -O2; this guards against pathologies
}

}  // namespace
}  // namespace mfp::codecs
