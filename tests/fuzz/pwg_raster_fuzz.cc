// Fuzz target: PWG raster reader end to end (headers, pages, every row) with small limits.
#include "codecs/pwg_raster_reader.h"
#include "tests/fuzz/raster_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return mfp::testing::fuzz_raster_reader<mfp::codecs::PwgRasterReader>(data, size);
}
