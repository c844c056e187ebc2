#include "security/crypto/key_wrap.h"

#include <gtest/gtest.h>

#include <vector>

#include "security/crypto/detail/kwp.h"
#include "tests/unit/security/crypto/hex.h"

namespace mfp::security::crypto {
namespace {

using pipeline::StatusCode;
using testing::from_hex;

std::vector<std::uint8_t> to_vector(const SecureBytes& b) {
  return {b.data(), b.data() + b.size()};
}

// RFC 5649 section 6: both examples use this 192-bit KEK.
const auto kRfcKek = from_hex("5840df6e29b02af1 ab493b705bf16ea1 ae8338f4dcc176a8");

TEST(KeyWrapRfc5649, TwentyOctetKey) {
  const auto key = from_hex("c37b7e6492584340 bed1220780894115 5068f738");
  const auto expected =
      from_hex("138bdeaa9b8fa7fc 61f97742e72248ee 5ae6ae5360d1ae6a 5f54f373fa543b6a");
  auto wrapped = detail::kwp_wrap(kRfcKek, key);
  ASSERT_TRUE(wrapped.is_ok()) << wrapped.status().to_string();
  EXPECT_EQ(*wrapped, expected);
  auto unwrapped = detail::kwp_unwrap(kRfcKek, expected);
  ASSERT_TRUE(unwrapped.is_ok()) << unwrapped.status().to_string();
  EXPECT_EQ(to_vector(*unwrapped), key);
}

TEST(KeyWrapRfc5649, SevenOctetKey) {
  const auto key = from_hex("466f7250617369");
  const auto expected = from_hex("afbeb0f07dfbf541 9200f2ccb50bb24f");
  auto wrapped = detail::kwp_wrap(kRfcKek, key);
  ASSERT_TRUE(wrapped.is_ok());
  EXPECT_EQ(*wrapped, expected);
  auto unwrapped = detail::kwp_unwrap(kRfcKek, expected);
  ASSERT_TRUE(unwrapped.is_ok());
  EXPECT_EQ(to_vector(*unwrapped), key);
}

TEST(KeyWrapRfc5649, TamperedVectorFails) {
  auto wrapped = from_hex("138bdeaa9b8fa7fc 61f97742e72248ee 5ae6ae5360d1ae6a 5f54f373fa543b6a");
  wrapped[20] ^= 0x04;
  EXPECT_EQ(detail::kwp_unwrap(kRfcKek, wrapped).status().code(), StatusCode::integrity_error);
}

TEST(KeyWrap, Aes256RoundTripsEveryLength) {
  std::vector<std::uint8_t> kek(32);
  for (std::size_t i = 0; i < kek.size(); ++i) kek[i] = static_cast<std::uint8_t>(0x80 + i);
  for (std::size_t n : {1, 7, 8, 9, 16, 31, 32, 33, 64, 255, 4096}) {
    SCOPED_TRACE(n);
    std::vector<std::uint8_t> key(n);
    for (std::size_t i = 0; i < n; ++i) key[i] = static_cast<std::uint8_t>(i * 13 + n);
    auto wrapped = wrap_key(kek, key);
    ASSERT_TRUE(wrapped.is_ok()) << wrapped.status().to_string();
    EXPECT_EQ(wrapped->size(), (n + 7) / 8 * 8 + 8);
    auto back = unwrap_key(kek, *wrapped);
    ASSERT_TRUE(back.is_ok()) << back.status().to_string();
    EXPECT_EQ(to_vector(*back), key);
  }
}

TEST(KeyWrap, IsDeterministicUnderOneKek) {
  const std::vector<std::uint8_t> kek(32, 3), key(32, 4);
  EXPECT_EQ(wrap_key(kek, key).value(), wrap_key(kek, key).value());
}

TEST(KeyWrap, WrongKekFails) {
  std::vector<std::uint8_t> kek(32, 1), other(32, 1), key(32, 0x5A);
  other[0] ^= 0x01;
  auto wrapped = wrap_key(kek, key);
  ASSERT_TRUE(wrapped.is_ok());
  EXPECT_EQ(unwrap_key(other, *wrapped).status().code(), StatusCode::integrity_error);
}

TEST(KeyWrap, EveryBitFlipIsDetected) {
  const std::vector<std::uint8_t> kek(32, 7), key(32, 0x11);
  const auto wrapped = wrap_key(kek, key).value();
  for (std::size_t i = 0; i < wrapped.size(); ++i) {
    auto w = wrapped;
    w[i] ^= static_cast<std::uint8_t>(1u << (i % 8));
    EXPECT_EQ(unwrap_key(kek, w).status().code(), StatusCode::integrity_error) << "byte " << i;
  }
}

TEST(KeyWrap, RejectsBadSizes) {
  const std::vector<std::uint8_t> kek(32, 1), key(32, 2);
  EXPECT_EQ(wrap_key(std::vector<std::uint8_t>(24), key).status().code(),
            StatusCode::invalid_argument);
  EXPECT_EQ(wrap_key(kek, {}).status().code(), StatusCode::invalid_argument);
  EXPECT_EQ(wrap_key(kek, std::vector<std::uint8_t>(4097)).status().code(),
            StatusCode::invalid_argument);
  EXPECT_EQ(
      unwrap_key(std::vector<std::uint8_t>(16), std::vector<std::uint8_t>(40)).status().code(),
      StatusCode::invalid_argument);
  for (std::size_t n : {0, 8, 15, 17, 41}) {
    EXPECT_EQ(unwrap_key(kek, std::vector<std::uint8_t>(n)).status().code(),
              StatusCode::integrity_error)
        << n;
  }
}

}  // namespace
}  // namespace mfp::security::crypto
