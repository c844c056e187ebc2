// Fuzz target: JPEG decoder end to end (header, limits, every row) with small limits.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "codecs/byte_io.h"
#include "codecs/jpeg_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mfp::codecs;
  ImageLimits limits;
  limits.max_width = 4096;
  limits.max_height = 4096;
  limits.max_pixels = 1u << 20;
  limits.max_page_bytes = 4u << 20;
  MemorySource src(std::span<const std::uint8_t>(data, size));
  auto dec = JpegDecoder::open(src, limits);
  if (!dec.is_ok()) return 0;
  const std::size_t bpl = dec->info().bytes_per_line();
  std::vector<std::uint8_t> buf(bpl * 8);
  while (dec->rows_remaining() > 0) {
    const std::uint32_t n = std::min<std::uint32_t>(8, dec->rows_remaining());
    if (!dec->read_rows(buf.data(), bpl, n).is_ok()) break;
  }
  return 0;
}
