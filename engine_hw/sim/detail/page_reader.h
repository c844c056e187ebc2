#pragma once
// PageReader: checks that an EnginePage's bands tile the page in the engine format, then hands
// out its raster plane by plane, decoding compressed bands on the way.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "pipeline/engine_page.h"
#include "pipeline/status.h"

namespace mfp::engine_hw::sim::detail {

// Rows [first_row, first_row + rows) of one plane of the page. Row r starts at
// data + r * stride and holds row_bytes meaningful bytes (stride padding follows).
struct PlaneBlock {
  unsigned plane = 0;
  std::uint32_t first_row = 0;
  std::uint32_t rows = 0;
  const std::uint8_t* data = nullptr;
  std::size_t stride = 0;
  std::size_t row_bytes = 0;
};

// Largest page side the engine takes, in pixels (a 1200 dpi 17 x 27.5 in sheet fits).
inline constexpr std::uint32_t kMaxPageSide = 40000;
// Largest stride padding accepted beyond the row's bytes.
inline constexpr std::size_t kMaxStridePadding = 4096;
// Decoded bytes of a page's compressed bands that may be held at once (one A4 or A3 page at
// 600 dpi, 1 bit; an A4 page at 2 bits).
inline constexpr std::size_t kDecodeBudget = std::size_t{64} << 20;

// Borrows the page: it must outlive the reader and not change while it is used. Never throws.
class PageReader {
 public:
  // Validates the page without decoding pixels: geometry present and within kMaxPageSide, an
  // engine format (cmyk1_planar, cmyk2_planar, k1, k2), at least one band, and for band i:
  // index i, same format, same page size and owner as the page, first_row equal to the rows
  // before it, rows > 0, row_bytes <= stride <= row_bytes + kMaxStridePadding, raw data at least
  // planes * rows * stride bytes, compressed streams whose header (plane_peek) declares this
  // band's rows, stride and planes; and the rows add up to the page height. Failures name the
  // band and the rule (invalid_argument, unsupported, truncated, malformed_data,
  // permission_denied, limit_exceeded).
  [[nodiscard]] static pipeline::Result<PageReader> open(const pipeline::EnginePage& page) noexcept;

  [[nodiscard]] const pipeline::PageGeometry& geometry() const noexcept { return *page_->page; }
  [[nodiscard]] pipeline::PixelFormat format() const noexcept { return page_->format; }
  [[nodiscard]] unsigned planes() const noexcept { return planes_; }
  [[nodiscard]] std::size_t row_bytes() const noexcept { return row_bytes_; }

  // Calls `visit` for plane 0's bands top to bottom, then plane 1's, and so on: the order of
  // the page as one tightly packed planar raster. Compressed bands are decoded into scratch
  // memory that is zeroed when released: all of them once, into one buffer, when their decoded
  // size is within kDecodeBudget; otherwise one band at a time, each decoded once per plane, so
  // memory stays at one band. Stops at the first failure (a corrupt stream is
  // malformed_data, naming the band) or the first non-ok status `visit` returns.
  [[nodiscard]] pipeline::Status for_each_block(
      const std::function<pipeline::Status(const PlaneBlock&)>& visit) const noexcept;

 private:
  explicit PageReader(const pipeline::EnginePage& page) noexcept : page_(&page) {}

  const pipeline::EnginePage* page_;
  unsigned planes_ = 0;
  std::size_t row_bytes_ = 0;
};

}  // namespace mfp::engine_hw::sim::detail
