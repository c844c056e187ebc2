#pragma once
// PreviewImage: a small RGB picture of a printed page (about 75 dpi), made from the dot
// coverage of its planes, that can be saved as PNG.

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "pipeline/status.h"

namespace mfp::engine_hw::sim {

// 8-bit RGB, top row first, width * 3 bytes per row. Move-only; the pixels show a user's page,
// so they are zeroed when the image is destroyed. Never throws.
class PreviewImage {
 public:
  static constexpr std::uint32_t kTargetDpi = 75;
  static constexpr std::uint32_t kMaxScale = 1024;

  // Pixels of the page per preview pixel along an axis of `dpi`: round(dpi / 75), at least 1,
  // at most kMaxScale. 600 dpi gives 8 (an A4 page previews as 620 x 877), 300 gives 4.
  [[nodiscard]] static constexpr std::uint32_t scale_for(std::uint32_t dpi) noexcept {
    return std::clamp<std::uint32_t>((dpi + kTargetDpi / 2) / kTargetDpi, 1, kMaxScale);
  }

  // A white image. Fails with invalid_argument for a zero side, resource_exhausted without
  // memory.
  [[nodiscard]] static pipeline::Result<PreviewImage> create(std::uint32_t width,
                                                             std::uint32_t height) noexcept;

  PreviewImage(PreviewImage&&) noexcept = default;
  PreviewImage& operator=(PreviewImage&& other) noexcept;
  PreviewImage(const PreviewImage&) = delete;
  PreviewImage& operator=(const PreviewImage&) = delete;
  ~PreviewImage();

  [[nodiscard]] std::uint32_t width() const noexcept { return width_; }
  [[nodiscard]] std::uint32_t height() const noexcept { return height_; }
  [[nodiscard]] std::span<std::uint8_t> pixels() noexcept { return rgb_; }
  [[nodiscard]] std::span<const std::uint8_t> pixels() const noexcept { return rgb_; }
  // {r, g, b} at (x, y); both must be in range.
  [[nodiscard]] std::array<std::uint8_t, 3> pixel(std::uint32_t x, std::uint32_t y) const noexcept;

  // The image as PNG bytes (libpng). Fails with internal on a libpng error, resource_exhausted
  // without memory.
  [[nodiscard]] pipeline::Result<std::vector<std::uint8_t>> to_png() const noexcept;
  // Writes to_png() to `path`, replacing any file there. Fails with io_error naming the path.
  [[nodiscard]] pipeline::Status write_png(const std::filesystem::path& path) const noexcept;

 private:
  PreviewImage(std::uint32_t width, std::uint32_t height, std::vector<std::uint8_t> rgb) noexcept
      : width_(width), height_(height), rgb_(std::move(rgb)) {}
  void wipe() noexcept;

  std::uint32_t width_ = 0;
  std::uint32_t height_ = 0;
  std::vector<std::uint8_t> rgb_;
};

}  // namespace mfp::engine_hw::sim
