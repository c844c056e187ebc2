#pragma once
// TiffWriter: multi-page TIFF encoder (libtiff) that builds the file in memory and streams it to
// a ByteSink on finish().

#include <cstddef>
#include <cstdint>
#include <memory>

#include "codecs/byte_io.h"
#include "pipeline/status.h"

namespace mfp::codecs {

enum class TiffCompression : std::uint8_t {
  none,
  lzw,
  packbits,
  deflate,
  ccitt_g3,  // bilevel only; 1-D Modified Huffman (T.4)
  ccitt_g4,  // bilevel only; MMR (T.6), the one to use for fax-like pages
  jpeg,      // gray8/rgb8/cmyk8 only
};

// Pixel layout of the rows given to write_rows().
enum class TiffInputFormat : std::uint8_t {
  bilevel,  // 1 bit per pixel, MSB first, 1 = black (stored min-is-white, as fax TIFFs are)
  gray8,    // 0 = black (min-is-black)
  rgb8,
  cmyk8,  // 255 = full ink (separated)
};

struct TiffPageSpec {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  TiffInputFormat format = TiffInputFormat::gray8;
  TiffCompression compression = TiffCompression::lzw;
  double x_dpi = 300;  // written as inches; <= 0 writes no resolution
  double y_dpi = 300;
  std::uint32_t rows_per_strip = 0;  // 0 = about 64 KiB of data per strip
  std::uint32_t tile_width = 0;      // both non-zero (multiples of 16) = tiled page
  std::uint32_t tile_height = 0;
  int jpeg_quality = 85;
};

// Writes pages into an in-memory TIFF; finish() writes the whole file to the sink (so the sink
// sees nothing on failure). Each page must get exactly `height` rows before the next
// begin_page(). Bad specs fail invalid_argument (e.g. CCITT on non-bilevel data); libtiff's own
// failures come back as internal with its message; nothing is printed. Movable, not copyable.
class TiffWriter {
 public:
  explicit TiffWriter(ByteSink& sink) noexcept;
  TiffWriter(TiffWriter&&) noexcept;
  TiffWriter& operator=(TiffWriter&&) noexcept;
  ~TiffWriter();

  [[nodiscard]] pipeline::Status begin_page(const TiffPageSpec& spec);

  // Row r at src + r * stride; stride >= the row size of the format (ceil(width/8) for bilevel).
  [[nodiscard]] pipeline::Status write_rows(const std::uint8_t* src, std::size_t stride,
                                            std::uint32_t rows);

  // Completes the last page, closes the file and writes it to the sink.
  [[nodiscard]] pipeline::Status finish();

  struct Impl;

 private:
  ByteSink* sink_;
  std::unique_ptr<Impl> impl_;  // created by the first begin_page()
};

}  // namespace mfp::codecs
