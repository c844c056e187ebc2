#pragma once
// The line-repeat + PackBits-style pixel run compression PWG raster and Apple raster share
// (private to codecs/): a line-repeat byte (the line appears n+1 times), then per run a code byte:
// 0..127 = the next pixel repeated n+1 times, 129..255 = 257-n literal pixels, 128 = fill the
// rest of the line with the white byte.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "codecs/byte_io.h"
#include "codecs/detail/buffered_input.h"

namespace mfp::codecs::detail {

struct RleGeometry {
  std::uint32_t bytes_per_line = 0;  // > 0, a multiple of unit
  std::uint32_t unit = 1;            // bytes per run unit (pixel, or byte for 1-bit data)
  std::uint32_t height = 0;          // rows of the page
  std::uint8_t fill = 0xFF;          // the byte code 128 fills with
};

// Streaming row decoder of one page. Holds one row buffer, never the page.
class RleRowDecoder {
 public:
  // Prepares for a new page; allocates the row buffer. The geometry must be validated.
  [[nodiscard]] Status start_page(const RleGeometry& g);

  // Decodes `rows` rows into dst (stride >= bytes_per_line). Fails with invalid_argument when
  // more rows are asked than remain, malformed_data/truncated on bad data. `what` prefixes
  // messages ("PWG page 2").
  [[nodiscard]] Status read_rows(BufferedInput& in, std::uint8_t* dst, std::size_t stride,
                                 std::uint32_t rows, const std::string& what);

  // Decodes and discards the rest of the page.
  [[nodiscard]] Status skip_rest(BufferedInput& in, const std::string& what);

  [[nodiscard]] std::uint32_t rows_remaining() const noexcept { return rows_left_; }

 private:
  Status decode_line(BufferedInput& in, const std::string& what);

  RleGeometry g_;
  std::vector<std::uint8_t> row_;
  std::uint32_t rows_left_ = 0;    // rows not yet handed out
  std::uint32_t repeat_left_ = 0;  // copies of row_ still to hand out
};

// Appends the encoding of one line's runs (without the line-repeat byte) to out.
void rle_encode_line(const std::uint8_t* row, std::size_t bytes_per_line, std::size_t unit,
                     std::uint8_t fill, std::vector<std::uint8_t>& out);

}  // namespace mfp::codecs::detail
