#pragma once
// DeviceLink: an RGB -> CMYK conversion sampled once into a 3D table and applied with
// tetrahedral interpolation, writing planar ink directly.
//
// A job's color transform (source profile -> engine profile, through Little CMS) is sampled at
// kGridPoints^3 RGB nodes; per pixel the stage then interpolates four 16-bit node values, which
// is several times faster than running the Little CMS transform per pixel. The grid is
// non-uniform in 8-bit code space (denser near white, where the engine profile bends sharply),
// and every node sits exactly on an 8-bit code, so white, black and the primaries convert
// exactly. Accuracy against Little CMS's float transform is tested in
// tests/unit/stages/color/device_link_test.cc (max dE2000 about 1 over random colors, 0.6 on the
// patch set).
//
// Immutable once built and safe to share across threads; the convert functions never fail.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "pipeline/status.h"

namespace mfp::stages::color {

namespace detail {
struct LutView;
}

// Instruction set used by a conversion kernel; `best` picks the fastest the CPU supports. The
// kernels give bit-identical output.
enum class Isa : std::uint8_t { best, scalar, avx2 };

// One row of planar ink. When c, m and y are all null only k is written (monochrome).
struct InkRow {
  std::uint8_t* c = nullptr;
  std::uint8_t* m = nullptr;
  std::uint8_t* y = nullptr;
  std::uint8_t* k = nullptr;
};

class DeviceLink {
 public:
  // Grid nodes per axis and their 8-bit codes (0 ... 255, steps of 6, then 4 above 204, then 3
  // above 240).
  static constexpr unsigned kGridPoints = 49;
  [[nodiscard]] static const std::array<std::uint8_t, kGridPoints>& grid_codes() noexcept;

  // Evaluates the conversion for a batch: `rgb` holds 3 floats per pixel in [0, 1], `ink`
  // receives 4 floats per pixel (C, M, Y, K) in [0, 1]. Returns a Status on failure.
  using Sampler = std::function<pipeline::Status(std::span<const float> rgb, std::span<float> ink)>;

  // Samples `sampler` at every grid node. Fails with the sampler's status, or
  // resource_exhausted when the table (1 MB) cannot be allocated.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<const DeviceLink>> sample(
      const Sampler& sampler);

  // Converts `n` chunky rgb8 pixels to one row of ink.
  void convert_rgb8(const std::uint8_t* rgb, std::uint32_t n, const InkRow& out,
                    Isa isa = Isa::best) const noexcept;
  // Converts `n` chunky native-endian rgb16 pixels to one row of ink.
  void convert_rgb16(const std::uint16_t* rgb, std::uint32_t n, const InkRow& out) const noexcept;
  // Converts one pixel; returns C, M, Y, K.
  [[nodiscard]] std::array<std::uint8_t, 4> convert(std::uint8_t r, std::uint8_t g,
                                                    std::uint8_t b) const noexcept;

  DeviceLink(const DeviceLink&) = delete;
  DeviceLink& operator=(const DeviceLink&) = delete;

 private:
  DeviceLink() = default;

  // Padded grid (kGridPoints + 1 per axis, the last plane repeated) of nodes, each 4 x int16
  // ink in 1/128 of an 8-bit level (C in the low 16 bits).
  [[nodiscard]] detail::LutView view() const noexcept;

  std::vector<std::uint64_t> nodes_;
  // Per axis and 8-bit code: (node offset along the axis << 15) | fraction (Q15).
  std::array<std::array<std::uint32_t, 256>, 3> entries_{};
  // The ink of each neutral pixel (v, v, v), as the kernels compute it: text and its
  // anti-aliased edges take one lookup instead of a tetrahedral interpolation.
  std::array<std::uint32_t, 256> neutral_{};
  // Per interval of the grid, 2^32 / (interval length in 16-bit code units), for rgb16.
  std::array<std::uint64_t, kGridPoints> inverse_steps_{};
};

}  // namespace mfp::stages::color
