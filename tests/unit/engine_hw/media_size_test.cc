#include "engine_hw/media_size.h"

#include <gtest/gtest.h>

namespace mfp::engine_hw {
namespace {

TEST(MediaSize, ParsesPwgSelfDescribingNames) {
  auto a4 = parse_pwg_media("iso_a4_210x297mm");
  ASSERT_TRUE(a4.is_ok());
  EXPECT_DOUBLE_EQ(a4->width_mm, 210);
  EXPECT_DOUBLE_EQ(a4->height_mm, 297);
  auto letter = parse_pwg_media("na_letter_8.5x11in");
  ASSERT_TRUE(letter.is_ok());
  EXPECT_DOUBLE_EQ(letter->width_mm, 215.9);
  EXPECT_DOUBLE_EQ(letter->height_mm, 279.4);
  EXPECT_TRUE(parse_pwg_media("custom_min_3.5x5in").is_ok());
}

TEST(MediaSize, RejectsOtherText) {
  for (const char* bad :
       {"", "a4", "iso_a4", "iso_a4_210x297", "iso_a4_210x297cm", "iso_a4_x297mm", "iso_a4_0x297mm",
        "iso_a4_-1x297mm", "iso_a4_210x297xmm", "iso_a4_210y297mm"}) {
    EXPECT_EQ(parse_pwg_media(bad).status().code(), pipeline::StatusCode::invalid_argument) << bad;
  }
}

TEST(MediaSize, MatchesWithinToleranceInEitherOrientation) {
  const MediaSize a4{210, 297};
  const MediaSize raster = MediaSize::of_raster(4960, 7016, 600, 600);  // 209.97 x 297.03
  EXPECT_TRUE(a4.matches(raster, 2.0));
  EXPECT_TRUE(a4.matches(MediaSize::of_raster(7016, 4960, 600, 600), 2.0));
  EXPECT_FALSE(a4.matches(MediaSize::of_raster(5100, 6600, 600, 600), 2.0));  // letter
  EXPECT_FALSE(a4.matches(raster, 0.01));
  EXPECT_DOUBLE_EQ(MediaSize::of_raster(100, 100, 0, 600).width_mm, 0);
}

}  // namespace
}  // namespace mfp::engine_hw
