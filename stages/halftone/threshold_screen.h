#pragma once
// ThresholdScreen: the clustered-dot threshold tile of one colorant, a rational-tangent screen
// with a supercell, so a constant tone gives exactly its coverage over a tile.
//
// Cells are the squares spanned by the integer screen vectors (a, b) and (-b, a): angle
// atan(b/a), period sqrt(a^2 + b^2) pixels. The tile is the smallest multiple of a^2 + b^2
// that is at least 32 pixels wide, so it repeats exactly in x and y and holds many cells (the
// supercell). Pixels are ranked by their Euclidean spot-function value within their cell, then
// by a dispersed per-cell order, and ranks map to thresholds 0..254: a pixel gets a dot when its
// input is greater than its threshold. Over a tile a constant input v then covers
// ceil(v * n / 255) of the n threshold slots, 0 gives no dot and 255 covers everything. For
// 2-bit engines each pixel has 3 increasing thresholds (dot sizes 1..3) interleaved in the same
// order, so dots grow in size before the next pixel of the cluster starts.
//
// Immutable once built; the rows are laid out for SIMD (see row()).

#include <cstdint>
#include <vector>

#include "pipeline/status.h"

namespace mfp::stages::halftone {

// Integer screen vector (a, b): cells spanned by (a, b) and (-b, a), in device pixels.
struct ScreenVector {
  int a = 0;
  int b = 0;
};

enum class Colorant : std::uint8_t { cyan, magenta, yellow, black };

// The default screen of a colorant at `dpi`: the classic angles C 15 (4,1: 14.0 degrees),
// M 75 (1,4: 76.0), Y 0 (4,0), K 45 (3,3), about 140-150 lpi at 600 dpi and half that at 300 dpi
// (the same cells in device pixels). Above 600 dpi the vectors scale with the resolution.
[[nodiscard]] ScreenVector default_screen_vector(Colorant colorant, std::uint32_t dpi) noexcept;

class ThresholdScreen {
 public:
  // Extra bytes after each row: row(y)[x % tile() + i] is valid for i < kRowSlack.
  static constexpr std::uint32_t kRowSlack = 64;

  // Builds the screen for `vector` with `levels` thresholds per pixel (1 for 1-bit engines,
  // 3 for 2-bit engines). invalid_argument for a zero or oversized vector or other levels.
  [[nodiscard]] static pipeline::Result<ThresholdScreen> make(ScreenVector vector, unsigned levels);

  [[nodiscard]] std::uint32_t tile() const noexcept { return tile_; }
  [[nodiscard]] unsigned levels() const noexcept { return levels_; }
  [[nodiscard]] ScreenVector vector() const noexcept { return vector_; }

  // Thresholds of level k for row y (taken modulo the tile): tile() + kRowSlack bytes, where
  // byte i is the threshold of column i % tile().
  [[nodiscard]] const std::uint8_t* row(std::uint32_t y, unsigned k = 0) const noexcept {
    return rows_.data() + (static_cast<std::size_t>(y % tile_) * levels_ + k) * stride();
  }
  [[nodiscard]] std::uint8_t threshold(std::uint32_t x, std::uint32_t y,
                                       unsigned k = 0) const noexcept {
    return row(y, k)[x % tile_];
  }

 private:
  ThresholdScreen() = default;
  [[nodiscard]] std::size_t stride() const noexcept { return tile_ + kRowSlack; }

  ScreenVector vector_;
  std::uint32_t tile_ = 0;
  unsigned levels_ = 1;
  std::vector<std::uint8_t> rows_;  // [y][k][tile + kRowSlack]
};

}  // namespace mfp::stages::halftone
