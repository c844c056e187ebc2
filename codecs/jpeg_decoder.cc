#include "codecs/jpeg_decoder.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <new>
#include <string>

#include "codecs/detail/jpeg_error.h"

namespace mfp::codecs {

using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

constexpr std::size_t kInputBufferSize = std::size_t{64} * 1024;
constexpr int kMaxScans = 500;  // bounds progressive decoding work on hostile input
// Measured on a 4960x7016 RGB page (codecs/README.md): ISLOW costs about the same as IFAST with
// libjpeg-turbo's SIMD and is exact, so it is the choice.
constexpr J_DCT_METHOD kDctMethod = JDCT_ISLOW;

struct DestroyDecompress {
  void operator()(jpeg_decompress_struct* c) const noexcept { jpeg_destroy_decompress(c); }
};
// Owns the libjpeg state of a decompress object whose memory lives in Impl.
using JpegDecompressHandle = std::unique_ptr<jpeg_decompress_struct, DestroyDecompress>;

struct SourceMgr {
  jpeg_source_mgr pub;  // first member
  ByteSource* source = nullptr;
  std::unique_ptr<JOCTET[]> buffer;
  Status read_error;
};

}  // namespace

struct JpegDecoder::Impl {
  jpeg_decompress_struct cinfo{};
  detail::JpegErrorMgr err;
  SourceMgr src;
  jpeg_progress_mgr progress{};
  JpegDecompressHandle handle;  // declared after cinfo: destroyed first
  JpegInfo info;
  std::uint32_t rows_left = 0;
  Status error;
};

namespace {

// Pulls the next chunk from the ByteSource; 0 at the end or on error (recorded).
std::size_t pull(SourceMgr* sm) noexcept {
  Result<std::size_t> got =
      sm->source->read(std::span<std::uint8_t>(sm->buffer.get(), kInputBufferSize));
  if (!got.is_ok()) {
    try {
      sm->read_error = got.status();
    } catch (...) {
      sm->read_error = Status(StatusCode::resource_exhausted, "out of memory");
    }
    return 0;
  }
  return std::min(got.value(), kInputBufferSize);
}

void init_source(j_decompress_ptr) {}

boolean fill_input_buffer(j_decompress_ptr cinfo) {
  auto* sm = reinterpret_cast<SourceMgr*>(cinfo->src);
  std::size_t n = pull(sm);
  if (n == 0) {
    // As libjpeg's own managers do: warn (our handler turns that into `truncated`) and insert
    // a fake EOI in case the warning returns.
    sm->buffer[0] = 0xFF;
    sm->buffer[1] = JPEG_EOI;
    n = 2;
    WARNMS(cinfo, JWRN_JPEG_EOF);
  }
  sm->pub.next_input_byte = sm->buffer.get();
  sm->pub.bytes_in_buffer = n;
  return TRUE;
}

void skip_input_data(j_decompress_ptr cinfo, long num_bytes) {
  auto* sm = reinterpret_cast<SourceMgr*>(cinfo->src);
  if (num_bytes <= 0) {
    return;
  }
  auto left = static_cast<std::size_t>(num_bytes);
  while (left > sm->pub.bytes_in_buffer) {
    left -= sm->pub.bytes_in_buffer;
    (void)fill_input_buffer(cinfo);
  }
  sm->pub.next_input_byte += left;
  sm->pub.bytes_in_buffer -= left;
}

void term_source(j_decompress_ptr) {}

void progress_monitor(j_common_ptr cinfo) {
  if (!cinfo->is_decompressor) {
    return;
  }
  auto* d = reinterpret_cast<j_decompress_ptr>(cinfo);
  if (d->input_scan_number > kMaxScans) {
    detail::jpeg_fail(cinfo, StatusCode::limit_exceeded, "more than 500 progressive scans");
  }
}

// The guarded calls: setjmp frames with trivial locals only.
bool guarded_create(JpegDecoder::Impl* im) {
  if (setjmp(im->err.jump)) {
    return false;
  }
  jpeg_create_decompress(&im->cinfo);
  return true;
}

bool guarded_read_header(JpegDecoder::Impl* im) {
  if (setjmp(im->err.jump)) {
    return false;
  }
  (void)jpeg_read_header(&im->cinfo, TRUE);
  return true;
}

bool guarded_start(JpegDecoder::Impl* im) {
  if (setjmp(im->err.jump)) {
    return false;
  }
  (void)jpeg_start_decompress(&im->cinfo);
  return true;
}

bool guarded_read_scanlines(JpegDecoder::Impl* im, JSAMPARRAY rows, JDIMENSION max,
                            JDIMENSION* got) {
  if (setjmp(im->err.jump)) {
    return false;
  }
  *got = jpeg_read_scanlines(&im->cinfo, rows, max);
  return true;
}

Status failure(JpegDecoder::Impl* im, const char* what) {
  if (!im->src.read_error.is_ok()) {
    return im->src.read_error;
  }
  return detail::jpeg_error_status(im->err, what);
}

std::uint32_t to_dpi(unsigned unit, unsigned density) {
  if (unit == 1) {
    return density;
  }
  if (unit == 2) {
    return static_cast<std::uint32_t>((density * 254 + 50) / 100);
  }
  return 0;
}

}  // namespace

