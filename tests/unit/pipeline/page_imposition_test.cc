#include "pipeline/page_imposition.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <vector>

#include "pipeline/band.h"
#include "pipeline/page_layout.h"
#include "pipeline/stage.h"

namespace mfp::pipeline {
namespace {

// Raster pages of the given sizes in one format, in bands, every byte a function of its place.
class Pages final : public SourceState {
 public:
  Pages(std::vector<std::pair<std::uint32_t, std::uint32_t>> sizes, PixelFormat f, ColorSpace cs,
        std::uint32_t dpi, std::uint32_t band_rows)
      : sizes_(std::move(sizes)), f_(f), cs_(cs), dpi_(dpi), rows_(band_rows) {}
  Result<std::optional<Band>> next(BufferPool& pool) override {
    if (page_ >= sizes_.size()) return std::optional<Band>{};
    if (row_ == 0) {
      auto g = std::make_shared<PageGeometry>();
      g->width = sizes_[page_].first;
      g->height = sizes_[page_].second;
      g->x_dpi = g->y_dpi = dpi_;
      g->color_space = cs_;
      g->page = static_cast<std::uint32_t>(page_);
      geom_ = g;
      index_ = 0;
    }
    Band b;
    b.page = geom_;
    b.format = f_;
    b.index = index_++;
    b.first_row = row_;
    b.rows = std::min(rows_, geom_->height - row_);
    b.stride = row_bytes(f_, geom_->width);
    auto buf = pool.acquire(b.raw_bytes());
    if (!buf) return buf.status();
    b.data = std::move(buf).value();
    for (std::size_t i = 0; i < b.raw_bytes(); ++i)
      b.data.data()[i] = static_cast<std::uint8_t>(i * 7 + page_);
    row_ += b.rows;
    b.last_in_page = row_ >= geom_->height;
    if (b.last_in_page) {
      row_ = 0;
      ++page_;
    }
    return std::optional<Band>(std::move(b));
  }

 private:
  std::vector<std::pair<std::uint32_t, std::uint32_t>> sizes_;
  PixelFormat f_;
  ColorSpace cs_;
  std::uint32_t dpi_, rows_;
  std::size_t page_ = 0;
  std::uint32_t row_ = 0, index_ = 0;
  std::shared_ptr<const PageGeometry> geom_;
};

// Every layout (number-up, scaling, orientation, with and without media) over raster pages of
// every format a source makes, down to 1 x 1 and 37 x 1201 pixels: every sheet band paints, no
// page or band is left out of the pool (kept pages are zeroed and returned). Run under ASan and
// UBSan this is the imposition's memory check.
TEST(PageImposition, EveryLayoutPaintsEverySheetOfRasterPages) {
  BufferPool pool;
  int sheets = 0, bands = 0, fails = 0;
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> sizes = {
      {425, 550}, {550, 425}, {1, 1}, {300, 900}, {37, 1201}};
  struct Fmt {
    PixelFormat f;
    ColorSpace cs;
  };
  for (Fmt fm :
       {Fmt{PixelFormat::rgb8, ColorSpace::srgb}, Fmt{PixelFormat::gray8, ColorSpace::gray},
        Fmt{PixelFormat::rgb16, ColorSpace::srgb}, Fmt{PixelFormat::cmyk8, ColorSpace::cmyk}}) {
    for (std::uint32_t n : kNumberUpValues) {
      // Each scaling unturned, and each orientation with automatic scaling.
      const std::pair<Scaling, Orientation> cases[] = {
          {Scaling::automatic, Orientation::none},
          {Scaling::auto_fit, Orientation::none},
          {Scaling::fit, Orientation::none},
          {Scaling::fill, Orientation::none},
          {Scaling::none, Orientation::none},
          {Scaling::automatic, Orientation::portrait},
          {Scaling::automatic, Orientation::landscape},
          {Scaling::automatic, Orientation::reverse_landscape},
          {Scaling::automatic, Orientation::reverse_portrait}};
      for (const auto& [s, o] : cases) {
        {
          for (bool media : {false, true}) {
            PageLayout l;
            if (media) {
              l.media = "na_letter_8.5x11in";
              l.media_width_mm = 215.9;
              l.media_height_mm = 279.4;
            }
            l.number_up = n;
            l.scaling = s;
            l.orientation = o;
            l.margin_mm = 4.23;
            auto inner = std::make_unique<Pages>(sizes, fm.f, fm.cs, 40, 33);
            auto st = impose_pages(std::move(inner), l, 50, 0, 64);
            while (true) {
              auto nb = st->next(pool);
              if (!nb) {
                ++fails;
                break;
              }
              if (!nb.value()) break;
              Band b = std::move(*nb.value());
              ++bands;
              if (b.encoding == BandEncoding::deferred) {
                b.stride = row_bytes(b.format, b.width());
                auto buf = pool.acquire(b.raw_bytes());
                if (!buf) {
                  ++fails;
                  break;
                }
                b.data = std::move(buf).value();
                auto state = b.painter->make_thread_state();
                Status ps = b.painter->paint(b, state.get());
                EXPECT_TRUE(ps.is_ok()) << ps.to_string();
                if (!ps.is_ok()) ++fails;
              }
              if (b.last_in_page) ++sheets;
            }
          }
        }
      }
    }
  }
  EXPECT_EQ(fails, 0);
  EXPECT_GT(sheets, 0);
  EXPECT_GT(bands, sheets);
  EXPECT_EQ(pool.stats().outstanding_bytes, 0u);  // every page kept and every band zeroed back
}

}  // namespace
}  // namespace mfp::pipeline
