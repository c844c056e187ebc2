#include "pipeline/page_imposition.h"

#include <strings.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

namespace mfp::pipeline {

namespace {

constexpr std::uint32_t kMaxReduction = 16;

// The byte that paints a sample white: no ink for ink spaces, full light for light spaces.
std::uint8_t white_byte(ColorSpace cs) noexcept {
  return cs == ColorSpace::cmyk || cs == ColorSpace::black ? 0x00 : 0xFF;
}

// Chunky formats of whole bytes per pixel: the ones a raw page can be kept in and sampled from.
bool samplable(PixelFormat f) noexcept {
  return planes_of(f) == 1 && bits_per_pixel_of(f) % 8 == 0 && bits_per_pixel_of(f) >= 8;
}

// A page decoded to raw bands, kept whole, reduced by `factor` in both directions by averaging
// (a page printed at a quarter of its size is kept at a quarter), and sampled onto sheets.
class RasterPage final : public BandPainter {
 public:
  RasterPage(const PageGeometry& page, PixelFormat format, std::uint32_t factor, Buffer pixels)
      : format_(format),
        color_space_(page.color_space),
        factor_(factor),
        width_((page.width + factor - 1) / factor),
        height_((page.height + factor - 1) / factor),
        source_width_(page.width),
        source_height_(page.height),
        bpp_(bits_per_pixel_of(format) / 8),
        pixels_(std::move(pixels)) {}

  RasterPage(const RasterPage&) = delete;
  RasterPage& operator=(const RasterPage&) = delete;
  // The running sums hold page data of a page abandoned part-way: zeroed like every buffer.
  ~RasterPage() override {
    if (!sums_.empty()) explicit_bzero(sums_.data(), sums_.size() * sizeof(sums_[0]));
  }

  [[nodiscard]] static std::size_t bytes_for(const PageGeometry& page, PixelFormat format,
                                             std::uint32_t factor) noexcept {
    const std::size_t w = (page.width + factor - 1) / factor;
    const std::size_t h = (page.height + factor - 1) / factor;
    return w * h * (bits_per_pixel_of(format) / 8);
  }

  // Adds the rows of the page's next raw band (bands arrive in order).
  [[nodiscard]] Status add(const Band& band) {
    if (band.format != format_ || band.encoding != BandEncoding::raw ||
        band.width() != source_width_ || band.first_row != rows_seen_ ||
        band.first_row + band.rows > source_height_) {
      return make_error(StatusCode::internal, "imposition: bands of a page out of order");
    }
    const unsigned samples = channels_of(format_);
    const bool wide = bits_per_pixel_of(format_) / samples == 16;
    const std::size_t out_samples = std::size_t{width_} * samples;
    if (sums_.size() != out_samples) sums_.assign(out_samples, 0);
    for (std::uint32_t r = 0; r < band.rows; ++r) {
      const std::uint8_t* src = band.row(r);
      for (std::uint32_t x = 0; x < source_width_; ++x) {
        std::uint64_t* acc = &sums_[std::size_t{x / factor_} * samples];
        for (unsigned s = 0; s < samples; ++s) {
          if (wide) {
            std::uint16_t v;
            std::memcpy(&v, src + (std::size_t{x} * samples + s) * 2, 2);
            acc[s] += v;
          } else {
            acc[s] += src[std::size_t{x} * samples + s];
          }
        }
      }
      ++rows_seen_;
      ++block_rows_;
      if (block_rows_ == factor_ || rows_seen_ == source_height_) flush_row(samples, wide);
    }
    return Status::ok();
  }
  [[nodiscard]] bool complete() const noexcept { return rows_seen_ == source_height_; }
  [[nodiscard]] PixelFormat format() const noexcept { return format_; }
  [[nodiscard]] ColorSpace color_space() const noexcept { return color_space_; }

  // Kept pages need no per-thread state.
  [[nodiscard]] const void* state_key() const noexcept override { return nullptr; }
  [[nodiscard]] std::unique_ptr<StageState> make_thread_state() const override { return nullptr; }
  [[nodiscard]] Status paint(Band& /*band*/, StageState* /*state*/) const noexcept override {
    return make_error(StatusCode::internal, "imposition: a kept page is only painted placed");
  }

