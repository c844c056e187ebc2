#pragma once
// PwgRasterReader: streaming decoder of PWG raster (PWG 5102.4) documents from a ByteSource,
// page by page and row by row; it holds one row, never a whole page.

#include <cstddef>
#include <cstdint>

#include "codecs/byte_io.h"
#include "codecs/detail/buffered_input.h"
#include "codecs/detail/raster_rle.h"
#include "codecs/image_limits.h"
#include "codecs/pwg_page_header.h"
#include "codecs/raster_page_info.h"

namespace mfp::codecs {

// Reads a PWG raster stream: open() checks the "RaS2" sync word, next_page() reads and validates
// each page header (before allocating anything sized by it), read_rows() decodes rows into the
// caller's buffer. Errors are sticky: after a failure every call returns the same status.
// Failure codes: truncated (stream ends early), malformed_data (bad sync word, inconsistent
// header, run overflowing a row, line repeat past the page end), unsupported (color order,
// color space, bit depth), limit_exceeded (ImageLimits), and any error of the source.
// The source must outlive the reader; the reader is movable, not copyable.
class PwgRasterReader {
 public:
  [[nodiscard]] static pipeline::Result<PwgRasterReader> open(ByteSource& source,
                                                              const ImageLimits& limits = {});

  // Moves to the next page: decodes and discards rows of the current page not read yet, then
  // reads the next header. Returns false at the clean end of the stream (no byte after the last
  // page); a partial header is `truncated`.
  [[nodiscard]] pipeline::Result<bool> next_page();

  // The current page's header and description (valid after next_page() returned true).
  [[nodiscard]] const PwgPageHeader& header() const noexcept { return header_; }
  [[nodiscard]] const RasterPageInfo& page() const noexcept { return info_; }

  // Decodes the next `rows` rows of the current page into dst, row r at dst + r * stride
  // (stride >= page().bytes_per_line). Asking for more rows than remain is invalid_argument.
  [[nodiscard]] pipeline::Status read_rows(std::uint8_t* dst, std::size_t stride,
                                           std::uint32_t rows);

  [[nodiscard]] std::uint32_t rows_remaining() const noexcept { return decoder_.rows_remaining(); }

 private:
  PwgRasterReader(ByteSource& source, const ImageLimits& limits);
  pipeline::Status fail(pipeline::Status s);

  detail::BufferedInput in_;
  ImageLimits limits_;
  detail::RleRowDecoder decoder_;
  PwgPageHeader header_;
  RasterPageInfo info_;
  std::uint32_t pages_ = 0;
  pipeline::Status error_;
};

}  // namespace mfp::codecs
