#include "codecs/pwg_raster_writer.h"

#include <array>
#include <cstring>
#include <new>
#include <string>

#include "codecs/detail/raster_rle.h"

namespace mfp::codecs {

using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {
constexpr std::size_t kFlushBytes = std::size_t{64} * 1024;
}

Status PwgRasterWriter::fail(Status s) {
  if (error_.is_ok()) {
    error_ = s;
  }
  return s;
}

Status PwgRasterWriter::ensure_sync() {
  if (sync_written_) {
    return Status::ok();
  }
  static constexpr std::uint8_t kSync[4] = {'R', 'a', 'S', '2'};
  out_.insert(out_.end(), kSync, kSync + 4);
  sync_written_ = true;
  return Status::ok();
}

Status PwgRasterWriter::flush_if_large() {
  if (out_.size() < kFlushBytes) {
    return Status::ok();
  }
  Status s = sink_->write(out_);
  out_.clear();
  return s;
}

Status PwgRasterWriter::begin_page(const PwgPageHeader& header, const ImageLimits& limits) {
  if (!error_.is_ok()) {
    return error_;
  }
  if (rows_left_ != 0) {
    return make_error(StatusCode::invalid_argument, "PWG writer: previous page still needs " +
                                                        std::to_string(rows_left_) + " rows");
  }
  Result<RasterPageInfo> info = header.validate(limits);
  if (!info.is_ok()) {
    return info.status();
  }
  info_ = info.value();
  try {
    MFP_RETURN_IF_ERROR(ensure_sync());
    std::array<std::uint8_t, PwgPageHeader::kSize> raw{};
    header.serialize(raw);
    out_.insert(out_.end(), raw.begin(), raw.end());
    pending_.assign(info_.bytes_per_line, 0);
  } catch (const std::bad_alloc&) {
    return fail(make_error(StatusCode::resource_exhausted, "PWG writer: out of memory"));
  }
  pending_count_ = 0;
  rows_left_ = info_.height;
  unit_ = info_.bits_per_pixel < 8 ? 1 : info_.bits_per_pixel / 8;
  fill_ =
      (info_.color_space == RasterColorSpace::black || info_.color_space == RasterColorSpace::cmyk)
          ? 0x00
          : 0xFF;
  Status s = flush_if_large();
  if (!s.is_ok()) {
    return fail(s);
  }
  return Status::ok();
}

Status PwgRasterWriter::emit_pending() {
  if (pending_count_ == 0) {
    return Status::ok();
  }
  try {
    out_.push_back(static_cast<std::uint8_t>(pending_count_ - 1));
    detail::rle_encode_line(pending_.data(), pending_.size(), unit_, fill_, out_);
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "PWG writer: out of memory");
  }
  pending_count_ = 0;
  return flush_if_large();
}

Status PwgRasterWriter::write_rows(const std::uint8_t* src, std::size_t stride,
                                   std::uint32_t rows) {
  if (!error_.is_ok()) {
    return error_;
  }
  if (rows == 0) {
    return Status::ok();
  }
  if (rows > rows_left_) {
    return make_error(StatusCode::invalid_argument,
                      "PWG writer: " + std::to_string(rows) + " rows given, " +
                          std::to_string(rows_left_) + " left on the page");
  }
  const std::size_t bpl = pending_.size();
  if (src == nullptr || stride < bpl) {
    return make_error(StatusCode::invalid_argument, "PWG writer: stride smaller than a line");
  }
  for (std::uint32_t r = 0; r < rows; ++r) {
    const std::uint8_t* row = src + r * stride;
    if (pending_count_ > 0 && pending_count_ < 256 && std::memcmp(row, pending_.data(), bpl) == 0) {
      ++pending_count_;
    } else {
      Status s = emit_pending();
      if (!s.is_ok()) {
        return fail(s);
      }
      std::memcpy(pending_.data(), row, bpl);
      pending_count_ = 1;
    }
    --rows_left_;
  }
  if (rows_left_ == 0) {
    Status s = emit_pending();
    if (!s.is_ok()) {
      return fail(s);
    }
  }
  return Status::ok();
}

Status PwgRasterWriter::finish() {
  if (!error_.is_ok()) {
    return error_;
  }
  if (rows_left_ != 0) {
    return make_error(StatusCode::invalid_argument,
                      "PWG writer: last page still needs " + std::to_string(rows_left_) + " rows");
  }
  try {
    MFP_RETURN_IF_ERROR(ensure_sync());
  } catch (const std::bad_alloc&) {
    return fail(make_error(StatusCode::resource_exhausted, "PWG writer: out of memory"));
  }
  if (!out_.empty()) {
    Status s = sink_->write(out_);
    out_.clear();
    if (!s.is_ok()) {
      return fail(s);
    }
  }
  return Status::ok();
}

}  // namespace mfp::codecs