  [[nodiscard]] Status paint_placed(Band& sheet, const Placement& where,
                                    StageState* /*state*/) const noexcept override {
    const bool expand = format_ == PixelFormat::gray8 && sheet.format == PixelFormat::rgb8;
    if (sheet.format != format_ && !expand) {
      return make_error(StatusCode::internal, "imposition: sheet and page formats differ");
    }
    // Sheet pixel centre -> kept pixel: the inverse of (kept -> page -> sheet).
    const Affine inv = Affine::scale(factor_, factor_).then(where.map).inverse();
    const std::int32_t y0 = std::max<std::int32_t>(where.clip.y0, sheet.first_row);
    const std::int32_t y1 = std::min<std::int32_t>(
        where.clip.y1, static_cast<std::int32_t>(sheet.first_row + sheet.rows));
    const std::size_t out_bpp = bits_per_pixel_of(sheet.format) / 8;
    for (std::int32_t y = y0; y < y1; ++y) {
      std::uint8_t* row = sheet.row(static_cast<std::uint32_t>(y) - sheet.first_row);
      const double cy = y + 0.5;
      double u = inv.x(where.clip.x0 + 0.5, cy);
      double v = inv.y(where.clip.x0 + 0.5, cy);
      for (std::int32_t x = where.clip.x0; x < where.clip.x1; ++x, u += inv.a, v += inv.b) {
        const double fu = std::floor(u);
        const double fv = std::floor(v);
        if (fu < 0 || fv < 0 || fu >= width_ || fv >= height_) continue;
        const std::uint8_t* src =
            pixels_.data() +
            (static_cast<std::size_t>(fv) * width_ + static_cast<std::size_t>(fu)) * bpp_;
        std::uint8_t* dst = row + static_cast<std::size_t>(x) * out_bpp;
        if (expand) {
          dst[0] = dst[1] = dst[2] = src[0];
        } else {
          std::memcpy(dst, src, bpp_);
        }
      }
    }
    return Status::ok();
  }

 private:
  void flush_row(unsigned samples, bool wide) noexcept {
    std::uint8_t* out = pixels_.data() + std::size_t{out_row_} * width_ * bpp_;
    for (std::uint32_t ox = 0; ox < width_; ++ox) {
      const std::uint32_t cols = std::min(factor_, source_width_ - ox * factor_);
      const std::uint64_t n = std::uint64_t{cols} * block_rows_;
      for (unsigned s = 0; s < samples; ++s) {
        std::uint64_t& acc = sums_[std::size_t{ox} * samples + s];
        const std::uint64_t mean = (acc + n / 2) / n;
        if (wide) {
          const auto v = static_cast<std::uint16_t>(mean);
          std::memcpy(out + (std::size_t{ox} * samples + s) * 2, &v, 2);
        } else {
          out[std::size_t{ox} * samples + s] = static_cast<std::uint8_t>(mean);
        }
        acc = 0;
      }
    }
    ++out_row_;
    block_rows_ = 0;
  }

  PixelFormat format_;
  ColorSpace color_space_;
  std::uint32_t factor_;
  std::uint32_t width_, height_;                // kept pixels
  std::uint32_t source_width_, source_height_;  // page pixels
  std::size_t bpp_;
  Buffer pixels_;  // zeroed when the page is dropped
  // Collection state (the source thread only, before the page is shared).
  std::vector<std::uint64_t> sums_;
  std::uint32_t rows_seen_ = 0, block_rows_ = 0, out_row_ = 0;
};

struct Cell {
  std::shared_ptr<const BandPainter> painter;
  Placement where;
};

// Paints one sheet: white, then every page placed on it that crosses the band.
class SheetPainter final : public BandPainter {
 public:
  SheetPainter(std::vector<Cell> cells, std::uint8_t white)
      : cells_(std::move(cells)), white_(white) {
    // Pages of one document share their painters' thread state; the sheet uses the first
    // deferred page's (a sheet never mixes documents).
    for (const Cell& c : cells_) {
      if (c.painter->state_key() != nullptr) {
        state_owner_ = c.painter.get();
        break;
      }
    }
  }
  [[nodiscard]] const void* state_key() const noexcept override {
    return state_owner_ != nullptr ? state_owner_->state_key() : nullptr;
  }
  [[nodiscard]] std::unique_ptr<StageState> make_thread_state() const override {
    return state_owner_ != nullptr ? state_owner_->make_thread_state() : nullptr;
  }
  [[nodiscard]] Status paint(Band& band, StageState* state) const noexcept override {
    std::memset(band.data.data(), white_, band.raw_bytes());
    const auto top = static_cast<std::int32_t>(band.first_row);
    const auto bottom = static_cast<std::int32_t>(band.first_row + band.rows);
    for (const Cell& c : cells_) {
      if (c.where.clip.empty() || c.where.clip.y1 <= top || c.where.clip.y0 >= bottom) continue;
      MFP_RETURN_IF_ERROR(c.painter->paint_placed(band, c.where, state));
    }
    return Status::ok();
  }

