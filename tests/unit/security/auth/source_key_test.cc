#include "security/auth/source_key.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "security/auth/source_throttle.h"

namespace mfp::security::auth {
namespace {

using namespace std::chrono_literals;

struct KeyCase {
  const char* address;
  const char* key;
};

TEST(SourceKeyTest, Table) {
  const KeyCase cases[] = {
      {"10.0.0.1", "10.0.0.1"},
      {"127.0.0.2", "127.0.0.2"},
      {"::ffff:10.0.0.1", "10.0.0.1"},
      {"2001:db8:1:2::5", "2001:db8:1:2::/64"},
      {"2001:db8:1:2:ffff:eeee:dddd:cccc", "2001:db8:1:2::/64"},
      {"2001:db8:1:3::5", "2001:db8:1:3::/64"},
      {"::1", "::/64"},
      {"::2", "::/64"},
      {"fe80::1%eth0", "fe80::/64"},
      {"not-an-address", "not-an-address"},
      {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(source_key(c.address), c.key) << c.address;
}

// A client rotating through its /64 stays one source: it is blocked after max_failures in
// all, whatever interface identifiers it uses; another /64 is not.
TEST(SourceKeyTest, ThrottleKeysIpv6ByPrefix) {
  SourceThrottle throttle(SourceThrottleOptions{3, 1min, 5min, 64});
  const engine_hw::Clock::TimePoint t0{};
  EXPECT_FALSE(throttle.record_failure("2001:db8:0:1::1", t0));
  EXPECT_FALSE(throttle.record_failure("2001:db8:0:1::2", t0 + 1s));
  EXPECT_TRUE(throttle.record_failure("2001:db8:0:1:aaaa:bbbb:cccc:dddd", t0 + 2s));
  EXPECT_TRUE(throttle.blocked("2001:db8:0:1::9999", t0 + 3s));
  EXPECT_FALSE(throttle.blocked("2001:db8:0:2::1", t0 + 3s));
  EXPECT_EQ(throttle.tracked(), 1u);
  // IPv4 stays per address.
  for (int i = 0; i < 3; ++i) (void)throttle.record_failure("10.0.0.1", t0);
  EXPECT_TRUE(throttle.blocked("10.0.0.1", t0 + 1s));
  EXPECT_FALSE(throttle.blocked("10.0.0.2", t0 + 1s));
}

}  // namespace
}  // namespace mfp::security::auth
