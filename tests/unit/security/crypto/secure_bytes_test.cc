#include "security/crypto/secure_bytes.h"

#include <gtest/gtest.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <utility>

namespace mfp::security::crypto {
namespace {

TEST(SecureBytes, StartsZeroedAndSized) {
  SecureBytes b(48);
  ASSERT_EQ(b.size(), 48u);
  EXPECT_FALSE(b.empty());
  EXPECT_TRUE(std::all_of(b.data(), b.data() + b.size(), [](std::uint8_t v) { return v == 0; }));
  SecureBytes none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.data(), nullptr);
  SecureBytes zero(0);
  EXPECT_TRUE(zero.empty());
}

TEST(SecureBytes, CopyOfCopiesTheBytes) {
  const std::array<std::uint8_t, 5> src = {1, 2, 3, 4, 5};
  auto b = SecureBytes::copy_of(src);
  ASSERT_EQ(b.size(), 5u);
  EXPECT_TRUE(std::equal(src.begin(), src.end(), b.data()));
  EXPECT_NE(static_cast<const void*>(b.data()), static_cast<const void*>(src.data()));
}

TEST(SecureBytes, MoveLeavesTheSourceEmpty) {
  auto a = SecureBytes::copy_of(std::array<std::uint8_t, 3>{7, 8, 9});
  const std::uint8_t* p = a.data();
  SecureBytes b(std::move(a));
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the contract under test
  EXPECT_EQ(a.data(), nullptr);
  EXPECT_EQ(b.data(), p);
  SecureBytes c(10);
  c = std::move(b);
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move)
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c.data()[2], 9);
  SecureBytes& alias = c;
  c = std::move(alias);  // self-move keeps the value
  EXPECT_EQ(c.size(), 3u);
}

TEST(SecureBytes, ClearEmpties) {
  SecureBytes b(16);
  b.clear();
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.data(), nullptr);
  b.clear();  // twice is fine
}

TEST(SecureBytes, UsesTheSecureHeapWhenInitialisedAndFallsBackWhenFull) {
  const bool was_initialised = CRYPTO_secure_malloc_initialized() != 0;
  if (!was_initialised && CRYPTO_secure_malloc_init(4096, 16) == 0) {
    GTEST_SKIP() << "no OpenSSL secure heap on this system";
  }
  {
    SecureBytes small(64);
    EXPECT_NE(CRYPTO_secure_allocated(small.data()), 0);
    SecureBytes too_big(8192);  // larger than the whole secure heap: ordinary heap
    EXPECT_EQ(CRYPTO_secure_allocated(too_big.data()), 0);
    EXPECT_TRUE(std::all_of(too_big.data(), too_big.data() + too_big.size(),
                            [](std::uint8_t v) { return v == 0; }));
    SecureBytes moved(std::move(small));
    EXPECT_NE(CRYPTO_secure_allocated(moved.data()), 0);
  }  // both kinds freed through the matching clear-free
  if (!was_initialised) {
    EXPECT_EQ(CRYPTO_secure_malloc_done(), 1);
  }
}

TEST(SecureZero, ZeroesEveryByte) {
  std::array<std::uint8_t, 33> buf;
  buf.fill(0xA5);
  secure_zero(buf);
  EXPECT_TRUE(std::all_of(buf.begin(), buf.end(), [](std::uint8_t v) { return v == 0; }));
  secure_zero({});  // empty span is a no-op
}

TEST(ConstantTimeEqual, ComparesContentAndLength) {
  const std::array<std::uint8_t, 4> a = {1, 2, 3, 4};
  const std::array<std::uint8_t, 4> b = {1, 2, 3, 4};
  const std::array<std::uint8_t, 4> c = {1, 2, 3, 5};
  const std::array<std::uint8_t, 3> d = {1, 2, 3};
  EXPECT_TRUE(constant_time_equal(a, b));
  EXPECT_FALSE(constant_time_equal(a, c));
  EXPECT_FALSE(constant_time_equal(a, d));
  EXPECT_TRUE(constant_time_equal({}, {}));
}

}  // namespace
}  // namespace mfp::security::crypto
