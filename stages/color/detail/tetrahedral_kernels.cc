#include "stages/color/detail/tetrahedral_kernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MFP_COLOR_X86 1
#endif

namespace mfp::stages::color::detail {

namespace {

template <bool kOnly>
inline void store_ink(std::uint8_t* const planes[4], std::uint32_t x, std::uint32_t ink) noexcept {
  if constexpr (!kOnly) {
    planes[0][x] = static_cast<std::uint8_t>(ink);
    planes[1][x] = static_cast<std::uint8_t>(ink >> 8);
    planes[2][x] = static_cast<std::uint8_t>(ink >> 16);
  }
  planes[3][x] = static_cast<std::uint8_t>(ink >> 24);
}

template <bool kOnly>
void scalar_row(const LutView& lut, const std::uint8_t* rgb, std::uint32_t n,
                std::uint8_t* const planes[4], std::uint32_t x) noexcept {
  std::uint32_t ink = 0;
  bool have_ink = false;  // `ink` holds the result of pixel x - 1
  for (; x < n; ++x) {
    const std::uint8_t* p = rgb + 3 * static_cast<std::size_t>(x);
    // A pixel equal to its left neighbour reuses its ink (runs of flat color, white paper).
    if (!have_ink || p[0] != p[-3] || p[1] != p[-2] || p[2] != p[-1]) {
      ink = interpolate_rgb8(lut, p);
      have_ink = true;
    }
    store_ink<kOnly>(planes, x, ink);
  }
}

}  // namespace

void rgb8_row_scalar(const LutView& lut, const std::uint8_t* rgb, std::uint32_t n,
                     std::uint8_t* const planes[4], bool k_only) noexcept {
  if (k_only) {
    scalar_row<true>(lut, rgb, n, planes, 0);
  } else {
    scalar_row<false>(lut, rgb, n, planes, 0);
  }
}

#ifdef MFP_COLOR_X86

namespace {

template <bool kOnly>
__attribute__((target("avx2"))) inline void store_planar(std::uint8_t* const planes[4],
                                                         std::uint32_t x, __m256i planar) noexcept {
  // Qword c of `planar` holds plane c's 8 bytes.
  if constexpr (!kOnly) {
    const std::uint64_t c = static_cast<std::uint64_t>(_mm256_extract_epi64(planar, 0));
    const std::uint64_t m = static_cast<std::uint64_t>(_mm256_extract_epi64(planar, 1));
    const std::uint64_t y = static_cast<std::uint64_t>(_mm256_extract_epi64(planar, 2));
    std::memcpy(planes[0] + x, &c, 8);
    std::memcpy(planes[1] + x, &m, 8);
    std::memcpy(planes[2] + x, &y, 8);
  }
  const std::uint64_t k = static_cast<std::uint64_t>(_mm256_extract_epi64(planar, 3));
  std::memcpy(planes[3] + x, &k, 8);
}

// The AVX2 kernel's pieces are forced inline into its loop: its constants stay in registers.
#define MFP_AVX2_INLINE __attribute__((target("avx2"), always_inline)) inline

// True when the 8 pixels at p (x > 0) all equal the pixel before them: bytes [p-3, p+21) equal
// [p, p+24).
MFP_AVX2_INLINE bool avx2_repeats_previous(const std::uint8_t* p) noexcept {
  const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p - 3));
  const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 5));
  const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 8));
  const __m128i eq = _mm_and_si128(_mm_cmpeq_epi8(a, b), _mm_cmpeq_epi8(c, d));
  return _mm_movemask_epi8(eq) == 0xFFFF;
}

// Lane 0: pixels 0..3, lane 1: pixels 4..7, each 4 bytes C, M, Y, K, as 4 planes of 8 bytes.
MFP_AVX2_INLINE __m256i avx2_to_planes(__m256i packed) noexcept {
  const __m256i to_planes = _mm256_setr_epi8(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15,
                                             0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  const __m256i perm_planes = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  return _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(packed, to_planes), perm_planes);
}

// The four tetrahedron vertices' weights and node offsets of 8 pixels (codes ir, ig, ib), per
// pixel in 32-bit lanes.
struct Avx2Tetrahedra {
  __m256i base, o1, o2, o3;  // node offsets of the vertices
  __m256i fmax, fmid, fmin;  // weights of the steps between them
};

