// Fuzz target: Apple raster (URF) reader end to end with small limits.
#include "codecs/urf_reader.h"
#include "tests/fuzz/raster_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return mfp::testing::fuzz_raster_reader<mfp::codecs::UrfReader>(data, size);
}
