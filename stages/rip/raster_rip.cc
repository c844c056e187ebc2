#include "stages/rip/raster_rip.h"

#include <cstring>
#include <optional>

#include "codecs/pwg_raster_reader.h"
#include "codecs/urf_reader.h"
#include "stages/rip/detail/page_band.h"
#include "stages/rip/detail/stream_source.h"

namespace mfp::stages::rip {

using codecs::RasterColorSpace;
using codecs::RasterPageInfo;
using pipeline::Band;
using pipeline::make_error;
using pipeline::PixelFormat;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

codecs::ImageLimits engine_image_limits() noexcept {
  codecs::ImageLimits l;
  l.max_width = 8000;    // 13.3 in at 600 dpi
  l.max_height = 12000;  // 20 in at 600 dpi
  l.max_pixels = 8000ull * 12000ull;
  l.max_page_bytes = 8000ull * 12000ull * 8;  // rgb16
  return l;
}

bool engine_supports_resolution(std::uint32_t x_dpi, std::uint32_t y_dpi) noexcept {
  return x_dpi == y_dpi && (x_dpi == 300 || x_dpi == 600);
}

namespace {

// How a raster page's rows become band rows.
struct Layout {
  PixelFormat format;
  pipeline::ColorSpace space;
  bool direct;  // rows decode straight into the band
};

Result<Layout> layout_for(const RasterPageInfo& p) {
  pipeline::ColorSpace space = pipeline::ColorSpace::srgb;
  PixelFormat format = PixelFormat::rgb8;
  switch (p.color_space) {
    case RasterColorSpace::gray:
      space = pipeline::ColorSpace::gray;
      format = PixelFormat::gray8;
      break;
    case RasterColorSpace::black:
      space = pipeline::ColorSpace::black;
      format = PixelFormat::gray8;
      break;
    case RasterColorSpace::srgb:
      space = pipeline::ColorSpace::srgb;
      format = p.bits_per_color == 16 ? PixelFormat::rgb16 : PixelFormat::rgb8;
      break;
    case RasterColorSpace::adobe_rgb:
      space = pipeline::ColorSpace::adobe_rgb;
      format = p.bits_per_color == 16 ? PixelFormat::rgb16 : PixelFormat::rgb8;
      break;
    case RasterColorSpace::cmyk:
      space = pipeline::ColorSpace::cmyk;
      format = PixelFormat::cmyk8;
      break;
  }
  if (p.bits_per_color != 1 && p.bits_per_color != 8 && p.bits_per_color != 16) {
    return make_error(StatusCode::unsupported,
                      "raster bit depth " + std::to_string(p.bits_per_color));
  }
  if (p.bits_per_color == 1 && p.color_space != RasterColorSpace::black) {
    return make_error(StatusCode::unsupported, "1-bit raster must be black");
  }
  const bool direct = p.bits_per_color == 8;
  return Layout{format, space, direct};
}

// Converts one decoded raster row (in `src`) to a band row (in `dst`).
void convert_row(const RasterPageInfo& p, const Layout& l, const std::uint8_t* src,
                 std::uint8_t* dst) noexcept {
  const std::uint32_t w = p.width;
  if (p.bits_per_color == 1) {
    for (std::uint32_t x = 0; x < w; ++x) {
      dst[x] = (src[x >> 3] & (0x80u >> (x & 7))) ? 255 : 0;
    }
  } else if (l.format == PixelFormat::rgb16) {
    // Big-endian samples in the file become native 16-bit samples.
    const std::size_t n = static_cast<std::size_t>(w) * 3;
    auto* out = reinterpret_cast<std::uint16_t*>(dst);
    for (std::size_t i = 0; i < n; ++i) {
      out[i] = static_cast<std::uint16_t>((src[2 * i] << 8) | src[2 * i + 1]);
    }
  } else {
    // 16-bit gray, black or CMYK: keep the most significant byte.
    const std::size_t n = static_cast<std::size_t>(w) * p.num_colors;
    for (std::size_t i = 0; i < n; ++i) dst[i] = src[2 * i];
  }
}

template <typename Reader>
class RasterState final : public pipeline::SourceState {
 public:
  RasterState(pipeline::DocumentStream& in, const pipeline::SourceContext& ctx,
              codecs::ImageLimits limits)
      : source_(in), ctx_(ctx), limits_(limits) {}

  Status open() {
    auto r = Reader::open(source_, limits_);
    if (!r) return r.status();
    reader_.emplace(std::move(r).value());
    return Status::ok();
  }

  Result<std::optional<Band>> next(pipeline::BufferPool& pool) noexcept override {
    try {
      if (!page_) {
        MFP_ASSIGN_OR_RETURN(bool more, reader_->next_page());
        if (!more) return std::optional<Band>{};
        MFP_RETURN_IF_ERROR(start_page(pool));
      }
      MFP_ASSIGN_OR_RETURN(Band band, make_band(pool));
      return std::optional<Band>(std::move(band));
    } catch (...) {
      return pipeline::current_exception_status("raster RIP");
    }
  }