 private:
  std::vector<Cell> cells_;
  std::uint8_t white_;
  const BandPainter* state_owner_ = nullptr;
};

class ImposingState final : public SourceState {
 public:
  ImposingState(std::unique_ptr<SourceState> inner, PageLayout layout, std::uint32_t dpi,
                std::uint32_t first_page, std::uint32_t band_rows)
      : inner_(std::move(inner)),
        layout_(std::move(layout)),
        dpi_(dpi),
        first_page_(first_page),
        band_rows_(std::max<std::uint32_t>(1, band_rows)) {}

  Result<std::optional<Band>> next(BufferPool& pool) noexcept override {
    try {
      if (painter_) return std::optional<Band>(sheet_band());
      if (passing_) {
        MFP_ASSIGN_OR_RETURN(std::optional<Band> band, inner_->next(pool));
        if (!band) return make_error(StatusCode::internal, "imposition: a page ended early");
        return std::optional<Band>(pass(std::move(*band)));
      }
      return start_sheet(pool);
    } catch (...) {
      return pipeline::current_exception_status("imposition");
    }
  }

 private:
  // Forwards a band of a page printed as it is, on its numbered sheet with the layout's media.
  Band pass(Band band) {
    if (band.index == 0 || !restamped_) {
      auto g = std::make_shared<PageGeometry>(*band.page);
      g->page = first_page_ + sheets_;
      if (!layout_.media.empty()) g->media = layout_.media;
      restamped_ = std::move(g);
    }
    band.page = restamped_;
    passing_ = !band.last_in_page;
    if (band.last_in_page) {
      ++sheets_;
      restamped_.reset();
    }
    return band;
  }

  Result<std::optional<Band>> start_sheet(BufferPool& pool) {
    std::vector<Cell> cells;
    std::vector<std::shared_ptr<const RasterPage>> kept;
    PagePixels sheet;
    std::shared_ptr<const PageGeometry> first;
    PixelFormat format = PixelFormat::rgb8;
    ColorSpace space = ColorSpace::srgb;
    OwnerTag owner;
    PagePixels lead;
    bool mixed = false;
    bool black_only = true;  // every page on the sheet without color (print-color-mode auto)
    for (std::uint32_t k = 0; k < layout_.number_up; ++k) {
      MFP_ASSIGN_OR_RETURN(std::optional<Band> band, inner_->next(pool));
      if (!band) break;
      if (band->index != 0 || !band->page) {
        return make_error(StatusCode::internal, "imposition: a page began mid-page");
      }
      const PageGeometry& g = *band->page;
      const PagePixels page{g.width, g.height, g.x_dpi, g.y_dpi};
      if (k == 0) {
        sheet = sheet_pixels(layout_, page, dpi_);
        lead = page;
        first = band->page;
        format = band->format;
        space = g.color_space;
        owner = band->owner;
      } else if (band->format != format || g.color_space != space) {
        mixed = true;
      }
      black_only = black_only && g.black_only;
      MFP_ASSIGN_OR_RETURN(Placement where, place_page(layout_, sheet, page, k, &lead));
      if (k == 0 && layout_.number_up == 1 && is_identity(where, page, sheet)) {
        return std::optional<Band>(pass(std::move(*band)));
      }
      if (band->encoding == BandEncoding::deferred) {
        if (!band->painter)
          return make_error(StatusCode::internal, "deferred band without painter");
        std::shared_ptr<const BandPainter> painter = band->painter;
        MFP_RETURN_IF_ERROR(skip_rest_of_page(std::move(*band), pool));
        cells.push_back({std::move(painter), where});
      } else {
        MFP_ASSIGN_OR_RETURN(auto page_copy, keep(std::move(*band), where, sheet, pool));
        cells.push_back({page_copy, where});
        kept.push_back(std::move(page_copy));
      }
    }
    if (cells.empty()) return std::optional<Band>{};
    if (mixed) {
      // Gray and RGB pages share an RGB sheet (kept pages expand gray as they are painted).
      bool all_light = true;
      for (const auto& k : kept) {
        all_light = all_light &&
                    ((k->format() == PixelFormat::gray8 && k->color_space() == ColorSpace::gray) ||
                     (k->format() == PixelFormat::rgb8 && k->color_space() == ColorSpace::srgb));
      }
      if (!all_light || kept.size() != cells.size()) {
        return make_error(StatusCode::unsupported,
                          "number-up: pages in different color spaces cannot share a sheet");
      }
      format = PixelFormat::rgb8;
      space = ColorSpace::srgb;
    }
    auto g = std::make_shared<PageGeometry>(*first);
    g->width = sheet.width;
    g->height = sheet.height;
    g->x_dpi = sheet.x_dpi;
    g->y_dpi = sheet.y_dpi;
    g->color_space = space;
    g->black_only = black_only;
    g->page = first_page_ + sheets_++;
    if (!layout_.media.empty()) g->media = layout_.media;
    sheet_ = std::move(g);
    format_ = format;
    owner_ = owner;
    painter_ = std::make_shared<SheetPainter>(std::move(cells), white_byte(space));
    row_ = 0;
    band_index_ = 0;
    return std::optional<Band>(sheet_band());
  }

