#include "pipeline/buffer_pool.h"

#include <gtest/gtest.h>

#include <cstring>

namespace mfp::pipeline {
namespace {

TEST(BufferPool, BuffersAreZeroedOnReleaseAndReused) {
  BufferPool pool;
  std::uint8_t* first = nullptr;
  {
    auto b = pool.acquire(10000);
    ASSERT_TRUE(b.is_ok());
    first = b->data();
    std::memset(b->data(), 0xA5, b->capacity());
  }
  auto again = pool.acquire(10000);
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->data(), first);  // served from the cache
  for (std::size_t i = 0; i < again->capacity(); ++i) ASSERT_EQ(again->data()[i], 0) << i;
  EXPECT_EQ(pool.stats().reuses, 1u);
}

TEST(BufferPool, CeilingIsEnforced) {
  BufferPool pool(64 * 1024);
  auto a = pool.acquire(40 * 1024);
  ASSERT_TRUE(a.is_ok());
  auto b = pool.acquire(40 * 1024);
  ASSERT_FALSE(b.is_ok());
  EXPECT_EQ(b.status().code(), StatusCode::resource_exhausted);
  a->reset();
  EXPECT_TRUE(pool.acquire(40 * 1024).is_ok());
}

TEST(BufferPool, BuffersOutliveThePool) {
  Buffer kept;
  {
    BufferPool pool;
    auto b = pool.acquire(100);
    ASSERT_TRUE(b.is_ok());
    kept = std::move(b).value();
  }
  kept.data()[0] = 1;
  kept.reset();
  EXPECT_TRUE(kept.empty());
}

TEST(BufferPool, StatsTrackPeak) {
  BufferPool pool;
  {
    auto a = pool.acquire(4096);
    auto b = pool.acquire(4096);
    ASSERT_TRUE(a.is_ok() && b.is_ok());
    EXPECT_EQ(pool.stats().outstanding_bytes, 8192u);
  }
  EXPECT_EQ(pool.stats().outstanding_bytes, 0u);
  EXPECT_EQ(pool.stats().peak_outstanding_bytes, 8192u);
}

}  // namespace
}  // namespace mfp::pipeline
