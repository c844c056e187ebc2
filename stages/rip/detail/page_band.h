#pragma once
// make_page_band: the next band of a page as every RIP makes it: up to `band_rows` rows (at least
// one) from row `first_row`, tightly packed in `format`, carrying the page, owner, index and
// last_in_page; `fill` decodes the rows into it. Fails with the pool's or fill's status.

#include <algorithm>
#include <cstdint>
#include <memory>

#include "pipeline/band.h"
#include "pipeline/buffer_pool.h"

namespace mfp::stages::rip::detail {

template <typename Fill>
pipeline::Result<pipeline::Band> make_page_band(
    const std::shared_ptr<const pipeline::PageGeometry>& page, pipeline::PixelFormat format,
    std::uint32_t index, std::uint32_t first_row, std::uint32_t band_rows,
    const pipeline::OwnerTag& owner, pipeline::BufferPool& pool, Fill&& fill) {
  pipeline::Band b;
  b.page = page;
  b.format = format;
  b.index = index;
  b.first_row = first_row;
  b.rows = std::min(std::max<std::uint32_t>(1, band_rows), page->height - first_row);
  b.stride = pipeline::row_bytes(format, page->width);
  b.owner = owner;
  b.last_in_page = first_row + b.rows >= page->height;
  MFP_ASSIGN_OR_RETURN(b.data, pool.acquire(b.raw_bytes()));
  MFP_RETURN_IF_ERROR(fill(b));
  return b;
}

}  // namespace mfp::stages::rip::detail
