#include "stages/color/device_link.h"

#include <algorithm>
#include <cmath>
#include <new>

#include "stages/color/detail/tetrahedral_kernels.h"

namespace mfp::stages::color {

using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

constexpr unsigned kN = DeviceLink::kGridPoints;

constexpr std::array<std::uint8_t, kN> make_grid_codes() {
  std::array<std::uint8_t, kN> codes{};
  unsigned i = 0;
  unsigned c = 0;
  for (; c <= 204; c += 6) codes[i++] = static_cast<std::uint8_t>(c);
  for (c = 208; c <= 240; c += 4) codes[i++] = static_cast<std::uint8_t>(c);
  for (c = 243; c <= 255; c += 3) codes[i++] = static_cast<std::uint8_t>(c);
  return codes;
}
constexpr std::array<std::uint8_t, kN> kGridCodes = make_grid_codes();
static_assert(kGridCodes.front() == 0 && kGridCodes.back() == 255);
static_assert(detail::kPadded == kN + 1);

bool use_avx2(Isa isa) noexcept {
  static const bool has_avx2 = detail::cpu_has_avx2();
  return has_avx2 && isa != Isa::scalar;
}

}  // namespace

const std::array<std::uint8_t, DeviceLink::kGridPoints>& DeviceLink::grid_codes() noexcept {
  return kGridCodes;
}

Result<std::unique_ptr<const DeviceLink>> DeviceLink::sample(const Sampler& sampler) {
  std::unique_ptr<DeviceLink> link;
  std::vector<float> rgb;
  std::vector<float> ink;
  try {
    link.reset(new DeviceLink());  // NOLINT(cppcoreguidelines-owning-memory): private ctor
    link->nodes_.assign(
        static_cast<std::size_t>(detail::kPadded) * detail::kPadded * detail::kPadded, 0);
    rgb.resize(static_cast<std::size_t>(kN) * kN * 3);
    ink.resize(static_cast<std::size_t>(kN) * kN * 4);
  } catch (const std::bad_alloc&) {
    return Status(StatusCode::resource_exhausted, "color device link: out of memory");
  }

  // One slice of constant red per sampler call.
  for (unsigned ir = 0; ir < kN; ++ir) {
    std::size_t i = 0;
    for (unsigned ig = 0; ig < kN; ++ig) {
      for (unsigned ib = 0; ib < kN; ++ib, ++i) {
        rgb[3 * i + 0] = static_cast<float>(kGridCodes[ir]) / 255.0f;
        rgb[3 * i + 1] = static_cast<float>(kGridCodes[ig]) / 255.0f;
        rgb[3 * i + 2] = static_cast<float>(kGridCodes[ib]) / 255.0f;
      }
    }
    MFP_RETURN_IF_ERROR(sampler(rgb, ink));
    i = 0;
    for (unsigned ig = 0; ig < kN; ++ig) {
      for (unsigned ib = 0; ib < kN; ++ib, ++i) {
        std::uint64_t node = 0;
        for (unsigned c = 0; c < 4; ++c) {
          const float v = std::clamp(ink[4 * i + c], 0.0f, 1.0f);
          const auto q = static_cast<std::uint64_t>(std::lround(v * 255.0f * 128.0f));
          node |= q << (16 * c);
        }
        link->nodes_[ir * detail::kStrideR + ig * detail::kStrideG + ib] = node;
      }
    }
  }
  // The padding planes repeat the last grid plane, so a code of 255 (fraction 0) may address
  // one node beyond the grid.
  for (unsigned ir = 0; ir < detail::kPadded; ++ir) {
    for (unsigned ig = 0; ig < detail::kPadded; ++ig) {
      for (unsigned ib = 0; ib < detail::kPadded; ++ib) {
        if (ir < kN && ig < kN && ib < kN) continue;
        const unsigned sr = std::min(ir, kN - 1);
        const unsigned sg = std::min(ig, kN - 1);
        const unsigned sb = std::min(ib, kN - 1);
        link->nodes_[ir * detail::kStrideR + ig * detail::kStrideG + ib] =
            link->nodes_[sr * detail::kStrideR + sg * detail::kStrideG + sb];
      }
    }
  }

  unsigned interval = 0;
  for (unsigned code = 0; code < 256; ++code) {
    while (interval + 1 < kN && kGridCodes[interval + 1] <= code) ++interval;
    std::uint32_t frac = 0;
    if (interval + 1 < kN) {
      const unsigned step = kGridCodes[interval + 1] - kGridCodes[interval];
      frac = ((code - kGridCodes[interval]) * (1u << detail::kFracBits) + step / 2) / step;
    }
    link->entries_[0][code] = ((interval * detail::kStrideR) << detail::kFracBits) | frac;
    link->entries_[1][code] = ((interval * detail::kStrideG) << detail::kFracBits) | frac;
    link->entries_[2][code] = ((interval * detail::kStrideB) << detail::kFracBits) | frac;
  }
  for (unsigned i = 0; i + 1 < kN; ++i) {
    const std::uint64_t len = (kGridCodes[i + 1] - kGridCodes[i]) * 257u;
    link->inverse_steps_[i] = (std::uint64_t{1} << 32) / len;
  }
  const detail::LutView lut = link->view();
  for (unsigned v = 0; v < 256; ++v) {
    const std::uint8_t px[3] = {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v),
                                static_cast<std::uint8_t>(v)};
    link->neutral_[v] = detail::interpolate_rgb8(lut, px);
  }
  return std::unique_ptr<const DeviceLink>(std::move(link));
}

