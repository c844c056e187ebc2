#include "stages/rip/image_rip.h"

#include <optional>

#include "codecs/jpeg_decoder.h"
#include "stages/rip/detail/stream_source.h"
#include "stages/rip/raster_rip.h"

namespace mfp::stages::rip {

using pipeline::Band;
using pipeline::make_error;
using pipeline::PixelFormat;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

std::uint32_t picture_dpi(std::uint32_t x_dpi, std::uint32_t y_dpi,
                          std::uint32_t job_dpi) noexcept {
  if (engine_supports_resolution(x_dpi, y_dpi)) return x_dpi;
  return engine_supports_resolution(job_dpi, job_dpi) ? job_dpi : 600;
}

namespace {

// Makes one band of `rows` rows of a picture page; `fill` decodes rows into it.
template <typename Fill>
Result<Band> picture_band(const std::shared_ptr<const pipeline::PageGeometry>& page,
                          PixelFormat format, std::uint32_t index, std::uint32_t first_row,
                          std::uint32_t rows, const pipeline::OwnerTag& owner,
                          pipeline::BufferPool& pool, Fill&& fill) {
  Band b;
  b.page = page;
  b.format = format;
  b.index = index;
  b.first_row = first_row;
  b.rows = rows;
  b.stride = pipeline::row_bytes(format, page->width);
  b.owner = owner;
  b.last_in_page = first_row + rows >= page->height;
  MFP_ASSIGN_OR_RETURN(b.data, pool.acquire(b.raw_bytes()));
  MFP_RETURN_IF_ERROR(fill(b));
  return b;
}

class JpegState final : public pipeline::SourceState {
 public:
  JpegState(pipeline::DocumentStream& in, const pipeline::SourceContext& ctx)
      : source_(in), ctx_(ctx) {}

  Status open(const codecs::ImageLimits& limits) {
    MFP_ASSIGN_OR_RETURN(auto decoder, codecs::JpegDecoder::open(source_, limits));
    decoder_.emplace(std::move(decoder));
    const codecs::JpegInfo& info = decoder_->info();
    auto g = std::make_shared<pipeline::PageGeometry>();
    g->width = info.width;
    g->height = info.height;
    g->x_dpi = g->y_dpi = picture_dpi(info.x_dpi, info.y_dpi, ctx_.options.dpi);
    g->document = ctx_.document;
    g->page = ctx_.first_page;
    switch (info.output) {
      case codecs::JpegOutput::gray8:
        g->color_space = pipeline::ColorSpace::gray;
        format_ = PixelFormat::gray8;
        break;
      case codecs::JpegOutput::rgb8:
        g->color_space = pipeline::ColorSpace::srgb;
        format_ = PixelFormat::rgb8;
        break;
      case codecs::JpegOutput::cmyk8:
        g->color_space = pipeline::ColorSpace::cmyk;
        format_ = PixelFormat::cmyk8;
        break;
    }
    page_ = std::move(g);
    return Status::ok();
  }

  Result<std::optional<Band>> next(pipeline::BufferPool& pool) noexcept override {
    try {
      if (row_ >= page_->height) return std::optional<Band>{};
      const std::uint32_t rows =
          std::min(std::max<std::uint32_t>(1, ctx_.options.band_rows), page_->height - row_);
      MFP_ASSIGN_OR_RETURN(
          Band b, picture_band(page_, format_, index_, row_, rows, ctx_.owner, pool, [&](Band& band) {
            return decoder_->read_rows(band.data.data(), band.stride, band.rows);
          }));
      ++index_;
      row_ += rows;
      return std::optional<Band>(std::move(b));
    } catch (...) {
      return make_error(StatusCode::resource_exhausted, "JPEG RIP: out of memory");
    }
  }

 private:
  detail::StreamSource source_;
  pipeline::SourceContext ctx_;
  std::optional<codecs::JpegDecoder> decoder_;
  std::shared_ptr<const pipeline::PageGeometry> page_;
  PixelFormat format_ = PixelFormat::rgb8;
  std::uint32_t row_ = 0, index_ = 0;
};

}  // namespace

JpegRip::JpegRip(codecs::ImageLimits limits) : limits_(limits) {
  traits_.name = "rip-jpeg";
  traits_.concurrency = pipeline::Concurrency::serial;
}

Result<std::unique_ptr<pipeline::SourceState>> JpegRip::open(
    pipeline::DocumentStream& in, const pipeline::SourceContext& context) const noexcept {
  try {
    auto state = std::make_unique<JpegState>(in, context);
    MFP_RETURN_IF_ERROR(state->open(limits_));
    return std::unique_ptr<pipeline::SourceState>(std::move(state));
  } catch (...) {
    return make_error(StatusCode::resource_exhausted, "JPEG RIP: out of memory");
  }
}

Result<std::shared_ptr<const pipeline::Source>> make_jpeg_rip(const pipeline::StageConfig&) {
  return std::shared_ptr<const pipeline::Source>(std::make_shared<JpegRip>(engine_image_limits()));
}

}  // namespace mfp::stages::rip
