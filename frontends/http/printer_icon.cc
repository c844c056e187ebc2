#include "frontends/http/printer_icon.h"

#include <png.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace mfp::frontends::http {

namespace {

struct Rgba {
  std::uint8_t r, g, b, a;
};

// A rounded rectangle in unit coordinates (0..1 of the icon), filled with one colour.
struct Shape {
  float x0, y0, x1, y1, radius;
  Rgba color;
};

// The pictogram: paper going in at the top, the body, the output slot, a sheet coming out,
// a status light. Painted in order.
constexpr std::array<Shape, 7> kShapes = {{
    {0.28f, 0.08f, 0.72f, 0.40f, 0.02f, {250, 250, 250, 255}},  // paper in
    {0.10f, 0.32f, 0.90f, 0.76f, 0.08f, {58, 84, 110, 255}},    // body
    {0.10f, 0.32f, 0.90f, 0.42f, 0.04f, {88, 118, 148, 255}},   // lid
    {0.20f, 0.62f, 0.80f, 0.68f, 0.01f, {25, 35, 45, 255}},     // output slot
    {0.26f, 0.65f, 0.74f, 0.92f, 0.02f, {250, 250, 250, 255}},  // paper out
    {0.32f, 0.72f, 0.68f, 0.74f, 0.00f, {160, 170, 180, 255}},  // printed line
    {0.76f, 0.47f, 0.83f, 0.54f, 0.035f, {80, 200, 120, 255}},  // ready light
}};

// Coverage of pixel centre (px, py) by a rounded rectangle, with a one-pixel soft edge.
float coverage(const Shape& s, float px, float py, float scale) {
  const float x0 = s.x0 * scale, y0 = s.y0 * scale, x1 = s.x1 * scale, y1 = s.y1 * scale;
  const float r = s.radius * scale;
  const float cx = std::clamp(px, x0 + r, x1 - r);
  const float cy = std::clamp(py, y0 + r, y1 - r);
  const float dx = px - cx, dy = py - cy;
  const float distance = std::sqrt(dx * dx + dy * dy) - r;  // < 0 inside
  return std::clamp(0.5f - distance, 0.0f, 1.0f);
}

void append(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + length);
}

}  // namespace

pipeline::Result<std::vector<std::uint8_t>> printer_icon_png(std::uint32_t size) {
  if (size < 16 || size > 1024) {
    return pipeline::make_error(pipeline::StatusCode::invalid_argument, "icon size 16..1024");
  }
  std::vector<std::uint8_t> pixels(std::size_t{size} * size * 4, 0);
  const auto scale = static_cast<float>(size);
  for (std::uint32_t y = 0; y < size; ++y) {
    for (std::uint32_t x = 0; x < size; ++x) {
      float r = 0, g = 0, b = 0, a = 0;  // premultiplied
      for (const Shape& s : kShapes) {
        const float c =
            coverage(s, static_cast<float>(x) + 0.5f, static_cast<float>(y) + 0.5f, scale) *
            static_cast<float>(s.color.a) / 255.0f;
        r = r * (1 - c) + static_cast<float>(s.color.r) * c;
        g = g * (1 - c) + static_cast<float>(s.color.g) * c;
        b = b * (1 - c) + static_cast<float>(s.color.b) * c;
        a = a * (1 - c) + c;
      }
      std::uint8_t* p = &pixels[(std::size_t{y} * size + x) * 4];
      const float inv = a > 0 ? 1.0f / a : 0.0f;
      p[0] = static_cast<std::uint8_t>(std::lround(std::clamp(r * inv, 0.0f, 255.0f)));
      p[1] = static_cast<std::uint8_t>(std::lround(std::clamp(g * inv, 0.0f, 255.0f)));
      p[2] = static_cast<std::uint8_t>(std::lround(std::clamp(b * inv, 0.0f, 255.0f)));
      p[3] = static_cast<std::uint8_t>(std::lround(a * 255.0f));
    }
  }
  std::vector<std::uint8_t> out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (png == nullptr) return pipeline::make_error(pipeline::StatusCode::internal, "libpng");
  png_infop info = png_create_info_struct(png);
  if (info == nullptr || setjmp(png_jmpbuf(png))) {  // NOLINT: libpng's error protocol
    png_destroy_write_struct(&png, &info);
    return pipeline::make_error(pipeline::StatusCode::internal, "libpng could not write");
  }
  png_set_write_fn(png, &out, append, nullptr);
  png_set_IHDR(png, info, size, size, 8, PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (std::uint32_t y = 0; y < size; ++y) png_write_row(png, &pixels[std::size_t{y} * size * 4]);
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

}  // namespace mfp::frontends::http
