#include "frontends/http/connection_limiter.h"

#include <gtest/gtest.h>

#include <optional>

namespace mfp::frontends::http {
namespace {

// The per-source limit counts an IPv6 client's whole /64: rotating addresses inside it gains
// no connections; another /64 and IPv4 sources are counted apart.
TEST(ConnectionLimiterTest, Ipv6SourcesCountByPrefix) {
  ConnectionLimiter limiter(100, 2);
  auto a = limiter.try_acquire("2001:db8::1");
  auto b = limiter.try_acquire("2001:db8::2");
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(limiter.try_acquire("2001:db8::ffff:3"));
  EXPECT_EQ(limiter.open_from("2001:db8::77"), 2u);
  auto other = limiter.try_acquire("2001:db8:0:1::1");
  EXPECT_TRUE(other);
  auto v4 = limiter.try_acquire("10.0.0.1");
  auto v4b = limiter.try_acquire("10.0.0.1");
  EXPECT_TRUE(v4 && v4b);
  EXPECT_FALSE(limiter.try_acquire("10.0.0.1"));
  EXPECT_TRUE(limiter.try_acquire("10.0.0.2"));
  a.reset();
  EXPECT_EQ(limiter.open_from("2001:db8::1"), 1u);
  EXPECT_TRUE(limiter.try_acquire("2001:db8::5"));
  EXPECT_EQ(limiter.open(), 4u);  // b, other, v4, v4b (the temporaries are gone)
}

}  // namespace
}  // namespace mfp::frontends::http
