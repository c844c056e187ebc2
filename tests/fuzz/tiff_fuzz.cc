// Fuzz target: TIFF reader end to end (directories, strips/tiles, every codec) with small limits.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "codecs/tiff_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mfp::codecs;
  ImageLimits limits;
  limits.max_width = 4096;
  limits.max_height = 4096;
  limits.max_pixels = 1u << 20;
  limits.max_page_bytes = 4u << 20;
  limits.max_pages = 4;
  auto reader = TiffReader::open(std::span<const std::uint8_t>(data, size), limits);
  if (!reader.is_ok()) return 0;
  std::vector<std::uint8_t> buf;
  for (int page = 0; page < 4; ++page) {
    auto more = reader->next_page();
    if (!more.is_ok() || !more.value()) break;
    const std::size_t bpl = reader->page().bytes_per_line();
    buf.resize(bpl * 8);
    while (reader->rows_remaining() > 0) {
      const std::uint32_t n = std::min<std::uint32_t>(8, reader->rows_remaining());
      if (!reader->read_rows(buf.data(), bpl, n).is_ok()) break;
    }
  }
  return 0;
}
