#include "codecs/urf_reader.h"

#include <array>
#include <cstring>
#include <string>

#include "codecs/detail/big_endian.h"

namespace mfp::codecs {

using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {
constexpr std::uint8_t kMagic[8] = {'U', 'N', 'I', 'R', 'A', 'S', 'T', '\0'};
std::string num(std::uint64_t v) {
  return std::to_string(v);
}
}  // namespace

UrfReader::UrfReader(ByteSource& source, const ImageLimits& limits)
    : in_(&source), limits_(limits) {}

Status UrfReader::fail(Status s) {
  if (error_.is_ok()) {
    error_ = s;
  }
  return s;
}

Result<UrfReader> UrfReader::open(ByteSource& source, const ImageLimits& limits) {
  UrfReader r(source, limits);
  std::uint8_t head[12];
  if (!r.in_.read(head, sizeof head)) {
    return r.in_.failure("URF file header");
  }
  if (std::memcmp(head, kMagic, 8) != 0) {
    return make_error(StatusCode::malformed_data, "URF file header: not \"UNIRAST\"");
  }
  r.declared_pages_ = detail::load_be32(head + 8);
  return r;
}

Result<RasterPageInfo> UrfReader::validate(const UrfPageHeader& h, const ImageLimits& limits) {
  const std::string p = "URF header: ";
  RasterColorSpace space = RasterColorSpace::gray;
  std::uint32_t colors = 1;
  switch (h.color_space) {
    case 0:
    case 4:
      break;
    case 1:
    case 5:
      space = RasterColorSpace::srgb;
      colors = 3;
      break;
    case 3:
      space = RasterColorSpace::adobe_rgb;
      colors = 3;
      break;
    case 6:
      space = RasterColorSpace::cmyk;
      colors = 4;
      break;
    default:
      return make_error(StatusCode::unsupported, p + "color space " + num(h.color_space));
  }
  if (h.bits_per_pixel != colors * 8 && h.bits_per_pixel != colors * 16) {
    return make_error(StatusCode::unsupported, p + "bits per pixel " + num(h.bits_per_pixel) +
                                                   " with color space " + num(h.color_space));
  }
  if (h.width == 0) {
    return make_error(StatusCode::malformed_data, p + "width 0");
  }
  if (h.height == 0) {
    return make_error(StatusCode::malformed_data, p + "height 0");
  }
  if (h.width > limits.max_width) {
    return make_error(StatusCode::limit_exceeded,
                      p + "width " + num(h.width) + " exceeds " + num(limits.max_width));
  }
  if (h.height > limits.max_height) {
    return make_error(StatusCode::limit_exceeded,
                      p + "height " + num(h.height) + " exceeds " + num(limits.max_height));
  }
  if (h.dpi < 1 || h.dpi > 9600) {
    return make_error(StatusCode::malformed_data,
                      p + "resolution " + num(h.dpi) + " is outside 1..9600");
  }
  const std::uint64_t bpl = std::uint64_t{h.width} * (h.bits_per_pixel / 8);
  if (std::uint64_t{h.width} * h.height > limits.max_pixels) {
    return make_error(StatusCode::limit_exceeded, p + "page of " +
                                                      num(std::uint64_t{h.width} * h.height) +
                                                      " pixels exceeds " + num(limits.max_pixels));
  }
  if (bpl * h.height > limits.max_page_bytes || bpl > 0xFFFFFFFFu) {
    return make_error(
        StatusCode::limit_exceeded,
        p + "page of " + num(bpl * h.height) + " bytes exceeds " + num(limits.max_page_bytes));
  }
  RasterPageInfo info;
  info.width = h.width;
  info.height = h.height;
  info.x_dpi = h.dpi;
  info.y_dpi = h.dpi;
  info.color_space = space;
  info.num_colors = colors;
  info.bits_per_pixel = h.bits_per_pixel;
  info.bits_per_color = h.bits_per_pixel / colors;
  info.bytes_per_line = static_cast<std::uint32_t>(bpl);
  info.duplex = h.duplex == 2 || h.duplex == 3;
  info.tumble = h.duplex == 2;
  return info;
}

Result<bool> UrfReader::next_page() {
  if (!error_.is_ok()) {
    return error_;
  }
  if (pages_ > 0 && decoder_.rows_remaining() > 0) {
    Status s = decoder_.skip_rest(in_, "URF page " + num(pages_));
    if (!s.is_ok()) {
      return fail(s);
    }
  }
  if (in_.at_end()) {
    Status s = in_.failure("URF page header");
    if (s.code() != StatusCode::truncated) {
      return fail(s);
    }
    return false;
  }
  const std::string what = "URF page " + num(pages_ + 1);
  if (pages_ >= limits_.max_pages) {
    return fail(make_error(StatusCode::limit_exceeded,
                           what + ": more than " + num(limits_.max_pages) + " pages"));
  }
  std::array<std::uint8_t, UrfPageHeader::kSize> raw{};
  if (!in_.read(raw.data(), raw.size())) {
    return fail(in_.failure(what + " header"));
  }
  UrfPageHeader h;
  h.bits_per_pixel = raw[0];
  h.color_space = raw[1];
  h.duplex = raw[2];
  h.quality = raw[3];
  h.width = detail::load_be32(&raw[12]);
  h.height = detail::load_be32(&raw[16]);
  h.dpi = detail::load_be32(&raw[20]);
  header_ = h;
  Result<RasterPageInfo> info = validate(h, limits_);
  if (!info.is_ok()) {
    return fail(make_error(info.status().code(), what + ": " + info.status().message()));
  }
  info_ = info.value();
  info_.page_number = ++pages_;
  detail::RleGeometry g;
  g.bytes_per_line = info_.bytes_per_line;
  g.unit = info_.bits_per_pixel / 8;
  g.height = info_.height;
  g.fill = info_.color_space == RasterColorSpace::cmyk ? 0x00 : 0xFF;
  Status s = decoder_.start_page(g);
  if (!s.is_ok()) {
    return fail(s);
  }
  return true;
}

Status UrfReader::read_rows(std::uint8_t* dst, std::size_t stride, std::uint32_t rows) {
  if (!error_.is_ok()) {
    return error_;
  }
  if (pages_ == 0) {
    return make_error(StatusCode::invalid_argument, "URF: read_rows before next_page");
  }
  Status s = decoder_.read_rows(in_, dst, stride, rows, "URF page " + num(pages_));
  if (!s.is_ok() && s.code() != StatusCode::invalid_argument) {
    return fail(s);
  }
  return s;
}

}  // namespace mfp::codecs
