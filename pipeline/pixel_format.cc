#include "pipeline/pixel_format.h"

namespace mfp::pipeline {

std::string_view to_string(PixelFormat f) noexcept {
  switch (f) {
    case PixelFormat::gray8:
      return "gray8";
    case PixelFormat::rgb8:
      return "rgb8";
    case PixelFormat::rgb16:
      return "rgb16";
    case PixelFormat::cmyk8:
      return "cmyk8";
    case PixelFormat::cmyk8_planar:
      return "cmyk8_planar";
    case PixelFormat::k8:
      return "k8";
    case PixelFormat::cmyk1_planar:
      return "cmyk1_planar";
    case PixelFormat::cmyk2_planar:
      return "cmyk2_planar";
    case PixelFormat::k1:
      return "k1";
    case PixelFormat::k2:
      return "k2";
  }
  return "unknown";
}

std::string_view to_string(ColorSpace c) noexcept {
  switch (c) {
    case ColorSpace::gray:
      return "gray";
    case ColorSpace::srgb:
      return "srgb";
    case ColorSpace::adobe_rgb:
      return "adobe-rgb";
    case ColorSpace::cmyk:
      return "cmyk";
    case ColorSpace::black:
      return "black";
  }
  return "unknown";
}

}  // namespace mfp::pipeline
