#pragma once
// JpegDecoder: streaming JPEG (JFIF/Adobe, baseline and progressive) decoder over a ByteSource,
// built on libjpeg-turbo, producing gray8, rgb8 or cmyk8 rows.

#include <cstddef>
#include <cstdint>
#include <memory>

#include "codecs/byte_io.h"
#include "codecs/image_limits.h"
#include "pipeline/status.h"

namespace mfp::codecs {

// The color model of the compressed data.
enum class JpegColorModel : std::uint8_t { gray, ycbcr, rgb, cmyk, ycck };

// Pixel layout read_rows() produces.
enum class JpegOutput : std::uint8_t {
  gray8,  // 1 byte per pixel, 0 = black
  rgb8,   // 3 bytes per pixel
  cmyk8,  // 4 bytes per pixel, 255 = full ink (Adobe-inverted data is un-inverted)
};

struct JpegInfo {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint32_t components = 0;  // 1, 3 or 4 (output samples per pixel)
  JpegColorModel color_model = JpegColorModel::gray;
  JpegOutput output = JpegOutput::gray8;
  std::uint32_t x_dpi = 0;  // from the JFIF density; 0 when absent or aspect-ratio only
  std::uint32_t y_dpi = 0;
  bool adobe_inverted = false;  // CMYK/YCCK stored inverted (Adobe APP14); undone on output
  bool progressive = false;
  [[nodiscard]] std::size_t bytes_per_line() const noexcept {
    return std::size_t{width} * components;
  }
};

// Decodes one JPEG image. open() reads the headers and checks dimensions against the limits
// before decompression starts (limit_exceeded); the decoder's working memory is capped from the
// limits too. Garbage or corrupt data fails with malformed_data, data that ends early with
// truncated, 2-component or other unsupported data with unsupported; never a crash, nothing is
// printed. Errors are sticky. The source must outlive the decoder; movable, not copyable.
class JpegDecoder {
 public:
  [[nodiscard]] static pipeline::Result<JpegDecoder> open(ByteSource& source,
                                                          const ImageLimits& limits = {});

  JpegDecoder(JpegDecoder&&) noexcept;
  JpegDecoder& operator=(JpegDecoder&&) noexcept;
  ~JpegDecoder();

  [[nodiscard]] const JpegInfo& info() const noexcept;

  // Decodes the next `rows` rows into dst (row r at dst + r * stride, stride >=
  // info().bytes_per_line()). More rows than remain is invalid_argument.
  [[nodiscard]] pipeline::Status read_rows(std::uint8_t* dst, std::size_t stride,
                                           std::uint32_t rows);

  [[nodiscard]] std::uint32_t rows_remaining() const noexcept;

  struct Impl;

 private:
  explicit JpegDecoder(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mfp::codecs
