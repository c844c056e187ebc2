#pragma once
// PackBits: the classic byte-oriented run-length code (Apple, TIFF compression 32773) with
// bounds-checked encode and decode. Control byte n: 0..127 = n+1 literal bytes follow,
// 129..255 = the next byte repeated 257-n times, 128 = no-op (skipped on decode, never written).

#include <cstddef>
#include <cstdint>
#include <span>

#include "pipeline/status.h"

namespace mfp::codecs {

// Largest possible encoding of n bytes.
[[nodiscard]] constexpr std::size_t packbits_max_encoded_size(std::size_t n) noexcept {
  return n + (n + 127) / 128;
}

// Encodes `in` into `out`; returns the bytes written. Fails resource_exhausted (writing nothing
// beyond out) when the encoding does not fit, so callers can bound it by in.size() and store the
// data raw instead.
[[nodiscard]] pipeline::Result<std::size_t> packbits_encode(std::span<const std::uint8_t> in,
                                                            std::span<std::uint8_t> out) noexcept;

// Decodes `in`, which must produce exactly out.size() bytes and be fully consumed: a run that
// would overflow `out` or bytes left over is malformed_data, input ending early is truncated.
// Never writes outside `out`.
[[nodiscard]] pipeline::Status packbits_decode(std::span<const std::uint8_t> in,
                                               std::span<std::uint8_t> out) noexcept;

}  // namespace mfp::codecs
