#pragma once
// UrfReader: streaming decoder of Apple raster (URF, "UNIRAST") documents from a ByteSource,
// page by page and row by row, with the same row API as PwgRasterReader.

#include <cstddef>
#include <cstdint>

#include "codecs/byte_io.h"
#include "codecs/detail/buffered_input.h"
#include "codecs/detail/raster_rle.h"
#include "codecs/image_limits.h"
#include "codecs/raster_page_info.h"

namespace mfp::codecs {

// The 32-byte URF page header (big-endian fields).
struct UrfPageHeader {
  static constexpr std::size_t kSize = 32;
  std::uint8_t bits_per_pixel = 0;  // 8, 16 (gray), 24, 48 (RGB), 32, 64 (CMYK)
  std::uint8_t color_space = 0;     // 0 sGray, 1 sRGB, 2 CIELab, 3 AdobeRGB, 4 DeviceGray (W),
                                    // 5 DeviceRGB, 6 DeviceCMYK
  std::uint8_t duplex = 0;          // 1 one-sided, 2 short edge (tumble), 3 long edge
  std::uint8_t quality = 0;         // 3 draft, 4 normal, 5 high
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint32_t dpi = 0;  // both directions
};

// Reads a URF stream: open() checks "UNIRAST\0" and reads the declared page count; next_page()
// reads and validates each page header against the limits before allocating; read_rows()
// decodes the line-repeat + PackBits-style pixel runs (code 128 fills the rest of the line with
// white: 0xFF, or 0x00 for CMYK). 16-bit samples are returned big-endian. Failure codes as for
// PwgRasterReader (truncated, malformed_data, unsupported, limit_exceeded); errors are sticky.
// The source must outlive the reader; movable, not copyable.
class UrfReader {
 public:
  [[nodiscard]] static pipeline::Result<UrfReader> open(ByteSource& source,
                                                        const ImageLimits& limits = {});

  // Page count the file header declares (producers may write 0 for unknown).
  [[nodiscard]] std::uint32_t declared_pages() const noexcept { return declared_pages_; }

  // Moves to the next page (skipping unread rows); false at the clean end of the stream.
  [[nodiscard]] pipeline::Result<bool> next_page();

  [[nodiscard]] const UrfPageHeader& header() const noexcept { return header_; }
  [[nodiscard]] const RasterPageInfo& page() const noexcept { return info_; }

  // Decodes the next `rows` rows into dst (stride >= page().bytes_per_line).
  [[nodiscard]] pipeline::Status read_rows(std::uint8_t* dst, std::size_t stride,
                                           std::uint32_t rows);

  [[nodiscard]] std::uint32_t rows_remaining() const noexcept { return decoder_.rows_remaining(); }

  // Validates a page header and describes the page (exposed for tests and tools).
  [[nodiscard]] static pipeline::Result<RasterPageInfo> validate(const UrfPageHeader& h,
                                                                 const ImageLimits& limits);

 private:
  UrfReader(ByteSource& source, const ImageLimits& limits);
  pipeline::Status fail(pipeline::Status s);

  detail::BufferedInput in_;
  ImageLimits limits_;
  detail::RleRowDecoder decoder_;
  UrfPageHeader header_;
  RasterPageInfo info_;
  std::uint32_t declared_pages_ = 0;
  std::uint32_t pages_ = 0;
  pipeline::Status error_;
};

}  // namespace mfp::codecs
