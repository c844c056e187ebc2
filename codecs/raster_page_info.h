#pragma once
// RasterPageInfo: the page description PWG raster and Apple raster (URF) readers share, so a RIP
// stage can read rows from either with the same code.

#include <cstdint>
#include <string_view>

namespace mfp::codecs {

// Color space of a raster page's samples.
enum class RasterColorSpace : std::uint8_t {
  gray,       // sGray / DeviceGray: 0 = black, max = white
  srgb,       // sRGB (PWG "rgb" and URF DeviceRGB are treated as sRGB)
  adobe_rgb,  // Adobe RGB (1998)
  cmyk,       // device CMYK: 0 = no ink, max = full ink
  black,      // black ink (PWG black_1/_8/_16): 1 / max = full ink, 0 = paper
};

[[nodiscard]] std::string_view to_string(RasterColorSpace c) noexcept;

// Geometry and sample layout of one decoded page. Rows are chunky (num_colors samples per pixel),
// 1-bit samples are packed MSB-first, and 16-bit samples are big-endian as in the file.
struct RasterPageInfo {
  std::uint32_t page_number = 0;  // 1-based position in the stream
  std::uint32_t width = 0;        // pixels
  std::uint32_t height = 0;       // rows
  std::uint32_t x_dpi = 0;
  std::uint32_t y_dpi = 0;
  RasterColorSpace color_space = RasterColorSpace::gray;
  std::uint32_t num_colors = 0;      // samples per pixel: 1, 3 or 4
  std::uint32_t bits_per_color = 0;  // 1, 8 or 16
  std::uint32_t bits_per_pixel = 0;
  std::uint32_t bytes_per_line = 0;  // ceil(width * bits_per_pixel / 8)
  bool duplex = false;
  bool tumble = false;
};

}  // namespace mfp::codecs
