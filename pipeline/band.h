#pragma once
// Band: N scanlines of one page, the unit of flow through the pipeline.

#include <cstddef>
#include <cstdint>
#include <memory>

#include "pipeline/band_painter.h"
#include "pipeline/buffer_pool.h"
#include "pipeline/owner_tag.h"
#include "pipeline/page_geometry.h"
#include "pipeline/pixel_format.h"

namespace mfp::pipeline {

// How a band's bytes are encoded. Raw bands follow PixelFormat's layout rules; compressed
// bands hold one engine-plane codec stream per band (see codecs/plane_codec.h); deferred bands
// hold no bytes yet: their `painter` makes them, in the render stage only.
enum class BandEncoding : std::uint8_t { raw, compressed, deferred };

// Move-only: owns its Buffer. Geometry is shared read-only by every band of the page.
struct Band {
  Buffer data;
  std::shared_ptr<const PageGeometry> page;
  PixelFormat format = PixelFormat::rgb8;
  BandEncoding encoding = BandEncoding::raw;
  std::uint32_t index = 0;      // band index within the page
  std::uint32_t first_row = 0;  // first page row in this band
  std::uint32_t rows = 0;
  std::size_t stride = 0;  // bytes per row (per plane row for planar formats)
  bool last_in_page = false;
  OwnerTag owner;
  std::shared_ptr<const BandPainter> painter;  // set only while encoding == deferred

  Band() = default;
  Band(Band&&) noexcept = default;
  Band& operator=(Band&&) noexcept = default;
  Band(const Band&) = delete;
  Band& operator=(const Band&) = delete;

  // Pointer to row `r` (0-based within the band) of plane `p`, for raw bands.
  [[nodiscard]] std::uint8_t* row(std::uint32_t r, unsigned p = 0) noexcept {
    return data.data() + (static_cast<std::size_t>(p) * rows + r) * stride;
  }
  [[nodiscard]] const std::uint8_t* row(std::uint32_t r, unsigned p = 0) const noexcept {
    return data.data() + (static_cast<std::size_t>(p) * rows + r) * stride;
  }
  [[nodiscard]] std::uint32_t width() const noexcept { return page ? page->width : 0; }
  [[nodiscard]] std::uint64_t pixels() const noexcept {
    return static_cast<std::uint64_t>(width()) * rows;
  }
  // Bytes a raw band of this shape needs.
  [[nodiscard]] std::size_t raw_bytes() const noexcept { return stride * rows * planes_of(format); }
};

// Allocates a raw band of `rows` rows shaped like `like` (same page, owner, index) in `format`,
// with a tightly packed stride.
[[nodiscard]] Result<Band> make_band_like(const Band& like, PixelFormat format, BufferPool& pool);

}  // namespace mfp::pipeline
