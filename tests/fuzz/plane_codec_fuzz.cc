// Fuzz target: plane codec decoder on arbitrary streams, and encode/decode round trips of the
// input as band data (any mismatch aborts).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "codecs/plane_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mfp::codecs;
  const std::span<const std::uint8_t> in(data, size);
  auto shape = plane_peek(in);
  if (shape.is_ok() && shape->raw_bytes() <= (4u << 20)) {
    std::vector<std::uint8_t> raw(shape->raw_bytes());
    (void)plane_decode(in, raw).is_ok();
  }
  // Round trip: the input (minus one selector byte) as a band of 1..4 planes.
  if (size >= 2) {
    const auto codec = static_cast<PlaneCodecId>(data[0] % 3);
    const std::uint32_t planes = 1 + (data[0] >> 2) % 4;
    const std::size_t n = size - 1;
    if (n / planes > 0) {
      const PlaneShape s{1, static_cast<std::uint32_t>(n / planes), planes};
      const std::span<const std::uint8_t> raw = in.subspan(1, s.raw_bytes());
      std::vector<std::uint8_t> enc(plane_max_encoded_size(raw.size()));
      auto len = plane_encode(raw, s, codec, enc);
      if (!len.is_ok()) std::abort();
      std::vector<std::uint8_t> back(raw.size());
      if (!plane_decode(std::span(enc).first(len.value()), back).is_ok()) std::abort();
      if (std::memcmp(back.data(), raw.data(), raw.size()) != 0) std::abort();
    }
  }
  return 0;
}
