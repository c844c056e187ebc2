#include "stages/halftone/detail/screen_kernels.h"

#include <cstddef>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MFP_HALFTONE_X86 1
#endif

namespace mfp::stages::halftone::detail {

namespace {

inline std::uint32_t advance(std::uint32_t offset, std::uint32_t step, std::uint32_t tile) {
  offset += step;
  while (offset >= tile) offset -= tile;
  return offset;
}

// Pixels [x, width) one by one; `offset` is x % tile.
void tail_1bit(const std::uint8_t* in, std::uint32_t x, std::uint32_t width,
               const std::uint8_t* thr, std::uint32_t offset, std::uint32_t tile,
               std::uint8_t* out) noexcept {
  for (; x < width; ++x) {
    if (in[x] > thr[offset]) out[x >> 3] |= static_cast<std::uint8_t>(0x80u >> (x & 7));
    offset = advance(offset, 1, tile);
  }
}

inline unsigned level(std::uint8_t v, const std::uint8_t* const thr[3], std::uint32_t i) {
  return static_cast<unsigned>(v > thr[0][i]) + static_cast<unsigned>(v > thr[1][i]) +
         static_cast<unsigned>(v > thr[2][i]);
}

void tail_2bit(const std::uint8_t* in, std::uint32_t x, std::uint32_t width,
               const std::uint8_t* const thr[3], std::uint32_t offset, std::uint32_t tile,
               std::uint8_t* out) noexcept {
  for (; x < width; ++x) {
    out[x >> 2] |= static_cast<std::uint8_t>(level(in[x], thr, offset) << (6 - 2 * (x & 3)));
    offset = advance(offset, 1, tile);
  }
}

}  // namespace

void screen_1bit_scalar(const std::uint8_t* in, std::uint32_t width, const std::uint8_t* thr,
                        std::uint32_t tile, std::uint8_t* out) noexcept {
  std::uint32_t x = 0;
  std::uint32_t offset = 0;
  for (; x + 8 <= width; x += 8) {
    const std::uint8_t* t = thr + offset;
    unsigned byte = 0;
    for (unsigned i = 0; i < 8; ++i) byte |= static_cast<unsigned>(in[x + i] > t[i]) << (7 - i);
    out[x >> 3] = static_cast<std::uint8_t>(byte);
    offset = advance(offset, 8, tile);
  }
  tail_1bit(in, x, width, thr, offset, tile, out);
}

void screen_2bit_scalar(const std::uint8_t* in, std::uint32_t width,
                        const std::uint8_t* const thr[3], std::uint32_t tile,
                        std::uint8_t* out) noexcept {
  std::uint32_t x = 0;
  std::uint32_t offset = 0;
  for (; x + 4 <= width; x += 4) {
    unsigned byte = 0;
    for (unsigned i = 0; i < 4; ++i) byte |= level(in[x + i], thr, offset + i) << (6 - 2 * i);
    out[x >> 2] = static_cast<std::uint8_t>(byte);
    offset = advance(offset, 4, tile);
  }
  tail_2bit(in, x, width, thr, offset, tile, out);
}

bool is_zero(const std::uint8_t* p, std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    std::uint64_t w[8];
    std::memcpy(w, p + i, sizeof w);
    if ((w[0] | w[1] | w[2] | w[3] | w[4] | w[5] | w[6] | w[7]) != 0) return false;
  }
  for (; i < n; ++i) {
    if (p[i] != 0) return false;
  }
  return true;
}

#ifdef MFP_HALFTONE_X86

namespace {

// Reverses the 8 bytes of each quadword, so movemask puts the leftmost pixel of each group of 8
// in bit 7 of its byte (MSB-first).
__attribute__((target("avx2"))) inline __m256i reverse_in_qwords(__m256i v) {
  const __m256i rev = _mm256_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6,
                                       5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
  return _mm256_shuffle_epi8(v, rev);
}

// 0xFF where v <= t (unsigned).
__attribute__((target("avx2"))) inline __m256i at_most(__m256i v, __m256i t) {
  return _mm256_cmpeq_epi8(_mm256_max_epu8(v, t), t);
}

}  // namespace

__attribute__((target("avx2"))) void screen_1bit_avx2(const std::uint8_t* in, std::uint32_t width,
                                                      const std::uint8_t* thr, std::uint32_t tile,
                                                      std::uint8_t* out) noexcept {
  std::uint32_t x = 0;
  std::uint32_t offset = 0;
  for (; x + 32 <= width; x += 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + x));
    if (!_mm256_testz_si256(v, v)) {
      const __m256i t = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(thr + offset));
      const auto no_dot =
          static_cast<std::uint32_t>(_mm256_movemask_epi8(reverse_in_qwords(at_most(v, t))));
      const std::uint32_t dots = ~no_dot;
      std::memcpy(out + (x >> 3), &dots, 4);
    }
    offset = advance(offset, 32, tile);
  }
  tail_1bit(in, x, width, thr, offset, tile, out);
}

__attribute__((target("avx2"))) void screen_2bit_avx2(const std::uint8_t* in, std::uint32_t width,
                                                      const std::uint8_t* const thr[3],
                                                      std::uint32_t tile,
                                                      std::uint8_t* out) noexcept {
  std::uint32_t x = 0;
  std::uint32_t offset = 0;
  for (; x + 32 <= width; x += 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + x));
    if (!_mm256_testz_si256(v, v)) {
      const __m256i le0 =
          at_most(v, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(thr[0] + offset)));
      const __m256i le1 =
          at_most(v, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(thr[1] + offset)));
      const __m256i le2 =
          at_most(v, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(thr[2] + offset)));
      // Levels are a prefix of the thresholds passed: high bit = level >= 2, low bit = level odd.
      const __m256i ones = _mm256_set1_epi8(-1);
      const __m256i hi = _mm256_xor_si256(le1, ones);
      const __m256i lo = _mm256_xor_si256(_mm256_xor_si256(le0, le1), _mm256_xor_si256(le2, ones));
      // Interleave (hi, lo) per pixel in pixel order: qwords 0,2 | 1,3 so the in-lane unpacks
      // give pixels 0..15 and 16..31.
      const __m256i h = _mm256_permute4x64_epi64(hi, 0xD8);
      const __m256i l = _mm256_permute4x64_epi64(lo, 0xD8);
      const auto first = static_cast<std::uint32_t>(
          _mm256_movemask_epi8(reverse_in_qwords(_mm256_unpacklo_epi8(h, l))));
      const auto second = static_cast<std::uint32_t>(
          _mm256_movemask_epi8(reverse_in_qwords(_mm256_unpackhi_epi8(h, l))));
      std::memcpy(out + (x >> 2), &first, 4);
      std::memcpy(out + (x >> 2) + 4, &second, 4);
    }
    offset = advance(offset, 32, tile);
  }
  tail_2bit(in, x, width, thr, offset, tile, out);
}

bool cpu_has_avx2() noexcept {
  return __builtin_cpu_supports("avx2");
}

#else

void screen_1bit_avx2(const std::uint8_t* in, std::uint32_t width, const std::uint8_t* thr,
                      std::uint32_t tile, std::uint8_t* out) noexcept {
  screen_1bit_scalar(in, width, thr, tile, out);
}
void screen_2bit_avx2(const std::uint8_t* in, std::uint32_t width, const std::uint8_t* const thr[3],
                      std::uint32_t tile, std::uint8_t* out) noexcept {
  screen_2bit_scalar(in, width, thr, tile, out);
}
bool cpu_has_avx2() noexcept {
  return false;
}

#endif

}  // namespace mfp::stages::halftone::detail
