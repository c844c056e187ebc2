#pragma once
// MediaSize: a sheet's dimensions, read from a PWG 5101.1 self-describing media name or from a
// raster's pixel size, and compared with a tolerance in either orientation.

#include <cstdint>
#include <string_view>

#include "pipeline/page_layout.h"
#include "pipeline/status.h"

namespace mfp::engine_hw {

// The border on every edge of a sheet the engine cannot print on (1/6 in): IPP's media margins
// and what print-scaling fit keeps clear.
inline constexpr std::int32_t kUnprintableMarginHundredthsMm = 423;
inline constexpr double kUnprintableMarginMm = kUnprintableMarginHundredthsMm / 100.0;

// Width and height in millimetres. Plain value; never fails.
struct MediaSize {
  double width_mm = 0;
  double height_mm = 0;

  // The size of a raster of `width` x `height` pixels at `x_dpi` x `y_dpi`; {0, 0} if a
  // resolution is 0.
  [[nodiscard]] static MediaSize of_raster(std::uint32_t width, std::uint32_t height,
                                           std::uint32_t x_dpi, std::uint32_t y_dpi) noexcept;

  // True if both sides agree within `tolerance_mm`, portrait or rotated by 90 degrees (an
  // engine feeds a sheet long-edge or short-edge first).
  [[nodiscard]] bool matches(const MediaSize& other, double tolerance_mm) const noexcept;
};

// Parses the dimensions of a PWG self-describing name: the part after the last '_' is
// "<width>x<height>mm" or "<width>x<height>in" ("iso_a4_210x297mm", "na_letter_8.5x11in").
// Fails with invalid_argument, naming the text, for anything else or non-positive sizes.
[[nodiscard]] pipeline::Result<MediaSize> parse_pwg_media(std::string_view name) noexcept;

// Lays `layout`'s pages on sheets of the PWG media `name`: its name and size. Fails as
// parse_pwg_media does, leaving `layout` as it was. The margin is the caller's.
[[nodiscard]] pipeline::Status set_layout_media(pipeline::PageLayout& layout,
                                                std::string_view name);

}  // namespace mfp::engine_hw
