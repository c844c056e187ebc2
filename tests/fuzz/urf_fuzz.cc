// Fuzz target: Apple raster (URF) reader end to end with small limits.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "codecs/byte_io.h"
#include "codecs/urf_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mfp::codecs;
  ImageLimits limits;
  limits.max_width = 4096;
  limits.max_height = 4096;
  limits.max_pixels = 4u << 20;
  limits.max_page_bytes = 16u << 20;
  limits.max_pages = 8;
  MemorySource src(std::span<const std::uint8_t>(data, size));
  auto reader = UrfReader::open(src, limits);
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
