#include "codecs/pwg_raster_reader.h"

#include <array>
#include <cstring>
#include <string>

namespace mfp::codecs {

using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {
constexpr std::uint8_t kSync[4] = {'R', 'a', 'S', '2'};
}

PwgRasterReader::PwgRasterReader(ByteSource& source, const ImageLimits& limits)
    : in_(&source), limits_(limits) {}

Status PwgRasterReader::fail(Status s) {
  if (error_.is_ok()) {
    error_ = s;
  }
  return s;
}

Result<PwgRasterReader> PwgRasterReader::open(ByteSource& source, const ImageLimits& limits) {
  PwgRasterReader r(source, limits);
  std::uint8_t sync[4];
  if (!r.in_.read(sync, 4)) {
    return r.in_.failure("PWG sync word");
  }
  if (std::memcmp(sync, kSync, 4) != 0) {
    return make_error(StatusCode::malformed_data, "PWG sync word: not \"RaS2\"");
  }
  return r;
}

Result<bool> PwgRasterReader::next_page() {
  if (!error_.is_ok()) {
    return error_;
  }
  if (pages_ > 0 && decoder_.rows_remaining() > 0) {
    Status s = decoder_.skip_rest(in_, "PWG page " + std::to_string(pages_));
    if (!s.is_ok()) {
      return fail(s);
    }
  }
  if (in_.at_end()) {
    // Clean end, unless the source failed.
    Status s = in_.failure("PWG page header");
    if (s.code() != StatusCode::truncated) {
      return fail(s);
    }
    return false;
  }
  const std::string what = "PWG page " + std::to_string(pages_ + 1);
  if (pages_ >= limits_.max_pages) {
    return fail(make_error(StatusCode::limit_exceeded,
                           what + ": more than " + std::to_string(limits_.max_pages) + " pages"));
  }
  std::array<std::uint8_t, PwgPageHeader::kSize> raw{};
  if (!in_.read(raw.data(), raw.size())) {
    return fail(in_.failure(what + " header"));
  }
  header_ = PwgPageHeader::parse(raw);
  Result<RasterPageInfo> info = header_.validate(limits_);
  if (!info.is_ok()) {
    return fail(make_error(info.status().code(), what + ": " + info.status().message()));
  }
  info_ = info.value();
  info_.page_number = ++pages_;
  detail::RleGeometry g;
  g.bytes_per_line = info_.bytes_per_line;
  g.unit = info_.bits_per_pixel < 8 ? 1 : info_.bits_per_pixel / 8;
  g.height = info_.height;
  g.fill =
      (info_.color_space == RasterColorSpace::black || info_.color_space == RasterColorSpace::cmyk)
          ? 0x00
          : 0xFF;
  Status s = decoder_.start_page(g);
  if (!s.is_ok()) {
    return fail(s);
  }
  return true;
}

Status PwgRasterReader::read_rows(std::uint8_t* dst, std::size_t stride, std::uint32_t rows) {
  if (!error_.is_ok()) {
    return error_;
  }
  if (pages_ == 0) {
    return make_error(StatusCode::invalid_argument, "PWG: read_rows before next_page");
  }
  Status s = decoder_.read_rows(in_, dst, stride, rows, "PWG page " + std::to_string(pages_));
  if (!s.is_ok() && s.code() != StatusCode::invalid_argument) {
    return fail(s);
  }
  return s;
}

}  // namespace mfp::codecs
