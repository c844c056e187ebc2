#include "stages/halftone/threshold_screen.h"

#include <gtest/gtest.h>

#include <set>

namespace mfp::stages::halftone {
namespace {

const Colorant kColorants[] = {Colorant::cyan, Colorant::magenta, Colorant::yellow,
                               Colorant::black};

TEST(ThresholdScreen, DefaultScreensUseTheClassicAngles) {
  EXPECT_EQ(default_screen_vector(Colorant::cyan, 600).a, 4);
  EXPECT_EQ(default_screen_vector(Colorant::cyan, 600).b, 1);
  EXPECT_EQ(default_screen_vector(Colorant::magenta, 600).a, 1);
  EXPECT_EQ(default_screen_vector(Colorant::magenta, 600).b, 4);
  EXPECT_EQ(default_screen_vector(Colorant::yellow, 600).b, 0);
  EXPECT_EQ(default_screen_vector(Colorant::black, 600).a,
            default_screen_vector(Colorant::black, 600).b);
  // 300 dpi keeps the cells in device pixels (half the lines per inch).
  EXPECT_EQ(default_screen_vector(Colorant::black, 300).a, 3);
  EXPECT_EQ(default_screen_vector(Colorant::black, 1200).a, 6);
}

TEST(ThresholdScreen, TileIsAMultipleOfTheCellArea) {
  for (Colorant c : kColorants) {
    const ScreenVector v = default_screen_vector(c, 600);
    auto s = ThresholdScreen::make(v, 1);
    ASSERT_TRUE(s.is_ok());
    const auto area = static_cast<std::uint32_t>(v.a * v.a + v.b * v.b);
    EXPECT_EQ(s->tile() % area, 0u);
    EXPECT_GE(s->tile() * s->tile(), 256u);
    // Rows carry 64 bytes of slack that continue the pattern.
    for (std::uint32_t y = 0; y < s->tile(); ++y) {
      const std::uint8_t* row = s->row(y);
      for (std::uint32_t x = 0; x < s->tile() + ThresholdScreen::kRowSlack; ++x) {
        ASSERT_EQ(row[x], row[x % s->tile()]);
      }
    }
  }
}

// Over one tile a constant tone v lies above exactly ceil(v * slots / 255) thresholds: exact
// coverage and a distinct coverage for each of the 256 tones.
TEST(ThresholdScreen, EveryToneHasItsExactCoverage) {
  for (unsigned levels : {1u, 3u}) {
    for (Colorant c : kColorants) {
      auto s = ThresholdScreen::make(default_screen_vector(c, 600), levels);
      ASSERT_TRUE(s.is_ok());
      const std::uint64_t slots = std::uint64_t{levels} * s->tile() * s->tile();
      std::set<std::uint64_t> distinct;
      for (unsigned v = 0; v < 256; ++v) {
        std::uint64_t below = 0;
        for (std::uint32_t y = 0; y < s->tile(); ++y) {
          for (std::uint32_t x = 0; x < s->tile(); ++x) {
            for (unsigned k = 0; k < levels; ++k) below += v > s->threshold(x, y, k);
          }
        }
        ASSERT_EQ(below, (v * slots + 254) / 255) << "tone " << v;
        distinct.insert(below);
      }
      EXPECT_EQ(distinct.size(), 256u);
    }
  }
}

TEST(ThresholdScreen, LevelsOfAPixelNeverDecrease) {
  auto s = ThresholdScreen::make(default_screen_vector(Colorant::cyan, 600), 3);
  ASSERT_TRUE(s.is_ok());
  for (std::uint32_t y = 0; y < s->tile(); ++y) {
    for (std::uint32_t x = 0; x < s->tile(); ++x) {
      ASSERT_LE(s->threshold(x, y, 0), s->threshold(x, y, 1));
      ASSERT_LE(s->threshold(x, y, 1), s->threshold(x, y, 2));
    }
  }
}

TEST(ThresholdScreen, RejectsBadParameters) {
  EXPECT_FALSE(ThresholdScreen::make({0, 0}, 1).is_ok());
  EXPECT_FALSE(ThresholdScreen::make({4, 1}, 2).is_ok());
  EXPECT_FALSE(ThresholdScreen::make({100, 100}, 1).is_ok());
}

}  // namespace
}  // namespace mfp::stages::halftone
