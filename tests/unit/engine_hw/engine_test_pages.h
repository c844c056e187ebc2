#pragma once
// Test helpers for engine_hw: page rasters in memory and EnginePages cut from them in bands,
// raw or compressed with the plane codec.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "codecs/plane_codec.h"
#include "pipeline/band.h"
#include "pipeline/buffer_pool.h"
#include "pipeline/engine_page.h"

namespace mfp::engine_hw::test_pages {

using pipeline::PixelFormat;

// A whole page as one tightly packed planar raster: plane after plane, rows of row_bytes.
struct Raster {
  PixelFormat format = PixelFormat::cmyk1_planar;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint32_t dpi = 600;
  unsigned planes = 0;
  std::size_t row_bytes = 0;
  std::vector<std::uint8_t> bytes;

  std::uint8_t* row(unsigned plane, std::uint32_t y) {
    return bytes.data() + (static_cast<std::size_t>(plane) * height + y) * row_bytes;
  }
  // Every byte of a plane set to `value` (0xFF: every dot on for 1-bit formats).
  void fill_plane(unsigned plane, std::uint8_t value) {
    std::fill_n(row(plane, 0), row_bytes * height, value);
  }
  // Deterministic pseudo-random content in every plane.
  void fill_noise(std::uint32_t seed) {
    std::uint32_t x = seed * 2654435761u + 1;
    for (auto& b : bytes) {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      b = static_cast<std::uint8_t>(x);
    }
  }
};

inline Raster make_raster(PixelFormat format, std::uint32_t width, std::uint32_t height,
                          std::uint32_t dpi = 600) {
  Raster r;
  r.format = format;
  r.width = width;
  r.height = height;
  r.dpi = dpi;
  r.planes = pipeline::planes_of(format);
  r.row_bytes = pipeline::row_bytes(format, width);
  r.bytes.assign(r.row_bytes * height * r.planes, 0);
  return r;
}

// A4 (210 x 297 mm) in pixels at 75 dpi: small enough for many pages per test.
inline Raster a4_75dpi(PixelFormat format = PixelFormat::cmyk1_planar) {
  return make_raster(format, 620, 877, 75);
}

enum class Enc { raw, zstd, packbits };

struct PageCut {
  std::uint32_t band_rows = 0;  // 0: the whole page in one band
  Enc encoding = Enc::raw;
  std::size_t stride_padding = 0;  // bytes added to each plane row
  pipeline::OwnerTag owner{7, 42};
};

inline std::shared_ptr<const pipeline::PageGeometry> geometry_of(const Raster& r) {
  auto g = std::make_shared<pipeline::PageGeometry>();
  g->width = r.width;
  g->height = r.height;
  g->x_dpi = g->y_dpi = r.dpi;
  g->color_space = pipeline::ColorSpace::cmyk;
  return g;
}

// Cuts `r` into an EnginePage. Fails the current test (and returns an empty page) if a buffer
// or the codec fails.
inline pipeline::EnginePage make_page(Raster& r, pipeline::BufferPool& pool, PageCut cut = {}) {
  pipeline::EnginePage page;
  page.page = geometry_of(r);
  page.format = r.format;
  page.owner = cut.owner;
  const std::uint32_t step = cut.band_rows == 0 ? r.height : cut.band_rows;
  const std::size_t stride = r.row_bytes + cut.stride_padding;
  std::uint32_t index = 0;
  for (std::uint32_t y = 0; y < r.height; y += step, ++index) {
    const std::uint32_t rows = std::min(step, r.height - y);
    pipeline::Band b;
    b.page = page.page;
    b.format = r.format;
    b.index = index;
    b.first_row = y;
    b.rows = rows;
    b.stride = stride;
    b.owner = cut.owner;
    b.last_in_page = y + rows == r.height;
    std::vector<std::uint8_t> raw(stride * rows * r.planes, 0);
    for (unsigned p = 0; p < r.planes; ++p) {
      for (std::uint32_t i = 0; i < rows; ++i) {
        std::copy_n(r.row(p, y + i), r.row_bytes,
                    raw.data() + (static_cast<std::size_t>(p) * rows + i) * stride);
        // Garbage in the padding must not change anything.
        std::fill_n(raw.data() + (static_cast<std::size_t>(p) * rows + i) * stride + r.row_bytes,
                    cut.stride_padding, std::uint8_t{0xA5});
      }
    }
    if (cut.encoding == Enc::raw) {
      b.encoding = pipeline::BandEncoding::raw;
      auto buf = pool.acquire(raw.size());
      EXPECT_TRUE(buf.is_ok());
      if (!buf.is_ok()) return {};
      b.data = std::move(buf).value();
      std::copy(raw.begin(), raw.end(), b.data.data());
    } else {
      b.encoding = pipeline::BandEncoding::compressed;
      codecs::PlaneShape shape{rows, static_cast<std::uint32_t>(stride), r.planes};
      auto buf = pool.acquire(codecs::plane_max_encoded_size(raw.size()));
      EXPECT_TRUE(buf.is_ok());
      if (!buf.is_ok()) return {};
      b.data = std::move(buf).value();
      auto n = codecs::plane_encode(
          raw, shape,
          cut.encoding == Enc::zstd ? codecs::PlaneCodecId::zstd : codecs::PlaneCodecId::packbits,
          b.data.span());
      EXPECT_TRUE(n.is_ok()) << n.status().to_string();
      if (!n.is_ok()) return {};
      b.data.set_size(*n);
    }
    page.bands.push_back(std::move(b));
  }
  return page;
}

}  // namespace mfp::engine_hw::test_pages
