#pragma once
// Helpers shared by the halftone tests: band makers and readers of packed output.

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "pipeline/band.h"
#include "pipeline/buffer_pool.h"
#include "pipeline/page_geometry.h"
#include "pipeline/stage_registry.h"

namespace mfp::stages::halftone::test_support {

inline pipeline::StageConfig config(unsigned bits,
                                    pipeline::Screen screen = pipeline::Screen::clustered_dot,
                                    std::uint32_t dpi = 600) {
  pipeline::StageConfig c;
  c.options.engine_bits = bits;
  c.options.screen = screen;
  c.options.dpi = dpi;
  return c;
}

// A planar band (cmyk8_planar or k8) of one page, every plane filled by `fill(plane, x, y)`.
template <typename Fill>
pipeline::Band make_band(pipeline::BufferPool& pool, pipeline::PixelFormat format,
                         std::uint32_t width, std::uint32_t rows, Fill fill,
                         std::uint32_t first_row = 0,
                         std::shared_ptr<pipeline::PageGeometry> page = nullptr) {
  if (!page) {
    page = std::make_shared<pipeline::PageGeometry>();
    page->width = width;
    page->height = first_row + rows;
    page->color_space = pipeline::ColorSpace::cmyk;
  }
  pipeline::Band band;
  band.page = page;
  band.format = format;
  band.rows = rows;
  band.first_row = first_row;
  band.stride = width;
  auto data = pool.acquire(band.raw_bytes());
  if (data.is_ok()) band.data = std::move(data).value();
  for (unsigned p = 0; p < pipeline::planes_of(format); ++p) {
    for (std::uint32_t r = 0; r < rows; ++r) {
      for (std::uint32_t x = 0; x < width; ++x) band.row(r, p)[x] = fill(p, x, first_row + r);
    }
  }
  return band;
}

// Dot size (0..1 for 1-bit, 0..3 for 2-bit) of pixel x in a packed MSB-first row.
inline unsigned dot_at(const std::uint8_t* row, std::uint32_t x, unsigned bits) {
  if (bits == 1) return (row[x >> 3] >> (7 - (x & 7))) & 1u;
  return (row[x >> 2] >> (6 - 2 * (x & 3))) & 3u;
}

}  // namespace mfp::stages::halftone::test_support
