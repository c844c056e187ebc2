#include "engine_hw/media_size.h"

#include <charconv>
#include <cmath>
#include <string>

namespace mfp::engine_hw {

namespace {

bool parse_positive(std::string_view text, double& out) noexcept {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out, std::chars_format::fixed);
  return ec == std::errc() && ptr == end && std::isfinite(out) && out > 0;
}

bool near(double a, double b, double tolerance) noexcept {
  return std::fabs(a - b) <= tolerance;
}

}  // namespace

MediaSize MediaSize::of_raster(std::uint32_t width, std::uint32_t height, std::uint32_t x_dpi,
                               std::uint32_t y_dpi) noexcept {
  if (x_dpi == 0 || y_dpi == 0) return {};
  return {width * 25.4 / x_dpi, height * 25.4 / y_dpi};
}

bool MediaSize::matches(const MediaSize& other, double tolerance_mm) const noexcept {
  return (near(width_mm, other.width_mm, tolerance_mm) &&
          near(height_mm, other.height_mm, tolerance_mm)) ||
         (near(width_mm, other.height_mm, tolerance_mm) &&
          near(height_mm, other.width_mm, tolerance_mm));
}

pipeline::Result<MediaSize> parse_pwg_media(std::string_view name) noexcept {
  auto bad = [&] {
    return pipeline::make_error(
        pipeline::StatusCode::invalid_argument,
        "not a PWG self-describing media name: \"" + std::string(name) + "\"");
  };
  const std::size_t us = name.rfind('_');
  if (us == std::string_view::npos) return bad();
  std::string_view dims = name.substr(us + 1);
  double scale = 0;
  if (dims.ends_with("mm")) {
    scale = 1.0;
  } else if (dims.ends_with("in")) {
    scale = 25.4;
  } else {
    return bad();
  }
  dims.remove_suffix(2);
  const std::size_t x = dims.find('x');
  if (x == std::string_view::npos) return bad();
  double w = 0;
  double h = 0;
  if (!parse_positive(dims.substr(0, x), w) || !parse_positive(dims.substr(x + 1), h)) {
    return bad();
  }
  return MediaSize{w * scale, h * scale};
}

pipeline::Status set_layout_media(pipeline::PageLayout& layout, std::string_view name) {
  MFP_ASSIGN_OR_RETURN(const MediaSize size, parse_pwg_media(name));
  layout.media = std::string(name);
  layout.media_width_mm = size.width_mm;
  layout.media_height_mm = size.height_mm;
  return pipeline::Status::ok();
}

}  // namespace mfp::engine_hw