JpegDecoder::JpegDecoder(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
JpegDecoder::JpegDecoder(JpegDecoder&&) noexcept = default;
JpegDecoder& JpegDecoder::operator=(JpegDecoder&&) noexcept = default;
JpegDecoder::~JpegDecoder() = default;

const JpegInfo& JpegDecoder::info() const noexcept {
  return impl_->info;
}
std::uint32_t JpegDecoder::rows_remaining() const noexcept {
  return impl_->rows_left;
}

Result<JpegDecoder> JpegDecoder::open(ByteSource& source, const ImageLimits& limits) {
  std::unique_ptr<Impl> im;
  try {
    im = std::make_unique<Impl>();
    im->src.buffer = std::make_unique<JOCTET[]>(kInputBufferSize);
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "JPEG: out of memory");
  }
  im->cinfo.err = detail::install_jpeg_error_handlers(&im->err);
  if (!guarded_create(im.get())) {
    return failure(im.get(), "JPEG create");
  }
  im->handle.reset(&im->cinfo);

  im->src.source = &source;
  im->src.pub.init_source = init_source;
  im->src.pub.fill_input_buffer = fill_input_buffer;
  im->src.pub.skip_input_data = skip_input_data;
  im->src.pub.resync_to_restart = jpeg_resync_to_restart;
  im->src.pub.term_source = term_source;
  im->src.pub.bytes_in_buffer = 0;
  im->src.pub.next_input_byte = nullptr;
  im->cinfo.src = &im->src.pub;
  im->progress.progress_monitor = progress_monitor;
  im->cinfo.progress = &im->progress;
  // Cap working memory (progressive images buffer all coefficients): about twice the decoded
  // page plus slack; beyond it libjpeg fails with "backing store not supported".
  const std::uint64_t cap = std::min<std::uint64_t>(limits.max_page_bytes * 2 + (16u << 20),
                                                    static_cast<std::uint64_t>(LONG_MAX));
  im->cinfo.mem->max_memory_to_use = static_cast<long>(cap);

  if (!guarded_read_header(im.get())) {
    return failure(im.get(), "JPEG header");
  }

  jpeg_decompress_struct& c = im->cinfo;
  JpegInfo& info = im->info;
  info.width = c.image_width;
  info.height = c.image_height;
  info.progressive = c.progressive_mode != 0;
  switch (c.jpeg_color_space) {
    case JCS_GRAYSCALE:
      info.color_model = JpegColorModel::gray;
      c.out_color_space = JCS_GRAYSCALE;
      info.output = JpegOutput::gray8;
      break;
    case JCS_YCbCr:
    case JCS_RGB:
      info.color_model =
          c.jpeg_color_space == JCS_RGB ? JpegColorModel::rgb : JpegColorModel::ycbcr;
      c.out_color_space = JCS_RGB;
      info.output = JpegOutput::rgb8;
      break;
    case JCS_CMYK:
    case JCS_YCCK:
      info.color_model =
          c.jpeg_color_space == JCS_CMYK ? JpegColorModel::cmyk : JpegColorModel::ycck;
      c.out_color_space = JCS_CMYK;
      info.output = JpegOutput::cmyk8;
      info.adobe_inverted = c.saw_Adobe_marker != 0;
      break;
    default:
      return make_error(StatusCode::unsupported,
                        "JPEG header: " + std::to_string(c.num_components) +
                            " components in an unsupported color space");
  }
  info.components = info.output == JpegOutput::gray8 ? 1 : info.output == JpegOutput::rgb8 ? 3 : 4;
  if (c.saw_JFIF_marker) {
    info.x_dpi = to_dpi(c.density_unit, c.X_density);
    info.y_dpi = to_dpi(c.density_unit, c.Y_density);
  }
  if (info.width == 0 || info.height == 0) {
    return make_error(StatusCode::malformed_data, "JPEG header: zero width or height");
  }
  if (info.width > limits.max_width) {
    return make_error(StatusCode::limit_exceeded, "JPEG header: width " +
                                                      std::to_string(info.width) + " exceeds " +
                                                      std::to_string(limits.max_width));
  }
  if (info.height > limits.max_height) {
    return make_error(StatusCode::limit_exceeded, "JPEG header: height " +
                                                      std::to_string(info.height) + " exceeds " +
                                                      std::to_string(limits.max_height));
  }
  const std::uint64_t pixels = std::uint64_t{info.width} * info.height;
  if (pixels > limits.max_pixels || pixels * info.components > limits.max_page_bytes) {
    return make_error(StatusCode::limit_exceeded, "JPEG header: " + std::to_string(info.width) +
                                                      "x" + std::to_string(info.height) +
                                                      " image exceeds the page limits");
  }
  c.dct_method = kDctMethod;
  if (!guarded_start(im.get())) {
    return failure(im.get(), "JPEG start");
  }
  if (c.output_components != static_cast<int>(info.components)) {
    return make_error(StatusCode::internal, "JPEG: unexpected output component count");
  }
  im->rows_left = info.height;
  return JpegDecoder(std::move(im));
}

