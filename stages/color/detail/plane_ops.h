#pragma once
// Row helpers of the color stage that need no color transform: uniform-row tests, CMYK
// deinterleaving and 1D table lookups into planes. None can fail.

#include <array>
#include <cstddef>
#include <cstdint>

namespace mfp::stages::color::detail {

// True when all `n` bytes at `p` equal `value`.
[[nodiscard]] bool is_filled(const std::uint8_t* p, std::size_t n, std::uint8_t value) noexcept;

// Splits `n` chunky CMYK pixels into planes c, m, y, k. Uses AVX2 when `avx2` (the caller
// checked the CPU); output is identical either way.
void deinterleave_cmyk(const std::uint8_t* cmyk, std::uint32_t n, std::uint8_t* const planes[4],
                       bool avx2) noexcept;

// Looks up `n` 8-bit samples in `table` (C, M, Y, K packed little-endian) and writes planes c, m,
// y, k, or only k when `k_only` (the other pointers are then unused).
void lookup_ink(const std::array<std::uint32_t, 256>& table, const std::uint8_t* src,
                std::uint32_t n, std::uint8_t* const planes[4], bool k_only) noexcept;

}  // namespace mfp::stages::color::detail
