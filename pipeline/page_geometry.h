#pragma once
// PageGeometry: the size, resolution and source color of one page as it flows through a job.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/pixel_format.h"

namespace mfp::pipeline {

// How a page is laid on paper (IPP sides): each page its own sheet, or two pages a sheet with
// the back bound on the long or the short edge.
enum class Sides : std::uint8_t { one_sided, two_sided_long_edge, two_sided_short_edge };

// The IPP keyword of `sides` ("one-sided", "two-sided-long-edge", "two-sided-short-edge").
[[nodiscard]] constexpr std::string_view to_keyword(Sides sides) noexcept {
  switch (sides) {
    case Sides::two_sided_long_edge:
      return "two-sided-long-edge";
    case Sides::two_sided_short_edge:
      return "two-sided-short-edge";
    case Sides::one_sided:
      break;
  }
  return "one-sided";
}
// The Sides an IPP keyword names; nullopt for any other text.
[[nodiscard]] constexpr std::optional<Sides> sides_from_keyword(std::string_view keyword) noexcept {
  for (Sides s : {Sides::one_sided, Sides::two_sided_long_edge, Sides::two_sided_short_edge}) {
    if (to_keyword(s) == keyword) return s;
  }
  return std::nullopt;
}

// Immutable description of one page, shared (read-only) by every band of the page.
struct PageGeometry {
  std::uint32_t width = 0;   // pixels
  std::uint32_t height = 0;  // pixels (rows)
  std::uint32_t x_dpi = 600;
  std::uint32_t y_dpi = 600;
  ColorSpace color_space = ColorSpace::srgb;  // of the document's samples
  std::uint32_t document = 0;                 // 0-based document index within the job
  std::uint32_t page = 0;                     // 0-based page index within the job
  std::string media;                          // PWG self-describing media name, may be empty
  Sides sides = Sides::one_sided;             // set for the engine by the output sink
  std::string tray;        // input tray to feed from, set by the output sink; empty: by size
  std::string media_type;  // media type the sheet must be, set by the output sink; empty: any
  std::string output_bin;  // output bin to deliver to, set by the output sink; empty: default
  std::uint32_t copy = 0;  // which copy of the job (0: the first); a copy starts a new sheet
  // The page has no color (print-color-mode auto): it prints with black toner alone.
  bool black_only = false;
  // The ICC profile of the samples when they are not in color_space's standard profile: a PDF's
  // CMYK output intent (shared by the document's pages, read-only). Null: the standard one.
  std::shared_ptr<const std::vector<std::uint8_t>> source_profile;

  [[nodiscard]] std::uint64_t pixels() const noexcept {
    return static_cast<std::uint64_t>(width) * height;
  }
};

}  // namespace mfp::pipeline
