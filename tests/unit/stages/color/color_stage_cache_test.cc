// ColorStageCache: one color stage per profile, intent and mode, shared across jobs; errors
// are not cached; bounded.

#include "stages/color/color_stage_cache.h"

#include <gtest/gtest.h>

#include "tests/unit/stages/color/color_test_util.h"

namespace mfp::stages::color {
namespace {

using test_support::config;

TEST(ColorStageCache, SharesOneStagePerProfileIntentAndMode) {
  ColorStageCache cache;
  auto a = cache.get(config());
  auto b = cache.get(config());
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_EQ(a.value().get(), b.value().get());
  EXPECT_EQ(cache.hits(), 1u);
  auto mono = cache.get(config(pipeline::ColorMode::monochrome));
  auto relative = cache.get(
      config(pipeline::ColorMode::color, pipeline::RenderingIntent::relative_colorimetric));
  ASSERT_TRUE(mono.is_ok() && relative.is_ok());
  EXPECT_NE(mono.value().get(), a.value().get());
  EXPECT_NE(relative.value().get(), a.value().get());
  EXPECT_EQ(cache.size(), 3u);
}

TEST(ColorStageCache, DoesNotCacheErrorsAndIsBounded) {
  ColorStageCache cache(2);
  pipeline::StageConfig missing = config();
  missing.engine_profile_path = "/nonexistent/engine.icc";
  EXPECT_FALSE(cache.get(missing).is_ok());
  EXPECT_EQ(cache.size(), 0u);
  ASSERT_TRUE(cache.get(config()).is_ok());
  ASSERT_TRUE(cache.get(config(pipeline::ColorMode::monochrome)).is_ok());
  ASSERT_TRUE(
      cache.get(config(pipeline::ColorMode::color, pipeline::RenderingIntent::saturation)).is_ok());
  EXPECT_EQ(cache.size(), 2u);
}

}  // namespace
}  // namespace mfp::stages::color
