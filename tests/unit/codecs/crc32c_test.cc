// CRC-32C: the standard check value, and the same answer from every split of the data (the
// hardware path handles 8-byte words and a byte tail).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "codecs/detail/crc32c.h"

namespace mfp::codecs {
namespace {

TEST(Crc32c, CheckValueAndEmpty) {
  const std::string check = "123456789";
  EXPECT_EQ(detail::crc32c(reinterpret_cast<const std::uint8_t*>(check.data()), check.size()),
            0xE3069283u);
  EXPECT_EQ(detail::crc32c(nullptr, 0), 0u);
}

TEST(Crc32c, EveryLengthAgreesWithTheBitwiseDefinition) {
  std::vector<std::uint8_t> data(100);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 37 + 11);
  for (std::size_t n = 0; n <= data.size(); ++n) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < n; ++i) {
      crc ^= data[i];
      for (int k = 0; k < 8; ++k) crc = (crc & 1) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
    }
    EXPECT_EQ(detail::crc32c(data.data(), n), ~crc) << n;
  }
}

}  // namespace
}  // namespace mfp::codecs
