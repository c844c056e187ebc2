#pragma once
// Pixel formats and color spaces that flow between stages, with their memory layout rules.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace mfp::pipeline {

// Layout of one band's pixels. Chunky formats store `channels` samples per pixel in a row of
// `stride` bytes. Planar formats store plane after plane: each plane holds `rows` rows of
// `stride` bytes (the band's stride is per plane row). Bits are MSB-first: the leftmost pixel of
// a byte is its most significant bit(s), as PWG raster and print engines use.
enum class PixelFormat : std::uint8_t {
  gray8,         // 1 channel, 8 bits, 0 = black
  rgb8,          // 3 channels, 8 bits, chunky
  rgb16,         // 3 channels, 16 bits native-endian, chunky
  cmyk8,         // 4 channels, 8 bits, chunky, 255 = full ink
  cmyk8_planar,  // 4 planes of 8-bit ink
  k8,            // 1 plane of 8-bit black ink (monochrome print path)
  cmyk1_planar,  // 4 planes, 1 bit per pixel, 1 = dot
  cmyk2_planar,  // 4 planes, 2 bits per pixel, 0..3 = dot size
  k1,            // 1 plane, 1 bit per pixel
  k2,            // 1 plane, 2 bits per pixel
};

// The color space of the document's samples, which the color stage converts from.
enum class ColorSpace : std::uint8_t {
  gray,  // sGray (D65, sRGB tone curve)
  srgb,
  adobe_rgb,
  cmyk,   // device CMYK: passed through
  black,  // 1-bit or 8-bit black as ink (PWG black_1 / black_8): 1 = ink
};

std::string_view to_string(PixelFormat f) noexcept;
std::string_view to_string(ColorSpace c) noexcept;

// Number of planes the format stores (1 for chunky formats).
constexpr unsigned planes_of(PixelFormat f) noexcept {
  switch (f) {
    case PixelFormat::cmyk8_planar:
    case PixelFormat::cmyk1_planar:
    case PixelFormat::cmyk2_planar:
      return 4;
    default:
      return 1;
  }
}

// Samples per pixel within one plane (3 for rgb8, 1 for any planar format).
constexpr unsigned channels_of(PixelFormat f) noexcept {
  switch (f) {
    case PixelFormat::rgb8:
    case PixelFormat::rgb16:
      return 3;
    case PixelFormat::cmyk8:
      return 4;
    default:
      return 1;
  }
}

// Bits per pixel within one plane (24 for rgb8, 1 for cmyk1_planar).
constexpr unsigned bits_per_pixel_of(PixelFormat f) noexcept {
  switch (f) {
    case PixelFormat::gray8:
    case PixelFormat::cmyk8_planar:
    case PixelFormat::k8:
      return 8;
    case PixelFormat::rgb8:
      return 24;
    case PixelFormat::rgb16:
      return 48;
    case PixelFormat::cmyk8:
      return 32;
    case PixelFormat::cmyk1_planar:
    case PixelFormat::k1:
      return 1;
    case PixelFormat::cmyk2_planar:
    case PixelFormat::k2:
      return 2;
  }
  return 8;
}

// Bytes of one row of one plane for `width` pixels, without padding.
constexpr std::size_t row_bytes(PixelFormat f, std::uint32_t width) noexcept {
  return (static_cast<std::size_t>(width) * bits_per_pixel_of(f) + 7) / 8;
}

// A small set of formats, used by stages to declare what they accept.
class FormatSet {
 public:
  constexpr FormatSet() noexcept = default;
  constexpr FormatSet(std::initializer_list<PixelFormat> fs) noexcept {
    for (PixelFormat f : fs) bits_ |= bit(f);
  }
  [[nodiscard]] constexpr bool contains(PixelFormat f) const noexcept { return bits_ & bit(f); }
  [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }

 private:
  static constexpr std::uint32_t bit(PixelFormat f) noexcept {
    return 1u << static_cast<unsigned>(f);
  }
  std::uint32_t bits_ = 0;
};

}  // namespace mfp::pipeline
