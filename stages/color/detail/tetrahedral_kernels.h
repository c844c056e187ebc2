#pragma once
// Tetrahedral interpolation kernels of DeviceLink: a portable scalar kernel and an AVX2 kernel
// (selected at run time) that give bit-identical results. They cannot fail; tables and rows are
// borrowed from the caller.
//
// The arithmetic is fixed-point and shared: node values are int16 ink in 1/128 of an 8-bit
// level (0..32640), fractions are Q15, each of the three tetrahedron edges adds
// round(diff * f / 2^15) (the semantics of _mm256_mulhrs_epi16), and the result is
// (sum + 64) >> 7 clamped to 0..255. Ties between fractions pick the same tetrahedron in both
// kernels.

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace mfp::stages::color::detail {

inline constexpr std::uint32_t kPadded = 50;  // grid points per axis + 1 padding plane
inline constexpr std::uint32_t kStrideR = kPadded * kPadded;
inline constexpr std::uint32_t kStrideG = kPadded;
inline constexpr std::uint32_t kStrideB = 1;
inline constexpr std::uint32_t kStrideAll = kStrideR + kStrideG + kStrideB;
inline constexpr std::uint32_t kFracBits = 15;
inline constexpr std::uint32_t kFracMask = (1u << kFracBits) - 1;
// Offsets are packed above a 15-bit fraction in 32 bits.
static_assert(static_cast<std::uint64_t>(kPadded - 1) * kStrideR < (1u << (32 - kFracBits)));

// Read-only view of a DeviceLink's tables.
struct LutView {
  const std::uint64_t* nodes = nullptr;    // kPadded^3 nodes of 4 x int16
  const std::uint32_t* entry_r = nullptr;  // 256 entries: (offset << 15) | fraction
  const std::uint32_t* entry_g = nullptr;
  const std::uint32_t* entry_b = nullptr;
  // 256 entries: the interpolated ink of (v, v, v); null until the link has filled it.
  const std::uint32_t* neutral = nullptr;
};

inline std::int32_t mulhrs(std::int32_t a, std::int32_t b) noexcept {
  return (a * b + 0x4000) >> 15;
}

// Interpolates one pixel given its node offset and Q15 fractions; returns C, M, Y, K bytes
// packed little-endian (C in the low byte).
[[gnu::always_inline]] inline std::uint32_t interpolate(const std::uint64_t* nodes,
                                                        std::uint32_t base, std::int32_t fr,
                                                        std::int32_t fg, std::int32_t fb) noexcept {
  // The vertex after the base moves along the axis of the largest fraction; the next one along
  // all axes but the smallest. Tie rules match the AVX2 kernel exactly.
  // Indexed rather than branched: the choice is data-dependent and unpredictable on photos.
  constexpr std::uint32_t kAxis[4] = {kStrideR, kStrideR, kStrideG, kStrideB};
  const unsigned max_pick = 2u * ((fg > fr) | (fb > fr)) + (fb > fg);
  const unsigned min_pick = 2u * ((fr > fg) | (fr > fb)) + (fg > fb);
  const std::uint32_t dmax = kAxis[max_pick];
  const std::uint32_t dmin = kAxis[min_pick];
  const std::int32_t fgb_max = fg > fb ? fg : fb;
  const std::int32_t fgb_min = fg > fb ? fb : fg;
  const std::int32_t fmax = fr > fgb_max ? fr : fgb_max;
  const std::int32_t fmin = fr < fgb_min ? fr : fgb_min;
  const std::int32_t fmid = fr + fg + fb - fmax - fmin;
  const std::uint64_t n0 = nodes[base];
  const std::uint64_t n1 = nodes[base + dmax];
  const std::uint64_t n2 = nodes[base + kStrideAll - dmin];
  const std::uint64_t n3 = nodes[base + kStrideAll];
  // Every partial sum is a convex combination of nodes (fmax >= fmid >= fmin) plus at most
  // 1.5 of rounding, so it stays within [-2, 32642]: the int16 saturation of the AVX2 kernel
  // never triggers and is not repeated here.
  auto channel = [&](unsigned shift) -> std::uint32_t {
    const std::int32_t v0 = static_cast<std::int16_t>(n0 >> shift);
    const std::int32_t v1 = static_cast<std::int16_t>(n1 >> shift);
    const std::int32_t v2 = static_cast<std::int16_t>(n2 >> shift);
    const std::int32_t v3 = static_cast<std::int16_t>(n3 >> shift);
    const std::int32_t acc =
        v0 + mulhrs(v1 - v0, fmax) + mulhrs(v2 - v1, fmid) + mulhrs(v3 - v2, fmin);
    return static_cast<std::uint32_t>(std::clamp((acc + 64) >> 7, 0, 255));
  };
  return channel(0) | channel(16) << 8 | channel(32) << 16 | channel(48) << 24;
}

// Interpolates one rgb8 pixel.
inline std::uint32_t interpolate_rgb8(const LutView& lut, const std::uint8_t* px) noexcept {
  const std::uint32_t er = lut.entry_r[px[0]];
  const std::uint32_t eg = lut.entry_g[px[1]];
  const std::uint32_t eb = lut.entry_b[px[2]];
  return interpolate(lut.nodes, (er >> kFracBits) + (eg >> kFracBits) + (eb >> kFracBits),
                     static_cast<std::int32_t>(er & kFracMask),
                     static_cast<std::int32_t>(eg & kFracMask),
                     static_cast<std::int32_t>(eb & kFracMask));
}

// Row kernels: convert `n` rgb8 pixels into planes c, m, y, k (or only k when kOnly; the other
// pointers are then unused). Runs of pixels equal to their left neighbour reuse its result.
void rgb8_row_scalar(const LutView& lut, const std::uint8_t* rgb, std::uint32_t n,
                     std::uint8_t* const planes[4], bool k_only) noexcept;
void rgb8_row_avx2(const LutView& lut, const std::uint8_t* rgb, std::uint32_t n,
                   std::uint8_t* const planes[4], bool k_only) noexcept;

// True when the CPU (and OS) support AVX2.
[[nodiscard]] bool cpu_has_avx2() noexcept;

}  // namespace mfp::stages::color::detail
