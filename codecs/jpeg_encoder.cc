#include "codecs/jpeg_encoder.h"

#include <memory>
#include <new>
#include <string>
#include <utility>

#include "codecs/detail/jpeg_error.h"

namespace mfp::codecs {

using pipeline::make_error;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

constexpr std::size_t kOutputBufferSize = std::size_t{64} * 1024;

struct DestroyCompress {
  void operator()(jpeg_compress_struct* c) const noexcept { jpeg_destroy_compress(c); }
};
// Owns the libjpeg state of a compress object whose memory lives in EncodeState.
using JpegCompressHandle = std::unique_ptr<jpeg_compress_struct, DestroyCompress>;

struct DestMgr {
  jpeg_destination_mgr pub;  // first member
  ByteSink* sink = nullptr;
  std::unique_ptr<JOCTET[]> buffer;
  Status write_error;
};

struct EncodeState {
  jpeg_compress_struct cinfo{};
  detail::JpegErrorMgr err;
  DestMgr dest;
  std::unique_ptr<std::uint8_t[]> row;  // inverted CMYK row
  JpegCompressHandle handle;            // after cinfo: destroyed first
  const std::uint8_t* pixels = nullptr;
  std::size_t stride = 0;
  std::size_t bpl = 0;
  bool invert = false;
};

// Hands n bytes to the sink; records the first error and drops later output.
void push(DestMgr* d, std::size_t n) noexcept {
  if (n == 0 || !d->write_error.is_ok()) {
    return;
  }
  Status s = d->sink->write(std::span<const std::uint8_t>(d->buffer.get(), n));
  if (!s.is_ok()) {
    d->write_error = std::move(s);
  }
}

void init_destination(j_compress_ptr cinfo) {
  auto* d = reinterpret_cast<DestMgr*>(cinfo->dest);
  d->pub.next_output_byte = d->buffer.get();
  d->pub.free_in_buffer = kOutputBufferSize;
}

boolean empty_output_buffer(j_compress_ptr cinfo) {
  auto* d = reinterpret_cast<DestMgr*>(cinfo->dest);
  push(d, kOutputBufferSize);
  d->pub.next_output_byte = d->buffer.get();
  d->pub.free_in_buffer = kOutputBufferSize;
  return TRUE;
}

void term_destination(j_compress_ptr cinfo) {
  auto* d = reinterpret_cast<DestMgr*>(cinfo->dest);
  push(d, kOutputBufferSize - d->pub.free_in_buffer);
}

bool guarded_create(EncodeState* st) {
  if (setjmp(st->err.jump)) {
    return false;
  }
  jpeg_create_compress(&st->cinfo);
  return true;
}

// Runs the whole compression; trivial locals only.
bool guarded_encode(EncodeState* st, int quality, std::uint32_t dpi) {
  if (setjmp(st->err.jump)) {
    return false;
  }
  jpeg_compress_struct* c = &st->cinfo;
  jpeg_set_defaults(c);
  if (c->in_color_space == JCS_CMYK) {
    jpeg_set_colorspace(c, JCS_CMYK);
  }
  jpeg_set_quality(c, quality, TRUE);
  c->dct_method = JDCT_ISLOW;
  if (dpi > 0 && c->write_JFIF_header) {
    c->density_unit = 1;
    c->X_density = static_cast<UINT16>(dpi);
    c->Y_density = static_cast<UINT16>(dpi);
  }
  jpeg_start_compress(c, TRUE);
  while (c->next_scanline < c->image_height) {
    const std::uint8_t* src = st->pixels + std::size_t{c->next_scanline} * st->stride;
    JSAMPROW row;
    if (st->invert) {
      for (std::size_t k = 0; k < st->bpl; ++k) {
        st->row[k] = static_cast<std::uint8_t>(255 - src[k]);
      }
      row = st->row.get();
    } else {
      row = const_cast<JSAMPROW>(src);  // libjpeg does not write through it
    }
    (void)jpeg_write_scanlines(c, &row, 1);
  }
  jpeg_finish_compress(c);
  return true;
}

}  // namespace

Status jpeg_encode(const std::uint8_t* pixels, std::uint32_t width, std::uint32_t height,
                   std::size_t stride, int components, int quality, std::uint32_t dpi,
                   ByteSink& out) {
  if (width == 0 || height == 0 || width > JPEG_MAX_DIMENSION || height > JPEG_MAX_DIMENSION) {
    return make_error(StatusCode::invalid_argument,
                      "jpeg_encode: dimensions " + std::to_string(width) + "x" +
                          std::to_string(height) + " outside 1..65500");
  }
  if (components != 1 && components != 3 && components != 4) {
    return make_error(StatusCode::invalid_argument,
                      "jpeg_encode: components " + std::to_string(components));
  }
  if (quality < 1 || quality > 100) {
    return make_error(StatusCode::invalid_argument,
                      "jpeg_encode: quality " + std::to_string(quality));
  }
  if (dpi > 65535) {
    return make_error(StatusCode::invalid_argument, "jpeg_encode: dpi " + std::to_string(dpi));
  }
  const std::size_t bpl = std::size_t{width} * static_cast<std::size_t>(components);
  if (pixels == nullptr || stride < bpl) {
    return make_error(StatusCode::invalid_argument, "jpeg_encode: stride below a row");
  }
  std::unique_ptr<EncodeState> st;
  try {
    st = std::make_unique<EncodeState>();
    st->dest.buffer = std::make_unique<JOCTET[]>(kOutputBufferSize);
    if (components == 4) {
      st->row = std::make_unique<std::uint8_t[]>(bpl);
    }
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "jpeg_encode: out of memory");
  }
  st->cinfo.err = detail::install_jpeg_error_handlers(&st->err);
  if (!guarded_create(st.get())) {
    return detail::jpeg_error_status(st->err, "jpeg_encode");
  }
  st->handle.reset(&st->cinfo);
  st->dest.sink = &out;
  st->dest.pub.init_destination = init_destination;
  st->dest.pub.empty_output_buffer = empty_output_buffer;
  st->dest.pub.term_destination = term_destination;
  st->cinfo.dest = &st->dest.pub;
  st->cinfo.image_width = width;
  st->cinfo.image_height = height;
  st->cinfo.input_components = components;
  st->cinfo.in_color_space = components == 1 ? JCS_GRAYSCALE : components == 3 ? JCS_RGB : JCS_CMYK;
  st->pixels = pixels;
  st->stride = stride;
  st->bpl = bpl;
  st->invert = components == 4;
  if (!guarded_encode(st.get(), quality, dpi)) {
    if (!st->dest.write_error.is_ok()) {
      return st->dest.write_error;
    }
    return detail::jpeg_error_status(st->err, "jpeg_encode");
  }
  return st->dest.write_error;
}

}  // namespace mfp::codecs
