#include "stages/halftone/detail/error_diffuser.h"

#include <algorithm>

namespace mfp::stages::halftone::detail {

namespace {

constexpr std::int32_t kScale = 16;  // error units per ink level
constexpr std::int32_t kFull = 255 * kScale;
constexpr std::int32_t kStep = 85 * kScale;  // 2-bit level spacing

// One row of kPlanes planes in one direction, branch-free per pixel. The error for the next
// pixel and the partial sums for the next row stay in registers, so a pixel depends on the
// previous one only through `carry`, not through a store and reload; each next-row entry is
// written once. The planes' chains are independent and overlap in the CPU.
template <unsigned kPlanes, unsigned kBits, bool kRightToLeft>
void diffuse_rows(const std::uint8_t* const in[], std::uint8_t* const out[], std::int64_t width,
                  const std::int32_t* cur, std::int32_t* nxt) noexcept {
  constexpr std::int64_t step = kRightToLeft ? -1 : 1;
  std::int32_t carry[kPlanes] = {};      // 7/16 of the previous pixel's error
  std::int32_t pending[kPlanes] = {};    // next row at x - step: from x - 2 step and x - step
  std::int32_t following[kPlanes] = {};  // next row at x: from x - step
  std::int64_t x = kRightToLeft ? width - 1 : 0;
  for (std::int64_t i = 0; i < width; ++i, x += step) {
    for (unsigned p = 0; p < kPlanes; ++p) {
      const std::int32_t value = in[p][x] * kScale + cur[x * kPlanes + p] + carry[p];
      std::int32_t ink;
      if constexpr (kBits == 1) {
        const std::int32_t level = value * 2 >= kFull ? 1 : 0;
        ink = level * kFull;
        out[p][x >> 3] |= static_cast<std::uint8_t>(level << (7 - (x & 7)));
      } else {
        const std::int32_t level = std::clamp((value + kStep / 2) / kStep, 0, 3);
        ink = level * kStep;
        out[p][x >> 2] |= static_cast<std::uint8_t>(level << (6 - 2 * (x & 3)));
      }
      const std::int32_t error = value - ink;
      const std::int32_t ahead = error * 7 / 16;
      const std::int32_t behind = error * 3 / 16;
      const std::int32_t below = error * 5 / 16;
      carry[p] = ahead;
      nxt[(x - step) * kPlanes + p] = pending[p] + behind;  // nothing else reaches x - step
      pending[p] = following[p] + below;
      following[p] = error - ahead - behind - below;
    }
  }
  if (width > 0) {
    for (unsigned p = 0; p < kPlanes; ++p) nxt[(x - step) * kPlanes + p] = pending[p];
  }
}

template <unsigned kPlanes>
void dispatch(const std::uint8_t* const in[], std::uint8_t* const out[], std::int64_t width,
              const std::int32_t* cur, std::int32_t* nxt, unsigned bits, bool rtl) noexcept {
  if (bits == 1) {
    rtl ? diffuse_rows<kPlanes, 1, true>(in, out, width, cur, nxt)
        : diffuse_rows<kPlanes, 1, false>(in, out, width, cur, nxt);
  } else {
    rtl ? diffuse_rows<kPlanes, 2, true>(in, out, width, cur, nxt)
        : diffuse_rows<kPlanes, 2, false>(in, out, width, cur, nxt);
  }
}

}  // namespace

void ErrorDiffuser::reset(std::uint32_t width, unsigned planes) {
  width_ = width;
  planes_ = planes == 1 ? 1 : kMaxPlanes;
  current_.assign((static_cast<std::size_t>(width) + 2) * planes_, 0);
  next_.assign((static_cast<std::size_t>(width) + 2) * planes_, 0);
}

void ErrorDiffuser::diffuse(const std::uint8_t* const in[], std::uint8_t* const out[],
                            unsigned bits, std::uint32_t page_row) noexcept {
  const bool rtl = (page_row & 1u) != 0;
  // Offset by one pixel: entries for x = -1 and x = width absorb the shares that leave the page.
  const std::int32_t* cur = current_.data() + planes_;
  std::int32_t* nxt = next_.data() + planes_;
  const auto w = static_cast<std::int64_t>(width_);
  if (planes_ == 1) {
    dispatch<1>(in, out, w, cur, nxt, bits, rtl);
  } else {
    dispatch<kMaxPlanes>(in, out, w, cur, nxt, bits, rtl);
  }
  // Every pixel entry of `next_` was just written; it becomes the next row's error.
  current_.swap(next_);
}

}  // namespace mfp::stages::halftone::detail
