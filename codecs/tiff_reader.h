#pragma once
// TiffReader: multi-page TIFF decoder over an in-memory file (libtiff), producing gray8, rgb8 or
// cmyk8 rows from strips or tiles in any common compression.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "codecs/image_limits.h"
#include "pipeline/status.h"

namespace mfp::codecs {

// Pixel layout TiffReader::read_rows produces.
enum class TiffPixelFormat : std::uint8_t {
  gray8,  // 0 = black; bilevel pages expand to 0 / 255 (min-is-white handled)
  rgb8,   // RGB, palette and JPEG-YCbCr pages
  cmyk8,  // separated (CMYK ink set), 255 = full ink
};

struct TiffPageInfo {
  std::uint32_t page_number = 0;  // 1-based directory index
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  TiffPixelFormat format = TiffPixelFormat::gray8;
  std::uint32_t components = 1;  // output bytes per pixel
  double x_dpi = 0;              // 0 when the file gives no absolute resolution
  double y_dpi = 0;
  double width_pt = 0;  // page size in points (1/72 inch); 0 without resolution
  double height_pt = 0;
  // As stored in the file:
  std::uint16_t photometric = 0;
  std::uint16_t compression = 1;
  std::uint16_t bits_per_sample = 1;
  std::uint16_t samples_per_pixel = 1;
  std::uint16_t orientation = 1;  // rows are returned in file order whatever this says
  bool tiled = false;
  [[nodiscard]] std::size_t bytes_per_line() const noexcept {
    return std::size_t{width} * components;
  }
};

// Reads TIFF pages from memory the caller keeps alive for the reader's lifetime. Supported:
// strips and tiles (planar contiguous); photometric min-is-white, min-is-black, RGB, palette,
// separated CMYK, YCbCr in JPEG; 1/2/4/8/16-bit samples; every compression the linked libtiff
// has (none, LZW, PackBits, Deflate, CCITT G3/G4, JPEG, ...). Header values are checked against
// the limits before any buffer is sized (limit_exceeded); unsupported layouts fail with
// unsupported; corrupt data with malformed_data; strip/tile data past the end of the file with
// truncated (offset inside the file) or malformed_data (offset outside). libtiff never prints:
// its messages end up in the returned Status. Errors are sticky. Movable, not copyable.
class TiffReader {
 public:
  [[nodiscard]] static pipeline::Result<TiffReader> open(std::span<const std::uint8_t> file,
                                                         const ImageLimits& limits = {});

  TiffReader(TiffReader&&) noexcept;
  TiffReader& operator=(TiffReader&&) noexcept;
  ~TiffReader();

  // Moves to the next page (the first call selects the first page); false after the last.
  [[nodiscard]] pipeline::Result<bool> next_page();

  [[nodiscard]] const TiffPageInfo& page() const noexcept;

  // Decodes the next `rows` rows of the page into dst (row r at dst + r * stride, stride >=
  // page().bytes_per_line()). More rows than remain is invalid_argument.
  [[nodiscard]] pipeline::Status read_rows(std::uint8_t* dst, std::size_t stride,
                                           std::uint32_t rows);

  [[nodiscard]] std::uint32_t rows_remaining() const noexcept;

  struct Impl;

 private:
  explicit TiffReader(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mfp::codecs
