#pragma once
// The fuzz body shared by the raster readers (PWG raster, URF): open with small limits, walk up
// to 8 pages, decode every row of the first (later pages are left to next_page() to skip).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "codecs/byte_io.h"
#include "codecs/image_limits.h"

namespace mfp::testing {

template <typename Reader>
int fuzz_raster_reader(const std::uint8_t* data, std::size_t size) {
  using namespace mfp::codecs;
  ImageLimits limits;
  limits.max_width = 4096;
  limits.max_height = 4096;
  limits.max_pixels = 4u << 20;
  limits.max_page_bytes = 16u << 20;
  limits.max_pages = 8;
  MemorySource src(std::span<const std::uint8_t>(data, size));
  auto reader = Reader::open(src, limits);
  if (!reader.is_ok()) return 0;
  std::vector<std::uint8_t> buf;
  for (int page = 0; page < 8; ++page) {
    auto more = reader->next_page();
    if (!more.is_ok() || !more.value()) break;
    const std::size_t bpl = reader->page().bytes_per_line;
    buf.resize(bpl * 16);
    bool ok = true;
    while (page == 0 && ok && reader->rows_remaining() > 0) {
      const std::uint32_t n = std::min<std::uint32_t>(16, reader->rows_remaining());
      ok = reader->read_rows(buf.data(), bpl, n).is_ok();
    }
  }
  return 0;
}

}  // namespace mfp::testing
