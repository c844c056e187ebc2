#pragma once
// ErrorDiffuser: serpentine Floyd-Steinberg error diffusion of the planes of one page, row by
// row, carrying the error to the next row (and so across the bands of a page).
//
// Errors are kept in 1/16 of an ink level and split 7/16, 3/16, 5/16, 1/16 with the remainder
// on the last share, so no ink is lost or created inside the page. Rows alternate direction by
// page row parity. Planes are diffused independently but in one pass, so their dependency
// chains overlap. Output is packed MSB-first into zeroed rows: 1-bit (dot above half ink) or
// 2-bit (nearest of 0, 85, 170, 255 as dot size 0..3). Not thread-safe: one per job.

#include <cstdint>
#include <vector>

namespace mfp::stages::halftone::detail {

class ErrorDiffuser {
 public:
  static constexpr unsigned kMaxPlanes = 4;

  // Starts a page of `planes` (1 or 4) planes of `width` pixels with no carried error.
  void reset(std::uint32_t width, unsigned planes);
  [[nodiscard]] std::uint32_t width() const noexcept { return width_; }
  [[nodiscard]] unsigned planes() const noexcept { return planes_; }

  // Diffuses one row of every plane: in[p] (width bytes of ink) into out[p] (bits = 1 or 2).
  // `page_row` picks the direction.
  void diffuse(const std::uint8_t* const in[], std::uint8_t* const out[], unsigned bits,
               std::uint32_t page_row) noexcept;

 private:
  std::uint32_t width_ = 0;
  unsigned planes_ = 0;
  std::vector<std::int32_t> current_;  // error for this row: [(x + 1) * planes + p]
  std::vector<std::int32_t> next_;     // error pushed to the next row, same layout
};

}  // namespace mfp::stages::halftone::detail
