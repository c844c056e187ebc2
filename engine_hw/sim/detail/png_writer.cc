#include "engine_hw/sim/detail/png_writer.h"

#include <csetjmp>
#include <cstring>
#include <new>
#include <string>

namespace mfp::engine_hw::sim::detail {

using pipeline::make_error;
using pipeline::StatusCode;

namespace {

// Where libpng's callbacks report to. Plain data: libpng longjmps across the frames that see it.
struct WriteContext {
  std::vector<std::uint8_t>* out = nullptr;
  bool out_of_memory = false;
  char error[128] = {};
};

void on_error(png_structp png, png_const_charp message) {
  auto* ctx = static_cast<WriteContext*>(png_get_error_ptr(png));
  if (ctx != nullptr && message != nullptr) {
    std::strncpy(ctx->error, message, sizeof ctx->error - 1);
  }
  png_longjmp(png, 1);
}

void on_warning(png_structp, png_const_charp) {}

void on_write(png_structp png, png_bytep data, png_size_t length) {
  auto* ctx = static_cast<WriteContext*>(png_get_io_ptr(png));
  bool failed = false;
  try {
    ctx->out->insert(ctx->out->end(), data, data + length);
  } catch (...) {
    failed = true;
  }
  if (failed) {
    ctx->out_of_memory = true;
    png_error(png, "out of memory");
  }
}

void on_flush(png_structp) {}

// All libpng calls that may longjmp. No object with a destructor lives in this frame.
bool write_image(png_structp png, png_infop info, std::uint32_t width, std::uint32_t height,
                 const std::uint8_t* rgb) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, 6);
  png_write_info(png, info);
  const std::size_t row = static_cast<std::size_t>(width) * 3;
  for (std::uint32_t y = 0; y < height; ++y) {
    png_write_row(png, const_cast<png_bytep>(rgb + y * row));
  }
  png_write_end(png, info);
  return true;
}

}  // namespace

pipeline::Result<std::vector<std::uint8_t>> encode_png_rgb8(
    std::uint32_t width, std::uint32_t height, std::span<const std::uint8_t> rgb) noexcept {
  if (width == 0 || height == 0 || width > PNG_USER_WIDTH_MAX || height > PNG_USER_HEIGHT_MAX) {
    return make_error(StatusCode::invalid_argument, "PNG: bad image size");
  }
  if (rgb.size() != static_cast<std::size_t>(width) * height * 3) {
    return make_error(StatusCode::invalid_argument, "PNG: pixel buffer does not match the size");
  }
  try {
    std::vector<std::uint8_t> out;
    out.reserve(rgb.size() / 4 + 1024);
    WriteContext ctx;
    ctx.out = &out;
    PngWritePtr png(png_create_write_struct(PNG_LIBPNG_VER_STRING, &ctx, &on_error, &on_warning));
    if (!png) return make_error(StatusCode::resource_exhausted, "PNG: no memory");
    PngInfoPtr info(png_create_info_struct(png.get()), PngInfoDeleter{png.get()});
    if (!info) return make_error(StatusCode::resource_exhausted, "PNG: no memory");
    png_set_write_fn(png.get(), &ctx, &on_write, &on_flush);
    if (!write_image(png.get(), info.get(), width, height, rgb.data())) {
      if (ctx.out_of_memory) return make_error(StatusCode::resource_exhausted, "PNG: no memory");
      return make_error(StatusCode::internal, std::string("PNG: libpng: ") + ctx.error);
    }
    info.reset();
    png.reset();
    return out;
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "PNG: no memory");
  } catch (...) {
    return make_error(StatusCode::internal, "PNG: unexpected exception");
  }
}

}  // namespace mfp::engine_hw::sim::detail
