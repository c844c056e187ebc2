#pragma once
// jpeg_encode: baseline JPEG encoding of gray8, rgb8 or cmyk8 pixels to a ByteSink with
// libjpeg-turbo.

#include <cstddef>
#include <cstdint>

#include "codecs/byte_io.h"
#include "pipeline/status.h"

namespace mfp::codecs {

// Encodes a width x height image (row r at pixels + r * stride) with `components` samples per
// pixel: 1 = gray8, 3 = rgb8, 4 = cmyk8 with 255 = full ink (written Adobe-style, inverted, with
// an APP14 marker, which JpegDecoder undoes). quality is 1..100. dpi > 0 writes a JFIF density in
// dots per inch (gray/rgb only; CMYK files carry Adobe APP14 instead of JFIF), 0 writes none.
// Fails invalid_argument on bad parameters (dimensions 1..65500, stride >= width * components),
// or with the sink's error. Output is streamed in 64 KiB chunks.
[[nodiscard]] pipeline::Status jpeg_encode(const std::uint8_t* pixels, std::uint32_t width,
                                           std::uint32_t height, std::size_t stride, int components,
                                           int quality, std::uint32_t dpi, ByteSink& out);

}  // namespace mfp::codecs
