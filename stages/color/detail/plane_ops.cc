#include "stages/color/detail/plane_ops.h"

#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MFP_COLOR_X86 1
#endif

namespace mfp::stages::color::detail {

bool is_filled(const std::uint8_t* p, std::size_t n, std::uint8_t value) noexcept {
  const std::uint64_t pattern = 0x0101010101010101ull * value;
  std::size_t i = 0;
  // Eight words per step, so the compiler can keep it branch-light; exits at the first
  // mismatching block (photo rows fail in the first bytes).
  for (; i + 64 <= n; i += 64) {
    std::uint64_t w[8];
    std::memcpy(w, p + i, sizeof w);
    std::uint64_t diff = 0;
    for (std::uint64_t v : w) diff |= v ^ pattern;
    if (diff != 0) return false;
  }
  for (; i < n; ++i) {
    if (p[i] != value) return false;
  }
  return true;
}

namespace {

void deinterleave_scalar(const std::uint8_t* cmyk, std::uint32_t x, std::uint32_t n,
                         std::uint8_t* const planes[4]) noexcept {
  for (; x < n; ++x) {
    const std::uint8_t* p = cmyk + 4 * static_cast<std::size_t>(x);
    planes[0][x] = p[0];
    planes[1][x] = p[1];
    planes[2][x] = p[2];
    planes[3][x] = p[3];
  }
}

#ifdef MFP_COLOR_X86
__attribute__((target("avx2"))) void deinterleave_avx2(const std::uint8_t* cmyk, std::uint32_t n,
                                                       std::uint8_t* const planes[4]) noexcept {
  const __m256i to_planes = _mm256_setr_epi8(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15,
                                             0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  const __m256i perm = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  std::uint32_t x = 0;
  for (; x + 8 <= n; x += 8) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(cmyk + 4 * x));
    const __m256i planar = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(v, to_planes), perm);
    const auto c = static_cast<std::uint64_t>(_mm256_extract_epi64(planar, 0));
    const auto m = static_cast<std::uint64_t>(_mm256_extract_epi64(planar, 1));
    const auto y = static_cast<std::uint64_t>(_mm256_extract_epi64(planar, 2));
    const auto k = static_cast<std::uint64_t>(_mm256_extract_epi64(planar, 3));
    std::memcpy(planes[0] + x, &c, 8);
    std::memcpy(planes[1] + x, &m, 8);
    std::memcpy(planes[2] + x, &y, 8);
    std::memcpy(planes[3] + x, &k, 8);
  }
  deinterleave_scalar(cmyk, x, n, planes);
}
#endif

}  // namespace

void deinterleave_cmyk(const std::uint8_t* cmyk, std::uint32_t n, std::uint8_t* const planes[4],
                       bool avx2) noexcept {
#ifdef MFP_COLOR_X86
  if (avx2) {
    deinterleave_avx2(cmyk, n, planes);
    return;
  }
#else
  (void)avx2;
#endif
  deinterleave_scalar(cmyk, 0, n, planes);
}

void lookup_ink(const std::array<std::uint32_t, 256>& table, const std::uint8_t* src,
                std::uint32_t n, std::uint8_t* const planes[4], bool k_only) noexcept {
  if (k_only) {
    for (std::uint32_t x = 0; x < n; ++x) {
      planes[3][x] = static_cast<std::uint8_t>(table[src[x]] >> 24);
    }
    return;
  }
  for (std::uint32_t x = 0; x < n; ++x) {
    const std::uint32_t ink = table[src[x]];
    planes[0][x] = static_cast<std::uint8_t>(ink);
    planes[1][x] = static_cast<std::uint8_t>(ink >> 8);
    planes[2][x] = static_cast<std::uint8_t>(ink >> 16);
    planes[3][x] = static_cast<std::uint8_t>(ink >> 24);
  }
}

}  // namespace mfp::stages::color::detail
