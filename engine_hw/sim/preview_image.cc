#include "engine_hw/sim/preview_image.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "engine_hw/sim/detail/png_writer.h"

namespace mfp::engine_hw::sim {

using pipeline::make_error;
using pipeline::StatusCode;

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }  // NOLINT
};
// Owns one stdio FILE.
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

}  // namespace

pipeline::Result<PreviewImage> PreviewImage::create(std::uint32_t width,
                                                    std::uint32_t height) noexcept {
  if (width == 0 || height == 0) {
    return make_error(StatusCode::invalid_argument, "preview: empty image");
  }
  try {
    std::vector<std::uint8_t> rgb(static_cast<std::size_t>(width) * height * 3, 0xFF);
    return PreviewImage(width, height, std::move(rgb));
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "preview: out of memory");
  }
}

PreviewImage& PreviewImage::operator=(PreviewImage&& other) noexcept {
  if (this != &other) {
    wipe();
    width_ = other.width_;
    height_ = other.height_;
    rgb_ = std::move(other.rgb_);
  }
  return *this;
}

PreviewImage::~PreviewImage() {
  wipe();
}

void PreviewImage::wipe() noexcept {
  if (!rgb_.empty()) explicit_bzero(rgb_.data(), rgb_.size());
}

std::array<std::uint8_t, 3> PreviewImage::pixel(std::uint32_t x, std::uint32_t y) const noexcept {
  const std::size_t at = (static_cast<std::size_t>(y) * width_ + x) * 3;
  return {rgb_[at], rgb_[at + 1], rgb_[at + 2]};
}

pipeline::Result<std::vector<std::uint8_t>> PreviewImage::to_png() const noexcept {
  return detail::encode_png_rgb8(width_, height_, rgb_);
}

pipeline::Status PreviewImage::write_png(const std::filesystem::path& path) const noexcept {
  try {
    MFP_ASSIGN_OR_RETURN(std::vector<std::uint8_t> png, to_png());
    FilePtr f(std::fopen(path.c_str(), "wb"));
    if (!f) {
      return make_error(StatusCode::io_error,
                        "preview: cannot create " + path.string() + ": " + std::strerror(errno));
    }
    const bool wrote = std::fwrite(png.data(), 1, png.size(), f.get()) == png.size();
    const bool closed = std::fclose(f.release()) == 0;
    if (!wrote || !closed) {
      return make_error(StatusCode::io_error, "preview: cannot write " + path.string());
    }
    return pipeline::Status::ok();
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "preview: out of memory");
  } catch (...) {
    return make_error(StatusCode::internal, "preview: unexpected exception");
  }
}

}  // namespace mfp::engine_hw::sim