MFP_AVX2_INLINE Avx2Tetrahedra avx2_tetrahedra(const LutView& lut, __m256i ir, __m256i ig,
                                               __m256i ib) noexcept {
  const __m256i frac_mask = _mm256_set1_epi32(static_cast<int>(kFracMask));
  const __m256i s_r = _mm256_set1_epi32(static_cast<int>(kStrideR));
  const __m256i s_g = _mm256_set1_epi32(static_cast<int>(kStrideG));
  const __m256i s_b = _mm256_set1_epi32(static_cast<int>(kStrideB));
  const __m256i s_all = _mm256_set1_epi32(static_cast<int>(kStrideAll));
  const __m256i er = _mm256_i32gather_epi32(reinterpret_cast<const int*>(lut.entry_r), ir, 4);
  const __m256i eg = _mm256_i32gather_epi32(reinterpret_cast<const int*>(lut.entry_g), ig, 4);
  const __m256i eb = _mm256_i32gather_epi32(reinterpret_cast<const int*>(lut.entry_b), ib, 4);
  const __m256i fr = _mm256_and_si256(er, frac_mask);
  const __m256i fg = _mm256_and_si256(eg, frac_mask);
  const __m256i fb = _mm256_and_si256(eb, frac_mask);
  Avx2Tetrahedra t;
  t.base = _mm256_add_epi32(
      _mm256_add_epi32(_mm256_srli_epi32(er, kFracBits), _mm256_srli_epi32(eg, kFracBits)),
      _mm256_srli_epi32(eb, kFracBits));

  const __m256i g_gt_r = _mm256_cmpgt_epi32(fg, fr);
  const __m256i b_gt_r = _mm256_cmpgt_epi32(fb, fr);
  const __m256i b_gt_g = _mm256_cmpgt_epi32(fb, fg);
  const __m256i g_gt_b = _mm256_cmpgt_epi32(fg, fb);
  const __m256i r_gt_g = _mm256_cmpgt_epi32(fr, fg);
  const __m256i r_gt_b = _mm256_cmpgt_epi32(fr, fb);
  const __m256i dmax = _mm256_blendv_epi8(s_r, _mm256_blendv_epi8(s_g, s_b, b_gt_g),
                                          _mm256_or_si256(g_gt_r, b_gt_r));
  const __m256i dmin = _mm256_blendv_epi8(s_r, _mm256_blendv_epi8(s_g, s_b, g_gt_b),
                                          _mm256_or_si256(r_gt_g, r_gt_b));
  t.fmax = _mm256_max_epi32(fr, _mm256_max_epi32(fg, fb));
  t.fmin = _mm256_min_epi32(fr, _mm256_min_epi32(fg, fb));
  t.fmid = _mm256_sub_epi32(
      _mm256_sub_epi32(_mm256_add_epi32(_mm256_add_epi32(fr, fg), fb), t.fmax), t.fmin);
  t.o1 = _mm256_add_epi32(t.base, dmax);
  t.o3 = _mm256_add_epi32(t.base, s_all);
  t.o2 = _mm256_sub_epi32(t.o3, dmin);
  return t;
}

// Interpolates the ink of 8 pixels: gathers the four vertices of pixels {0,1,4,5} and
// {2,3,6,7} as 4 x int16 each, blends them with mulhrs in 16-bit lanes, then packs.
MFP_AVX2_INLINE __m256i avx2_interpolate(const LutView& lut, const Avx2Tetrahedra& t) noexcept {
  const __m256i perm_ab = _mm256_setr_epi32(0, 1, 4, 5, 2, 3, 6, 7);
  const __m256i dup_a = _mm256_setr_epi32(0, 0, 1, 1, 4, 4, 5, 5);
  const __m256i dup_b = _mm256_setr_epi32(2, 2, 3, 3, 6, 6, 7, 7);
  const __m256i round64 = _mm256_set1_epi16(64);
  const auto* nodes = reinterpret_cast<const long long*>(lut.nodes);
  __m256i res[2];
  const __m256i q0 = _mm256_permutevar8x32_epi32(t.base, perm_ab);
  const __m256i q1 = _mm256_permutevar8x32_epi32(t.o1, perm_ab);
  const __m256i q2 = _mm256_permutevar8x32_epi32(t.o2, perm_ab);
  const __m256i q3 = _mm256_permutevar8x32_epi32(t.o3, perm_ab);
  for (int h = 0; h < 2; ++h) {
    const __m128i i0 = h == 0 ? _mm256_castsi256_si128(q0) : _mm256_extracti128_si256(q0, 1);
    const __m128i i1 = h == 0 ? _mm256_castsi256_si128(q1) : _mm256_extracti128_si256(q1, 1);
    const __m128i i2 = h == 0 ? _mm256_castsi256_si128(q2) : _mm256_extracti128_si256(q2, 1);
    const __m128i i3 = h == 0 ? _mm256_castsi256_si128(q3) : _mm256_extracti128_si256(q3, 1);
    const __m256i v0 = _mm256_i32gather_epi64(nodes, i0, 8);
    const __m256i v1 = _mm256_i32gather_epi64(nodes, i1, 8);
    const __m256i v2 = _mm256_i32gather_epi64(nodes, i2, 8);
    const __m256i v3 = _mm256_i32gather_epi64(nodes, i3, 8);
    const __m256i dup = h == 0 ? dup_a : dup_b;
    __m256i w1 = _mm256_permutevar8x32_epi32(t.fmax, dup);
    __m256i w2 = _mm256_permutevar8x32_epi32(t.fmid, dup);
    __m256i w3 = _mm256_permutevar8x32_epi32(t.fmin, dup);
    w1 = _mm256_or_si256(w1, _mm256_slli_epi32(w1, 16));
    w2 = _mm256_or_si256(w2, _mm256_slli_epi32(w2, 16));
    w3 = _mm256_or_si256(w3, _mm256_slli_epi32(w3, 16));
    __m256i acc = _mm256_adds_epi16(v0, _mm256_mulhrs_epi16(_mm256_sub_epi16(v1, v0), w1));
    acc = _mm256_adds_epi16(acc, _mm256_mulhrs_epi16(_mm256_sub_epi16(v2, v1), w2));
    acc = _mm256_adds_epi16(acc, _mm256_mulhrs_epi16(_mm256_sub_epi16(v3, v2), w3));
    res[h] = _mm256_srai_epi16(_mm256_adds_epi16(acc, round64), 7);
  }
  return _mm256_packus_epi16(res[0], res[1]);
}

