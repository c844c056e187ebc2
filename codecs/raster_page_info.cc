#include "codecs/raster_page_info.h"

namespace mfp::codecs {

std::string_view to_string(RasterColorSpace c) noexcept {
  switch (c) {
    case RasterColorSpace::gray:
      return "gray";
    case RasterColorSpace::srgb:
      return "srgb";
    case RasterColorSpace::adobe_rgb:
      return "adobe_rgb";
    case RasterColorSpace::cmyk:
      return "cmyk";
    case RasterColorSpace::black:
      return "black";
  }
  return "unknown";
}

}  // namespace mfp::codecs
