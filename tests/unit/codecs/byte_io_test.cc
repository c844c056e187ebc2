#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

#include "codecs/byte_io.h"

namespace mfp::codecs {
namespace {

using pipeline::StatusCode;

TEST(MemorySource, ReadsInChunksThenZero) {
  const std::vector<std::uint8_t> data = {1, 2, 3, 4, 5};
  MemorySource src(data);
  std::array<std::uint8_t, 3> buf{};
  EXPECT_EQ(src.read(buf).value(), 3u);
  EXPECT_EQ(buf, (std::array<std::uint8_t, 3>{1, 2, 3}));
  EXPECT_EQ(src.read(buf).value(), 2u);
  EXPECT_EQ(buf[0], 4);
  EXPECT_EQ(buf[1], 5);
  EXPECT_EQ(src.read(buf).value(), 0u);
  EXPECT_EQ(src.read({}).value(), 0u);
}

TEST(ReadExact, FillsOrReportsTruncation) {
  const std::vector<std::uint8_t> data = {9, 8, 7};
  MemorySource src(data);
  std::array<std::uint8_t, 2> two{};
  EXPECT_TRUE(read_exact(src, two, "first").is_ok());
  EXPECT_EQ(two[1], 8);
  const auto s = read_exact(src, two, "second");
  EXPECT_EQ(s.code(), StatusCode::truncated);
  EXPECT_NE(s.message().find("second"), std::string::npos);
}

TEST(VectorSink, Appends) {
  std::vector<std::uint8_t> out = {0};
  VectorSink sink(out);
  const std::vector<std::uint8_t> a = {1, 2};
  EXPECT_TRUE(sink.write(a).is_ok());
  EXPECT_TRUE(sink.write({}).is_ok());
  EXPECT_EQ(out, (std::vector<std::uint8_t>{0, 1, 2}));
}

}  // namespace
}  // namespace mfp::codecs
