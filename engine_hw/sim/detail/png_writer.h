#pragma once
// encode_png_rgb8: writes an 8-bit RGB image as PNG bytes with libpng.

#include <png.h>

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "pipeline/status.h"

namespace mfp::engine_hw::sim::detail {

struct PngWriteDeleter {
  void operator()(png_struct* png) const noexcept {
    png_structp p = png;
    png_destroy_write_struct(&p, nullptr);
  }
};
// Owns one libpng write struct (png_structp).
using PngWritePtr = std::unique_ptr<png_struct, PngWriteDeleter>;

struct PngInfoDeleter {
  png_structp png = nullptr;  // the struct the info belongs to; must outlive this
  void operator()(png_info* info) const noexcept {
    png_infop i = info;
    png_destroy_info_struct(png, &i);
  }
};
// Owns one libpng info struct (png_infop); destroy it before its PngWritePtr.
using PngInfoPtr = std::unique_ptr<png_info, PngInfoDeleter>;

// Encodes `rgb` (height rows of width * 3 bytes, top row first) as a PNG. Fails with
// invalid_argument if the sizes disagree, internal if libpng reports an error, and
// resource_exhausted without memory. Never throws.
[[nodiscard]] pipeline::Result<std::vector<std::uint8_t>> encode_png_rgb8(
    std::uint32_t width, std::uint32_t height, std::span<const std::uint8_t> rgb) noexcept;

}  // namespace mfp::engine_hw::sim::detail
