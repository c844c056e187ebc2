// Fuzz target: PackBits decode into a bounded buffer, and encode/decode round trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "codecs/packbits.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mfp::codecs;
  if (size < 2) return 0;
  const std::size_t out_size = (std::size_t{data[0]} << 8 | data[1]) % 8192;
  const std::span<const std::uint8_t> body(data + 2, size - 2);
  std::vector<std::uint8_t> out(out_size);
  (void)packbits_decode(body, out).is_ok();

  std::vector<std::uint8_t> enc(packbits_max_encoded_size(body.size()));
  auto n = packbits_encode(body, enc);
  if (!n.is_ok() || n.value() > enc.size()) std::abort();
  std::vector<std::uint8_t> back(body.size());
  if (!packbits_decode(std::span(enc).first(n.value()), back).is_ok()) std::abort();
  if (!body.empty() && std::memcmp(back.data(), body.data(), body.size()) != 0) std::abort();
  return 0;
}
