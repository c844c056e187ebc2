#pragma once
// ImageLimits: the size bounds every decoder checks against a header before it allocates.

#include <cstdint>

namespace mfp::codecs {

// Bounds a decoder enforces on what a document declares. A header that exceeds any of them fails
// with `limit_exceeded` before any buffer is sized from it. The defaults fit any page an office
// device prints (A3+ at 1200 dpi); fuzz targets and tests pass smaller ones.
struct ImageLimits {
  std::uint32_t max_width = 32768;                 // pixels
  std::uint32_t max_height = 32768;                // pixels
  std::uint64_t max_pixels = 32768ull * 32768ull;  // width * height of one page
  std::uint64_t max_page_bytes = 1ull << 30;       // decoded bytes of one page
  std::uint32_t max_pages = 100000;                // pages of one document
};

}  // namespace mfp::codecs