 private:
  Status start_page(pipeline::BufferPool& pool) {
    const RasterPageInfo& p = reader_->page();
    if (!engine_supports_resolution(p.x_dpi, p.y_dpi)) {
      return make_error(StatusCode::unsupported,
                        "page " + std::to_string(p.page_number) + ": resolution " +
                            std::to_string(p.x_dpi) + "x" + std::to_string(p.y_dpi) +
                            " dpi is not one the engine prints (300 or 600)");
    }
    MFP_ASSIGN_OR_RETURN(layout_, layout_for(p));
    auto g = std::make_shared<pipeline::PageGeometry>();
    g->width = p.width;
    g->height = p.height;
    g->x_dpi = p.x_dpi;
    g->y_dpi = p.y_dpi;
    g->color_space = layout_.space;
    g->document = ctx_.document;
    g->page = ctx_.first_page + pages_;
    g->media = media_name();
    page_ = std::move(g);
    row_ = 0;
    band_index_ = 0;
    ++pages_;
    if (!layout_.direct && scratch_.empty()) {
      MFP_ASSIGN_OR_RETURN(scratch_, pool.acquire(static_cast<std::size_t>(p.bytes_per_line) *
                                                  ctx_.options.band_rows));
    } else if (!layout_.direct && scratch_.capacity() < static_cast<std::size_t>(p.bytes_per_line) *
                                                            ctx_.options.band_rows) {
      MFP_ASSIGN_OR_RETURN(scratch_, pool.acquire(static_cast<std::size_t>(p.bytes_per_line) *
                                                  ctx_.options.band_rows));
    }
    return Status::ok();
  }

  std::string media_name() const;

  Result<Band> make_band(pipeline::BufferPool& pool) {
    const RasterPageInfo& p = reader_->page();
    MFP_ASSIGN_OR_RETURN(
        Band b,
        detail::make_page_band(
            page_, layout_.format, band_index_, row_, ctx_.options.band_rows, ctx_.owner, pool,
            [&](Band& band) -> Status {
              if (layout_.direct) {
                return reader_->read_rows(band.data.data(), band.stride, band.rows);
              }
              MFP_RETURN_IF_ERROR(reader_->read_rows(scratch_.data(), p.bytes_per_line, band.rows));
              for (std::uint32_t r = 0; r < band.rows; ++r) {
                convert_row(p, layout_,
                            scratch_.data() + static_cast<std::size_t>(r) * p.bytes_per_line,
                            band.row(r));
              }
              return Status::ok();
            }));
    ++band_index_;
    row_ += b.rows;
    if (b.last_in_page) page_.reset();
    return b;
  }

  detail::StreamSource source_;
  pipeline::SourceContext ctx_;
  codecs::ImageLimits limits_;
  std::optional<Reader> reader_;
  Layout layout_{PixelFormat::rgb8, pipeline::ColorSpace::srgb, true};
  std::shared_ptr<const pipeline::PageGeometry> page_;
  pipeline::Buffer scratch_;
  std::uint32_t row_ = 0;
  std::uint32_t band_index_ = 0;
  std::uint32_t pages_ = 0;
};

template <>
std::string RasterState<codecs::PwgRasterReader>::media_name() const {
  return reader_->header().page_size_name;
}

template <>
std::string RasterState<codecs::UrfReader>::media_name() const {
  return {};
}

template <typename Reader>
Result<std::unique_ptr<pipeline::SourceState>> open_state(pipeline::DocumentStream& in,
                                                          const pipeline::SourceContext& ctx,
                                                          const codecs::ImageLimits& limits) {
  auto state = std::make_unique<RasterState<Reader>>(in, ctx, limits);
  MFP_RETURN_IF_ERROR(state->open());
  return std::unique_ptr<pipeline::SourceState>(std::move(state));
}

}  // namespace

RasterRip::RasterRip(RasterKind kind, codecs::ImageLimits limits) : kind_(kind), limits_(limits) {
  traits_.name = kind == RasterKind::pwg ? "rip-pwg" : "rip-urf";
  traits_.concurrency = pipeline::Concurrency::serial;
}

Result<std::unique_ptr<pipeline::SourceState>> RasterRip::open(
    pipeline::DocumentStream& in, const pipeline::SourceContext& context) const noexcept {
  try {
    if (kind_ == RasterKind::pwg) {
      return open_state<codecs::PwgRasterReader>(in, context, limits_);
    }
    return open_state<codecs::UrfReader>(in, context, limits_);
  } catch (...) {
    return pipeline::current_exception_status("raster RIP");
  }
}

Result<std::shared_ptr<const pipeline::Source>> make_pwg_rip(const pipeline::StageConfig&) {
  return std::shared_ptr<const pipeline::Source>(
      std::make_shared<RasterRip>(RasterKind::pwg, engine_image_limits()));
}

Result<std::shared_ptr<const pipeline::Source>> make_urf_rip(const pipeline::StageConfig&) {
  return std::shared_ptr<const pipeline::Source>(
      std::make_shared<RasterRip>(RasterKind::urf, engine_image_limits()));
}

}  // namespace mfp::stages::rip