void DeviceLink::convert_rgb8(const std::uint8_t* rgb, std::uint32_t n, const InkRow& out,
                              Isa isa) const noexcept {
  const detail::LutView lut = view();
  std::uint8_t* const planes[4] = {out.c, out.m, out.y, out.k};
  const bool k_only = out.c == nullptr && out.m == nullptr && out.y == nullptr;
  if (use_avx2(isa)) {
    detail::rgb8_row_avx2(lut, rgb, n, planes, k_only);
  } else {
    detail::rgb8_row_scalar(lut, rgb, n, planes, k_only);
  }
}

void DeviceLink::convert_rgb16(const std::uint16_t* rgb, std::uint32_t n,
                               const InkRow& out) const noexcept {
  const bool k_only = out.c == nullptr && out.m == nullptr && out.y == nullptr;
  // Position of a 16-bit sample on the grid: node offset along the axis, Q15 fraction.
  auto locate = [this](std::uint16_t v, std::uint32_t stride, std::int32_t& frac) {
    const std::uint32_t code = v / 257u;
    const std::uint32_t rem = v - code * 257u;
    const std::uint32_t i = entries_[2][code] >> detail::kFracBits;
    const std::uint64_t num = (code - kGridCodes[i]) * 257u + rem;
    frac = static_cast<std::int32_t>(((num << detail::kFracBits) * inverse_steps_[i]) >> 32);
    return i * stride;
  };
  std::uint32_t ink = 0;
  for (std::uint32_t x = 0; x < n; ++x) {
    const std::uint16_t* p = rgb + 3 * static_cast<std::size_t>(x);
    if (x == 0 || p[0] != p[-3] || p[1] != p[-2] || p[2] != p[-1]) {
      std::int32_t fr = 0;
      std::int32_t fg = 0;
      std::int32_t fb = 0;
      const std::uint32_t base = locate(p[0], detail::kStrideR, fr) +
                                 locate(p[1], detail::kStrideG, fg) +
                                 locate(p[2], detail::kStrideB, fb);
      ink = detail::interpolate(nodes_.data(), base, fr, fg, fb);
    }
    if (!k_only) {
      out.c[x] = static_cast<std::uint8_t>(ink);
      out.m[x] = static_cast<std::uint8_t>(ink >> 8);
      out.y[x] = static_cast<std::uint8_t>(ink >> 16);
    }
    out.k[x] = static_cast<std::uint8_t>(ink >> 24);
  }
}

detail::LutView DeviceLink::view() const noexcept {
  return {nodes_.data(), entries_[0].data(), entries_[1].data(), entries_[2].data(),
          neutral_.data()};
}

std::array<std::uint8_t, 4> DeviceLink::convert(std::uint8_t r, std::uint8_t g,
                                                std::uint8_t b) const noexcept {
  const detail::LutView lut = view();
  const std::uint8_t px[3] = {r, g, b};
  const std::uint32_t ink = detail::interpolate_rgb8(lut, px);
  return {static_cast<std::uint8_t>(ink), static_cast<std::uint8_t>(ink >> 8),
          static_cast<std::uint8_t>(ink >> 16), static_cast<std::uint8_t>(ink >> 24)};
}

}  // namespace mfp::stages::color