// Processes 8 pixels per step: gathers the per-code entries, picks the tetrahedron with
// compares and blends (avx2_tetrahedra), interpolates (avx2_interpolate) and transposes to 4
// planes. Runs of repeated pixels and neutral pixels take shortcuts with the same result.
template <bool kOnly>
__attribute__((target("avx2"))) void avx2_row(const LutView& lut, const std::uint8_t* rgb,
                                              std::uint32_t n,
                                              std::uint8_t* const planes[4]) noexcept {
  const __m256i shuf_r =
      _mm256_setr_epi8(0, -1, -1, -1, 3, -1, -1, -1, 6, -1, -1, -1, 9, -1, -1, -1, 0, -1, -1, -1, 3,
                       -1, -1, -1, 6, -1, -1, -1, 9, -1, -1, -1);
  const __m256i shuf_g =
      _mm256_setr_epi8(1, -1, -1, -1, 4, -1, -1, -1, 7, -1, -1, -1, 10, -1, -1, -1, 1, -1, -1, -1,
                       4, -1, -1, -1, 7, -1, -1, -1, 10, -1, -1, -1);
  const __m256i shuf_b =
      _mm256_setr_epi8(2, -1, -1, -1, 5, -1, -1, -1, 8, -1, -1, -1, 11, -1, -1, -1, 2, -1, -1, -1,
                       5, -1, -1, -1, 8, -1, -1, -1, 11, -1, -1, -1);
  const __m256i rep_last = _mm256_setr_epi8(7, 7, 7, 7, 7, 7, 7, 7, 15, 15, 15, 15, 15, 15, 15, 15,
                                            7, 7, 7, 7, 7, 7, 7, 7, 15, 15, 15, 15, 15, 15, 15, 15);
  const auto* neutral = reinterpret_cast<const int*>(lut.neutral);

  __m256i last = _mm256_setzero_si256();  // previous pixel's ink, replicated per plane
  std::uint32_t x = 0;
  // Each step reads 28 bytes from 3 * x, so stop while 10 pixels remain.
  for (; x + 10 <= n; x += 8) {
    const std::uint8_t* p = rgb + 3 * static_cast<std::size_t>(x);
    if (x > 0 && avx2_repeats_previous(p)) {
      store_planar<kOnly>(planes, x, last);
      continue;
    }
    const __m256i raw = _mm256_inserti128_si256(
        _mm256_castsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))),
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 12)), 1);
    const __m256i ir = _mm256_shuffle_epi8(raw, shuf_r);
    const __m256i ig = _mm256_shuffle_epi8(raw, shuf_g);
    const __m256i ib = _mm256_shuffle_epi8(raw, shuf_b);
    __m256i planar;
    const __m256i same = _mm256_and_si256(_mm256_cmpeq_epi32(ir, ig), _mm256_cmpeq_epi32(ir, ib));
    if (neutral != nullptr && _mm256_movemask_epi8(same) == -1) {
      // Eight neutral pixels (text, gray art): one lookup each, the same ink as interpolating.
      planar = avx2_to_planes(_mm256_i32gather_epi32(neutral, ir, 4));
    } else {
      planar = avx2_to_planes(avx2_interpolate(lut, avx2_tetrahedra(lut, ir, ig, ib)));
    }
    store_planar<kOnly>(planes, x, planar);
    last = _mm256_shuffle_epi8(planar, rep_last);
  }
  scalar_row<kOnly>(lut, rgb, n, planes, x);
}

#undef MFP_AVX2_INLINE

}  // namespace

void rgb8_row_avx2(const LutView& lut, const std::uint8_t* rgb, std::uint32_t n,
                   std::uint8_t* const planes[4], bool k_only) noexcept {
  if (k_only) {
    avx2_row<true>(lut, rgb, n, planes);
  } else {
    avx2_row<false>(lut, rgb, n, planes);
  }
}

bool cpu_has_avx2() noexcept {
  return __builtin_cpu_supports("avx2");
}

#else

void rgb8_row_avx2(const LutView& lut, const std::uint8_t* rgb, std::uint32_t n,
                   std::uint8_t* const planes[4], bool k_only) noexcept {
  rgb8_row_scalar(lut, rgb, n, planes, k_only);
}

bool cpu_has_avx2() noexcept {
  return false;
}

#endif

}  // namespace mfp::stages::color::detail
