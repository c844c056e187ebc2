#pragma once
// Row kernels of the clustered-dot screen: compare 8-bit ink against a threshold row and pack
// the result MSB-first (1-bit: 1 = dot; 2-bit: dot size 0..3, leftmost pixel in the top bits).
// They cannot fail and own nothing.
//
// `thr` rows come from ThresholdScreen::row(): column x uses thr[x % tile], and each row holds
// tile + 64 bytes so a block starting at x reads thr + (x % tile) without a per-pixel modulo.
// `out` must be zeroed (as pool buffers are): blocks of zero ink are skipped, and the last
// partial byte only gets its valid bits. The AVX2 kernels (chosen at run time) give output
// bit-identical to the scalar ones.

#include <cstdint>

namespace mfp::stages::halftone::detail {

void screen_1bit_scalar(const std::uint8_t* in, std::uint32_t width, const std::uint8_t* thr,
                        std::uint32_t tile, std::uint8_t* out) noexcept;
void screen_1bit_avx2(const std::uint8_t* in, std::uint32_t width, const std::uint8_t* thr,
                      std::uint32_t tile, std::uint8_t* out) noexcept;

// Three threshold rows (levels 1, 2, 3), each non-decreasing per pixel.
void screen_2bit_scalar(const std::uint8_t* in, std::uint32_t width,
                        const std::uint8_t* const thr[3], std::uint32_t tile,
                        std::uint8_t* out) noexcept;
void screen_2bit_avx2(const std::uint8_t* in, std::uint32_t width, const std::uint8_t* const thr[3],
                      std::uint32_t tile, std::uint8_t* out) noexcept;

// True when all `n` bytes at `p` are zero.
[[nodiscard]] bool is_zero(const std::uint8_t* p, std::size_t n) noexcept;

// True when the CPU (and OS) support AVX2.
[[nodiscard]] bool cpu_has_avx2() noexcept;

}  // namespace mfp::stages::halftone::detail