  // Drops the remaining (deferred, empty) bands of a page placed by its painter.
  Status skip_rest_of_page(Band band, BufferPool& pool) {
    while (!band.last_in_page) {
      MFP_ASSIGN_OR_RETURN(std::optional<Band> more, inner_->next(pool));
      if (!more) return make_error(StatusCode::internal, "imposition: a page ended early");
      band = std::move(*more);
    }
    return Status::ok();
  }

  // Collects a raw page, reduced to about the size it prints at.
  Result<std::shared_ptr<const RasterPage>> keep(Band band, const Placement& where,
                                                 const PagePixels& sheet, BufferPool& pool) {
    if (!samplable(band.format)) {
      return make_error(StatusCode::unsupported,
                        "imposition: " + std::string(to_string(band.format)) +
                            " pages cannot be placed on a sheet");
    }
    const PageGeometry& g = *band.page;
    const double sheet_px_per_page_px = where.scale * sheet.x_dpi / g.x_dpi;
    std::uint32_t factor = 1;
    if (sheet_px_per_page_px > 0 && sheet_px_per_page_px < 1) {
      factor = std::clamp<std::uint32_t>(
          static_cast<std::uint32_t>(std::floor(1 / sheet_px_per_page_px)), 1, kMaxReduction);
    }
    MFP_ASSIGN_OR_RETURN(Buffer pixels,
                         pool.acquire(RasterPage::bytes_for(g, band.format, factor)));
    auto page = std::make_shared<RasterPage>(g, band.format, factor, std::move(pixels));
    while (true) {
      MFP_RETURN_IF_ERROR(page->add(band));
      if (band.last_in_page) break;
      MFP_ASSIGN_OR_RETURN(std::optional<Band> more, inner_->next(pool));
      if (!more) return make_error(StatusCode::internal, "imposition: a page ended early");
      band = std::move(*more);  // the previous band's buffer is zeroed as it goes
    }
    if (!page->complete())
      return make_error(StatusCode::internal, "imposition: a page ended early");
    return std::shared_ptr<const RasterPage>(std::move(page));
  }

  Band sheet_band() {
    Band b;
    b.page = sheet_;
    b.format = format_;
    b.encoding = BandEncoding::deferred;
    b.index = band_index_++;
    b.first_row = row_;
    b.rows = std::min(band_rows_, sheet_->height - row_);
    b.stride = row_bytes(format_, sheet_->width);
    b.owner = owner_;
    b.last_in_page = row_ + b.rows >= sheet_->height;
    b.painter = painter_;
    row_ += b.rows;
    if (b.last_in_page) painter_.reset();
    return b;
  }

  std::unique_ptr<SourceState> inner_;
  PageLayout layout_;
  std::uint32_t dpi_;
  std::uint32_t first_page_;
  std::uint32_t band_rows_;
  std::uint32_t sheets_ = 0;  // sheets begun
  bool passing_ = false;      // forwarding the rest of a page printed as it is
  std::shared_ptr<const PageGeometry> restamped_;
  // The sheet being emitted.
  std::shared_ptr<const SheetPainter> painter_;
  std::shared_ptr<const PageGeometry> sheet_;
  PixelFormat format_ = PixelFormat::rgb8;
  OwnerTag owner_;
  std::uint32_t row_ = 0, band_index_ = 0;
};

}  // namespace

std::unique_ptr<SourceState> impose_pages(std::unique_ptr<SourceState> inner, PageLayout layout,
                                          std::uint32_t dpi, std::uint32_t first_page,
                                          std::uint32_t band_rows) {
  return std::make_unique<ImposingState>(std::move(inner), std::move(layout), dpi, first_page,
                                         band_rows);
}

}  // namespace mfp::pipeline