Status JpegDecoder::read_rows(std::uint8_t* dst, std::size_t stride, std::uint32_t rows) {
  Impl* im = impl_.get();
  if (!im->error.is_ok()) {
    return im->error;
  }
  if (rows == 0) {
    return Status::ok();
  }
  if (rows > im->rows_left) {
    return make_error(StatusCode::invalid_argument, "JPEG: asked for " + std::to_string(rows) +
                                                        " rows, " + std::to_string(im->rows_left) +
                                                        " left");
  }
  const std::size_t bpl = im->info.bytes_per_line();
  if (dst == nullptr || stride < bpl) {
    return make_error(StatusCode::invalid_argument, "JPEG: destination stride below a row");
  }
  constexpr std::uint32_t kBatch = 16;
  JSAMPROW ptrs[kBatch];
  std::uint32_t done = 0;
  while (done < rows) {
    const std::uint32_t n = std::min(kBatch, rows - done);
    for (std::uint32_t i = 0; i < n; ++i) {
      ptrs[i] = dst + std::size_t{done + i} * stride;
    }
    JDIMENSION got = 0;
    if (!guarded_read_scanlines(im, ptrs, n, &got)) {
      im->error = failure(im, "JPEG data");
      return im->error;
    }
    if (got == 0) {
      im->error = make_error(StatusCode::malformed_data, "JPEG data: decoder made no progress");
      return im->error;
    }
    if (im->info.adobe_inverted) {
      for (JDIMENSION i = 0; i < got; ++i) {
        std::uint8_t* p = ptrs[i];
        for (std::size_t k = 0; k < bpl; ++k) {
          p[k] = static_cast<std::uint8_t>(255 - p[k]);
        }
      }
    }
    done += got;
    im->rows_left -= got;
  }
  // jpeg_finish_decompress is not called: all rows are out, and data after them (or a missing
  // EOI marker) does not matter; the handle's destructor releases everything.
  return Status::ok();
}

}  // namespace mfp::codecs
