#include "stages/rip/image_rip.h"

#include <cmath>
#include <cstring>
#include <optional>

#include "codecs/jpeg_decoder.h"
#include "codecs/tiff_reader.h"
#include "stages/rip/detail/page_band.h"
#include "stages/rip/detail/read_document.h"
#include "stages/rip/detail/stream_source.h"
#include "stages/rip/raster_rip.h"

namespace mfp::stages::rip {

using pipeline::Band;
using pipeline::PixelFormat;
using pipeline::Result;
using pipeline::Status;

std::uint32_t picture_dpi(std::uint32_t x_dpi, std::uint32_t y_dpi,
                          std::uint32_t job_dpi) noexcept {
  if (engine_supports_resolution(x_dpi, y_dpi)) return x_dpi;
  return engine_supports_resolution(job_dpi, job_dpi) ? job_dpi : 600;
}

namespace {

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
      MFP_ASSIGN_OR_RETURN(
          Band b, detail::make_page_band(page_, format_, index_, row_, ctx_.options.band_rows,
                                         ctx_.owner, pool, [&](Band& band) {
                                           return decoder_->read_rows(band.data.data(), band.stride,
                                                                      band.rows);
                                         }));
      ++index_;
      row_ += b.rows;
      return std::optional<Band>(std::move(b));
    } catch (...) {
      return pipeline::current_exception_status("JPEG RIP");
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

class TiffState final : public pipeline::SourceState {
 public:
  TiffState(const pipeline::SourceContext& ctx, pipeline::Buffer file)
      : ctx_(ctx), file_(std::move(file)) {}

  Status open(const codecs::ImageLimits& limits) {
    MFP_ASSIGN_OR_RETURN(auto reader, codecs::TiffReader::open(file_.span(), limits));
    reader_.emplace(std::move(reader));
    return Status::ok();
  }

  Result<std::optional<Band>> next(pipeline::BufferPool& pool) noexcept override {
    try {
      if (!page_) {
        MFP_ASSIGN_OR_RETURN(bool more, reader_->next_page());
        if (!more) return std::optional<Band>{};
        start_page();
      }
      MFP_ASSIGN_OR_RETURN(
          Band b, detail::make_page_band(page_, format_, index_, row_, ctx_.options.band_rows,
                                         ctx_.owner, pool, [&](Band& band) {
                                           return reader_->read_rows(band.data.data(), band.stride,
                                                                     band.rows);
                                         }));
      ++index_;
      row_ += b.rows;
      if (row_ >= page_->height) page_.reset();
      return std::optional<Band>(std::move(b));
    } catch (...) {
      return pipeline::current_exception_status("TIFF RIP");
    }
  }

 private:
  void start_page() {
    const codecs::TiffPageInfo& info = reader_->page();
    auto g = std::make_shared<pipeline::PageGeometry>();
    g->width = info.width;
    g->height = info.height;
    g->x_dpi = g->y_dpi =
        picture_dpi(static_cast<std::uint32_t>(std::lround(info.x_dpi)),
                    static_cast<std::uint32_t>(std::lround(info.y_dpi)), ctx_.options.dpi);
    g->document = ctx_.document;
    g->page = ctx_.first_page + pages_++;
    switch (info.format) {
      case codecs::TiffPixelFormat::gray8:
        g->color_space = pipeline::ColorSpace::gray;
        format_ = PixelFormat::gray8;
        break;
      case codecs::TiffPixelFormat::rgb8:
        g->color_space = pipeline::ColorSpace::srgb;
        format_ = PixelFormat::rgb8;
        break;
      case codecs::TiffPixelFormat::cmyk8:
        g->color_space = pipeline::ColorSpace::cmyk;
        format_ = PixelFormat::cmyk8;
        break;
    }
    page_ = std::move(g);
    row_ = 0;
    index_ = 0;
  }

  pipeline::SourceContext ctx_;
  pipeline::Buffer file_;  // must outlive reader_
  std::optional<codecs::TiffReader> reader_;
  std::shared_ptr<const pipeline::PageGeometry> page_;
  PixelFormat format_ = PixelFormat::gray8;
  std::uint32_t row_ = 0, index_ = 0, pages_ = 0;
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
    return pipeline::current_exception_status("JPEG RIP");
  }
}

Result<std::shared_ptr<const pipeline::Source>> make_jpeg_rip(const pipeline::StageConfig&) {
  return std::shared_ptr<const pipeline::Source>(std::make_shared<JpegRip>(engine_image_limits()));
}

TiffRip::TiffRip(codecs::ImageLimits limits, std::size_t max_document_bytes)
    : limits_(limits), max_document_bytes_(max_document_bytes) {
  traits_.name = "rip-tiff";
  traits_.concurrency = pipeline::Concurrency::serial;
}

Result<std::unique_ptr<pipeline::SourceState>> TiffRip::open(
    pipeline::DocumentStream& in, const pipeline::SourceContext& context) const noexcept {
  try {
    // Documents are small next to pages; a private pool keeps them out of band accounting.
    pipeline::BufferPool file_pool(0, 0);
    MFP_ASSIGN_OR_RETURN(pipeline::Buffer file,
                         detail::read_document(in, file_pool, max_document_bytes_, "TIFF"));
    auto state = std::make_unique<TiffState>(context, std::move(file));
    MFP_RETURN_IF_ERROR(state->open(limits_));
    return std::unique_ptr<pipeline::SourceState>(std::move(state));
  } catch (...) {
    return pipeline::current_exception_status("TIFF RIP");
  }
}

Result<std::shared_ptr<const pipeline::Source>> make_tiff_rip(const pipeline::StageConfig&) {
  // 96 MiB: a fax or scan TIFF is far smaller; larger files belong in PDF or PWG raster.
  return std::shared_ptr<const pipeline::Source>(
      std::make_shared<TiffRip>(engine_image_limits(), std::size_t{96} << 20));
}

}  // namespace mfp::stages::rip
