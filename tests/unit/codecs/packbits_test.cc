#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "codecs/packbits.h"

namespace mfp::codecs {
namespace {

using pipeline::StatusCode;

std::vector<std::uint8_t> roundtrip(const std::vector<std::uint8_t>& in) {
  std::vector<std::uint8_t> enc(packbits_max_encoded_size(in.size()));
  auto n = packbits_encode(in, enc);
  EXPECT_TRUE(n.is_ok());
  enc.resize(n.value());
  std::vector<std::uint8_t> dec(in.size());
  EXPECT_TRUE(packbits_decode(enc, dec).is_ok());
  return dec;
}

TEST(PackBits, RoundTripsVariedInputs) {
  std::mt19937 rng(1);
  std::vector<std::vector<std::uint8_t>> inputs = {{}, {1}, {1, 1}, {1, 1, 1}, {1, 2, 3}};
  inputs.emplace_back(1000, 0);
  inputs.emplace_back(129, 7);
  std::vector<std::uint8_t> mixed;
  for (int i = 0; i < 5000; ++i) {
    const int len = 1 + static_cast<int>(rng() % 300);
    const bool run = rng() % 2;
    const auto v = static_cast<std::uint8_t>(rng());
    for (int k = 0; k < len; ++k) mixed.push_back(run ? v : static_cast<std::uint8_t>(rng()));
  }
  inputs.push_back(mixed);
  for (const auto& in : inputs) EXPECT_EQ(roundtrip(in), in);
}

TEST(PackBits, KnownEncoding) {
  // The Apple technote example.
  std::vector<std::uint8_t> enc = {0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA,
                                   0x03, 0x80, 0x00, 0x2A, 0x22, 0xF7, 0xAA};
  std::vector<std::uint8_t> expect = {0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0xAA, 0xAA,
                                      0xAA, 0xAA, 0x80, 0x00, 0x2A, 0x22, 0xAA, 0xAA,
                                      0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA};
  std::vector<std::uint8_t> dec(expect.size());
  ASSERT_TRUE(packbits_decode(enc, dec).is_ok());
  EXPECT_EQ(dec, expect);
}

TEST(PackBits, RunsCompress) {
  std::vector<std::uint8_t> in(128 * 10, 0x55);
  std::vector<std::uint8_t> enc(packbits_max_encoded_size(in.size()));
  EXPECT_EQ(packbits_encode(in, enc).value(), 20u);
}

TEST(PackBits, EncodeFailsCleanlyWhenOutputTooSmall) {
  std::vector<std::uint8_t> in = {1, 2, 3, 4, 5, 6};
  std::vector<std::uint8_t> enc(6);
  EXPECT_EQ(packbits_encode(in, enc).status().code(), StatusCode::resource_exhausted);
}

TEST(PackBits, DecodeBadInput) {
  std::vector<std::uint8_t> out(4);
  EXPECT_EQ(packbits_decode(std::vector<std::uint8_t>{0x05, 1, 2}, out).code(),
            StatusCode::truncated);  // literal ends early
  EXPECT_EQ(packbits_decode(std::vector<std::uint8_t>{0xFE}, out).code(),
            StatusCode::truncated);  // run byte missing
  EXPECT_EQ(packbits_decode(std::vector<std::uint8_t>{0xF0, 9}, out).code(),
            StatusCode::malformed_data);  // run overflows
  EXPECT_EQ(packbits_decode(std::vector<std::uint8_t>{0x04, 1, 2, 3, 4, 5}, out).code(),
            StatusCode::malformed_data);  // literal overflows
  EXPECT_EQ(packbits_decode(std::vector<std::uint8_t>{0xFF, 1}, out).code(),
            StatusCode::truncated);  // too little output
  EXPECT_TRUE(packbits_decode(std::vector<std::uint8_t>{0x80, 0xFD, 1, 0x80}, out).is_ok());
}

}  // namespace
}  // namespace mfp::codecs
