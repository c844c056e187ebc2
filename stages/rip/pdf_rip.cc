#include "stages/rip/pdf_rip.h"

#include <mupdf/pdf.h>

#include <strings.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/page_layout.h"
#include "pipeline/page_range.h"
#include "stages/color/color_stage.h"
#include "stages/rip/detail/image_predecoder.h"
#include "stages/rip/detail/read_document.h"
#include "stages/rip/raster_rip.h"

namespace mfp::stages::rip {

using pipeline::Band;
using pipeline::make_error;
using pipeline::PixelFormat;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;
using Clock = std::chrono::steady_clock;

namespace {

// Decoded image pixels one page may hold (detail/image_predecoder.h): a full A4 photo at
// 600 dpi is 104 MB; past this, images decode lazily per band.
constexpr std::size_t kPredecodeBudget = std::size_t{160} << 20;
// A page that predecoded this much is rendered before the next page is interpreted.
constexpr std::size_t kHeavyPageBytes = std::size_t{32} << 20;
// The largest output intent profile read (CMYK printing-condition profiles are 0.5-4 MB).
constexpr std::size_t kMaxIntentBytes = std::size_t{16} << 20;

// One open document: its bytes, the context the source works in, and the display lists of
// finished pages waiting to be dropped on that context.
class PdfDocument {
 public:
  PdfDocument(std::shared_ptr<const MupdfEngine> engine, pipeline::Buffer bytes)
      : engine_(std::move(engine)), bytes_(std::move(bytes)), ctx_(engine_->clone()) {}
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;
  // Runs on whichever thread drops the last reference; by then no other thread uses ctx_.
  // The document and stream owners (members after ctx_) are dropped before the context.
  ~PdfDocument() {
    if (ctx_) drop_buried();
  }

  Status open(const pipeline::SecretText* password) {
    if (!ctx_) return make_error(StatusCode::resource_exhausted, "PDF: out of memory");
    fz_context* ctx = ctx_.get();
    fz_stream* stream = nullptr;
    fz_document* doc = nullptr;
    Status opened = detail::fz_guard(ctx, "PDF", [&] {
      stream = fz_open_memory(ctx, bytes_.data(), bytes_.size());
      doc = fz_open_document_with_stream(ctx, "application/pdf", stream);
    });
    stream_ = detail::FzStream(stream, {ctx});
    doc_ = detail::FzDocument(doc, {ctx});
    MFP_RETURN_IF_ERROR(opened);
    int needs = 0;
    MFP_RETURN_IF_ERROR(
        detail::fz_guard(ctx, "PDF", [&] { needs = fz_needs_password(ctx, doc_.get()); }));
    if (needs != 0) {
      if (password == nullptr) {
        return make_error(StatusCode::permission_denied,
                          "PDF is encrypted and no document-password was given");
      }
      // MuPDF takes a NUL-terminated password: copy it into zeroed memory.
      std::vector<char> pw(password->view().begin(), password->view().end());
      pw.push_back('\0');
      int ok = 0;
      Status s = detail::fz_guard(
          ctx, "PDF", [&] { ok = fz_authenticate_password(ctx, doc_.get(), pw.data()); });
      explicit_bzero(pw.data(), pw.size());
      MFP_RETURN_IF_ERROR(s);
      if (ok == 0) {
        return make_error(StatusCode::permission_denied, "PDF document-password is wrong");
      }
    }
    MFP_RETURN_IF_ERROR(
        detail::fz_guard(ctx, "PDF", [&] { pages_ = fz_count_pages(ctx, doc_.get()); }));
    read_output_intent();
    return Status::ok();
  }

  // The document's CMYK output intent (PDF/X: the printing condition its colors are meant
  // for), or null. An intent that cannot be read or is not a CMYK output profile is ignored:
  // the document then prints as any other.
  [[nodiscard]] const std::shared_ptr<const std::vector<std::uint8_t>>& output_intent()
      const noexcept {
    return output_intent_;
  }

  [[nodiscard]] fz_context* ctx() const noexcept { return ctx_.get(); }
  [[nodiscard]] fz_document* doc() const noexcept { return doc_.get(); }
  [[nodiscard]] int pages() const noexcept { return pages_; }
  [[nodiscard]] const MupdfEngine& engine() const noexcept { return *engine_; }

  void read_output_intent() noexcept {
    fz_context* ctx = ctx_.get();
    fz_buffer* buf = nullptr;
    Status s = detail::fz_guard(ctx, "PDF output intent", [&] {
      pdf_document* pdf = pdf_specifics(ctx, doc_.get());
      if (pdf == nullptr) return;
      pdf_obj* intents = pdf_dict_getp(ctx, pdf_trailer(ctx, pdf), "Root/OutputIntents");
      for (int i = 0; i < pdf_array_len(ctx, intents) && buf == nullptr; ++i) {
        pdf_obj* profile =
            pdf_dict_get(ctx, pdf_array_get(ctx, intents, i), PDF_NAME(DestOutputProfile));
        if (pdf_is_stream(ctx, profile) && pdf_dict_get_int(ctx, profile, PDF_NAME(N)) == 4) {
          buf = pdf_load_stream(ctx, profile);
        }
      }
    });
    const detail::FzBuffer owner(buf, {ctx});
    if (!s.is_ok() || buf == nullptr) return;
    unsigned char* data = nullptr;
    const std::size_t n = fz_buffer_storage(ctx, buf, &data);
    if (n == 0 || n > kMaxIntentBytes ||
        !color::is_cmyk_output_profile(std::span<const std::uint8_t>(data, n))) {
      return;
    }
    try {
      output_intent_ = std::make_shared<const std::vector<std::uint8_t>>(data, data + n);
    } catch (...) {
      // Out of memory: the document prints without its intent.
    }
  }

  // Hands a finished page's display list back to the source's context (any thread).
  void bury(fz_display_list* list) noexcept {
    std::lock_guard lock(mu_);
    try {
      buried_.push_back(list);
    } catch (...) {
      // Out of memory: the list is leaked rather than dropped on a context another thread may
      // be using.
    }
  }
  // Drops the buried lists; on the thread that owns ctx_.
  void drop_buried() noexcept {
    std::vector<fz_display_list*> lists;
    {
      std::lock_guard lock(mu_);
      lists.swap(buried_);
    }
    for (fz_display_list* l : lists) fz_drop_display_list(ctx_.get(), l);
  }

 private:
  std::shared_ptr<const MupdfEngine> engine_;
  pipeline::Buffer bytes_;  // outlives the stream and document that read it
  detail::FzContext ctx_;
  detail::FzStream stream_;
  detail::FzDocument doc_;  // reads stream_: dropped first
  int pages_ = 0;
  std::mutex mu_;
  std::vector<fz_display_list*> buried_;
  std::shared_ptr<const std::vector<std::uint8_t>> output_intent_;
};

// How far apart a color's components may be and still count as gray (0..1): anti-aliased or
// rounded grays are not color.
constexpr float kColorThreshold = 0.02f;

class PdfThreadState final : public pipeline::StageState {
 public:
  explicit PdfThreadState(detail::FzContext ctx) : ctx_(std::move(ctx)) {}
  [[nodiscard]] fz_context* ctx() const noexcept { return ctx_.get(); }

 private:
  detail::FzContext ctx_;
};

// Paints any band of one page from its display list.
// What a page renders to: gray (monochrome jobs), RGB, or CMYK (a document with a CMYK output
// intent, whose colors the color stage converts through that intent).
enum class Render : std::uint8_t { gray, rgb, cmyk };

PixelFormat format_of(Render r) noexcept {
  return r == Render::gray  ? PixelFormat::gray8
         : r == Render::rgb ? PixelFormat::rgb8
                            : PixelFormat::cmyk8;
}

class PdfPagePainter final : public pipeline::BandPainter {
 public:
  PdfPagePainter(std::shared_ptr<PdfDocument> doc, fz_display_list* list, fz_matrix ctm,
                 fz_irect box, Render render, std::uint32_t page_number, Clock::time_point deadline,
                 std::uint32_t budget_ms)
      : doc_(std::move(doc)),
        list_(list),
        ctm_(ctm),
        box_(box),
        render_(render),
        page_number_(page_number),
        deadline_(deadline),
        budget_ms_(budget_ms) {}
  ~PdfPagePainter() override { doc_->bury(list_); }
  PdfPagePainter(const PdfPagePainter&) = delete;
  PdfPagePainter& operator=(const PdfPagePainter&) = delete;

  [[nodiscard]] const void* state_key() const noexcept override { return &doc_->engine(); }
  [[nodiscard]] std::unique_ptr<pipeline::StageState> make_thread_state() const override {
    return std::make_unique<PdfThreadState>(doc_->engine().clone());
  }

  [[nodiscard]] Status paint(Band& band, pipeline::StageState* state) const noexcept override {
    const fz_irect r{box_.x0, box_.y0 + static_cast<int>(band.first_row), box_.x1,
                     box_.y0 + static_cast<int>(band.first_row + band.rows)};
    return render(band, state, r, ctm_, r, true, deadline_);
  }

  // The page scaled, turned and moved onto a sheet: the display list replayed through the page's
  // matrix and the placement's, cut to the placement's clip. Vectors and text stay sharp at any
  // scale, as if the page had been made at that size.
  [[nodiscard]] Status paint_placed(Band& sheet, const pipeline::Placement& where,
                                    pipeline::StageState* state) const noexcept override {
    if (sheet.format != format_of(render_)) {
      return make_error(StatusCode::internal, "PDF render: sheet format differs from the page's");
    }
    const fz_irect r{0, static_cast<int>(sheet.first_row), static_cast<int>(sheet.width()),
                     static_cast<int>(sheet.first_row + sheet.rows)};
    const fz_irect clip =
        fz_intersect_irect(r, fz_irect{where.clip.x0, where.clip.y0, where.clip.x1, where.clip.y1});
    if (fz_is_empty_irect(clip)) return Status::ok();
    const pipeline::Affine& m = where.map;
    const fz_matrix placed = fz_concat(
        fz_concat(ctm_, fz_translate(static_cast<float>(-box_.x0), static_cast<float>(-box_.y0))),
        fz_matrix{static_cast<float>(m.a), static_cast<float>(m.b), static_cast<float>(m.c),
                  static_cast<float>(m.d), static_cast<float>(m.e), static_cast<float>(m.f)});
    // The page's budget runs from now: a sheet is painted after all its pages were read.
    return render(sheet, state, r, placed, clip, false,
                  Clock::now() + std::chrono::milliseconds(budget_ms_));
  }

 private:
  // Replays the display list through `ctm` into `band`'s pixels, which cover `area`, drawing
  // only inside `clip`, aborted past `deadline`; `clear` whitens the band first.
  [[nodiscard]] Status render(Band& band, pipeline::StageState* state, fz_irect area, fz_matrix ctm,
                              fz_irect clip, bool clear,
                              Clock::time_point deadline) const noexcept {
    auto* ts = static_cast<PdfThreadState*>(state);
    if (ts == nullptr || ts->ctx() == nullptr) {
      return make_error(StatusCode::resource_exhausted, "PDF render: out of memory");
    }
    fz_context* c = ts->ctx();
    const std::string where = "PDF page " + std::to_string(page_number_);
    fz_cookie cookie{};
    std::optional<MupdfEngine::Watch> watch;
    try {
      watch.emplace(doc_->engine(), &cookie, deadline);
    } catch (...) {
      return pipeline::current_exception_status("PDF render");
    }
    fz_pixmap* pix = nullptr;
    fz_device* dev = nullptr;
    Status s = detail::fz_guard(c, where, [&] {
      fz_colorspace* cs = render_ == Render::gray  ? fz_device_gray(c)
                          : render_ == Render::rgb ? fz_device_rgb(c)
                                                   : fz_device_cmyk(c);
      pix = fz_new_pixmap_with_bbox_and_data(c, cs, area, nullptr, 0, band.data.data());
      // White (MuPDF inverts the value for CMYK: 255 is no ink there too).
      if (clear) fz_clear_pixmap_with_value(c, pix, 255);
      dev = fz_new_draw_device_with_bbox(c, fz_identity, pix, &clip);
      fz_run_display_list(c, list_, dev, ctm, fz_rect_from_irect(clip), &cookie);
      fz_close_device(c, dev);
    });
    const detail::FzPixmap pix_owner(pix, {c});  // the pixels stay in the band
    const detail::FzDevice dev_owner(dev, {c});  // dropped before the pixmap it draws on
    if (cookie.abort != 0) {
      return make_error(
          StatusCode::limit_exceeded,
          where + ": rendering exceeded the page budget of " + std::to_string(budget_ms_) + " ms");
    }
    return s;
  }

  std::shared_ptr<PdfDocument> doc_;
  fz_display_list* list_;
  fz_matrix ctm_;
  fz_irect box_;
  Render render_;
  std::uint32_t page_number_;  // 1-based within the document, for messages
  Clock::time_point deadline_;
  std::uint32_t budget_ms_;
};

class PdfState final : public pipeline::SourceState {
 public:
  PdfState(std::shared_ptr<PdfDocument> doc, const pipeline::SourceContext& ctx,
           const codecs::ImageLimits& limits, std::uint32_t band_rows)
      : doc_(std::move(doc)), ctx_(ctx), limits_(limits), band_rows_(band_rows) {}
  Result<std::optional<Band>> next(pipeline::BufferPool& /*pool*/) noexcept override {
    try {
      if (!painter_) {
        doc_->drop_buried();
        // Unselected pages (page-ranges) are skipped without being interpreted.
        while (page_index_ < doc_->pages() &&
               !pipeline::page_selected(ctx_.options.page_ranges,
                                        static_cast<std::uint32_t>(page_index_) + 1)) {
          ++page_index_;
        }
        if (page_index_ >= doc_->pages()) return std::optional<Band>{};
        MFP_RETURN_IF_ERROR(start_page());
      }
      Band b;
      b.page = geometry_;
      b.format = format_;
      b.encoding = pipeline::BandEncoding::deferred;
      b.index = band_index_++;
      b.first_row = row_;
      b.rows = std::min(band_rows_, geometry_->height - row_);
      b.stride = pipeline::row_bytes(format_, geometry_->width);
      b.owner = ctx_.owner;
      b.last_in_page = row_ + b.rows >= geometry_->height;
      b.painter = painter_;
      row_ += b.rows;
      if (b.last_in_page) {
        painter_.reset();
        ++page_index_;
      }
      return std::optional<Band>(std::move(b));
    } catch (...) {
      return pipeline::current_exception_status("PDF RIP");
    }
  }

 private:
  Status start_page() {
    // A page holding a large decoded image renders before the next one decodes its own: two
    // full-page photos at once would double the RIP's memory for no gain on two cores.
    // Only one page a sheet: pages imposed several to a sheet are all held until the sheet is
    // painted (they share the decode budget instead), and no wait outlasts the page budget.
    const Clock::time_point wait_until =
        Clock::now() + std::chrono::milliseconds(ctx_.options.page_time_budget_ms);
    while (!heavy_previous_.expired() && Clock::now() < wait_until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    fz_context* ctx = doc_->ctx();
    const std::uint32_t number = static_cast<std::uint32_t>(page_index_) + 1;
    const std::string where = "PDF page " + std::to_string(number);
    const std::uint32_t budget = ctx_.options.page_time_budget_ms;
    const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(budget);
    const float scale = static_cast<float>(ctx_.options.dpi) / 72.0f;
    const fz_matrix ctm = fz_scale(scale, scale);

    fz_page* page = nullptr;
    fz_rect bounds{};
    Status s = detail::fz_guard(ctx, where, [&] {
      page = fz_load_page(ctx, doc_->doc(), page_index_);
      bounds = fz_bound_page(ctx, page);
    });
    detail::FzPage page_owner(page, {ctx});
    MFP_RETURN_IF_ERROR(s);

    const fz_rect scaled = fz_transform_rect(bounds, ctm);
    const double w_px = std::ceil(scaled.x1) - std::floor(scaled.x0);
    const double h_px = std::ceil(scaled.y1) - std::floor(scaled.y0);
    if (!(w_px >= 1 && h_px >= 1)) {
      return make_error(StatusCode::malformed_data, where + " has an empty page box");
    }
    if (w_px > limits_.max_width || h_px > limits_.max_height) {
      const auto inches = [](float pt) { return std::to_string(std::lround(pt / 72.0f)); };
      return make_error(StatusCode::limit_exceeded,
                        where + " is " + inches(bounds.x1 - bounds.x0) + " x " +
                            inches(bounds.y1 - bounds.y0) +
                            " in, larger than the engine's largest sheet (13 x 19 in)");
    }
    const fz_irect box = fz_round_rect(scaled);

    fz_display_list* list = nullptr;
    fz_device* dev = nullptr;
    fz_cookie cookie{};
    std::size_t predecoded = 0;
    s = detail::fz_guard(ctx, where, [&] {
      list = fz_new_display_list(ctx, bounds);
      dev = fz_new_list_device(ctx, list);
    });
    if (s.is_ok()) {
      MupdfEngine::Watch watch(doc_->engine(), &cookie, deadline);
      detail::ImagePredecoder predecode(dev, scale, predecode_budget());
      s = detail::fz_guard(ctx, where, [&] {
        fz_run_page(ctx, page, dev, fz_identity, &cookie);
        fz_close_device(ctx, dev);
      });
      predecoded = predecode.decoded_bytes();
    }
    const detail::FzDevice dev_owner(dev, {ctx});  // each holds its own reference to the list
    detail::FzDisplayList list_owner(list, {ctx});
    if (cookie.abort != 0) {
      return make_error(
          StatusCode::limit_exceeded,
          where + ": interpretation exceeded the page budget of " + std::to_string(budget) + " ms");
    }
    MFP_RETURN_IF_ERROR(s);

    const bool gray = ctx_.options.color_mode == pipeline::ColorMode::monochrome;
    // A CMYK output intent: the page's colors are meant for that printing condition, so the
    // page renders in CMYK and the color stage converts it through the intent's profile.
    const auto& intent = doc_->output_intent();
    const Render render = gray ? Render::gray : intent ? Render::cmyk : Render::rgb;
    bool black_only = false;
    if (ctx_.options.color_mode == pipeline::ColorMode::automatic) {
      MFP_ASSIGN_OR_RETURN(black_only, without_color(list_owner.get(), where, deadline));
    }
    auto g = std::make_shared<pipeline::PageGeometry>();
    g->black_only = black_only;
    g->width = static_cast<std::uint32_t>(box.x1 - box.x0);
    g->height = static_cast<std::uint32_t>(box.y1 - box.y0);
    g->x_dpi = g->y_dpi = ctx_.options.dpi;
    g->color_space = render == Render::gray   ? pipeline::ColorSpace::gray
                     : render == Render::cmyk ? pipeline::ColorSpace::cmyk
                                              : pipeline::ColorSpace::srgb;
    if (render == Render::cmyk) g->source_profile = intent;
    g->document = ctx_.document;
    g->page = ctx_.first_page + pages_started_++;
    geometry_ = std::move(g);
    format_ = format_of(render);
    painter_ = std::make_shared<PdfPagePainter>(doc_, list_owner.release(), ctm, box, render,
                                                number, deadline, budget);
    heavy_previous_.reset();
    if (predecoded >= kHeavyPageBytes && pages_per_sheet() == 1) heavy_previous_ = painter_;
    row_ = 0;
    band_index_ = 0;
    return Status::ok();
  }

  // Pages laid out together on one sheet (number-up), all alive until it is painted.
  [[nodiscard]] std::uint32_t pages_per_sheet() const noexcept {
    return ctx_.options.layout.active() ? std::max<std::uint32_t>(1, ctx_.options.layout.number_up)
                                        : 1;
  }
  // The decoded-image memory one page may take: a sheet's pages share one page's budget.
  [[nodiscard]] std::size_t predecode_budget() const noexcept {
    return kPredecodeBudget / pages_per_sheet();
  }

  // True when nothing on the page has color (print-color-mode auto): MuPDF's test device
  // replays the display list and stops at the first colored object. Images count by their
  // color space, not their pixels (a gray picture stored as RGB prints in color): decoding
  // every image again would cost more than it saves.
  Result<bool> without_color(fz_display_list* list, const std::string& where,
                             Clock::time_point deadline) {
    fz_context* ctx = doc_->ctx();
    int is_color = 0;
    fz_cookie cookie{};
    MupdfEngine::Watch watch(doc_->engine(), &cookie, deadline);
    Status s = detail::fz_guard(ctx, where, [&] {
      fz_device* test = fz_new_test_device(ctx, &is_color, kColorThreshold, 0, nullptr);
      fz_try(ctx) {
        fz_run_display_list(ctx, list, test, fz_identity, fz_infinite_rect, &cookie);
        fz_close_device(ctx, test);
      }
      fz_always(ctx) {
        fz_drop_device(ctx, test);
      }
      fz_catch(ctx) {
        if (is_color == 0) fz_rethrow(ctx);  // else: the device stopped at the first color
      }
    });
    if (cookie.abort != 0 && is_color == 0) {
      return make_error(StatusCode::limit_exceeded,
                        where + ": color detection exceeded the page budget");
    }
    MFP_RETURN_IF_ERROR(s);
    return is_color == 0;
  }

  std::shared_ptr<PdfDocument> doc_;
  pipeline::SourceContext ctx_;
  codecs::ImageLimits limits_;
  std::uint32_t band_rows_;
  int page_index_ = 0;               // of the document, 0-based
  std::uint32_t pages_started_ = 0;  // selected pages begun
  std::shared_ptr<const pipeline::PageGeometry> geometry_;
  std::shared_ptr<const PdfPagePainter> painter_;
  std::weak_ptr<const PdfPagePainter> heavy_previous_;
  PixelFormat format_ = PixelFormat::rgb8;
  std::uint32_t row_ = 0, band_index_ = 0;
};

}  // namespace

PdfRip::PdfRip(std::shared_ptr<const MupdfEngine> engine, codecs::ImageLimits limits,
               std::size_t max_document_bytes, std::uint32_t band_rows)
    : engine_(std::move(engine)),
      limits_(limits),
      max_document_bytes_(max_document_bytes),
      band_rows_(std::max<std::uint32_t>(1, band_rows)) {
  traits_.name = "rip-pdf";
  traits_.concurrency = pipeline::Concurrency::serial;
  traits_.emits_deferred = true;
  traits_.selects_pages = true;
}

Result<std::unique_ptr<pipeline::SourceState>> PdfRip::open(
    pipeline::DocumentStream& in, const pipeline::SourceContext& context) const noexcept {
  try {
    if (!engine_supports_resolution(context.options.dpi, context.options.dpi)) {
      return make_error(StatusCode::unsupported, "PDF RIP: " + std::to_string(context.options.dpi) +
                                                     " dpi is not an engine resolution");
    }
    pipeline::BufferPool file_pool(0, 0);
    MFP_ASSIGN_OR_RETURN(pipeline::Buffer bytes,
                         detail::read_document(in, file_pool, max_document_bytes_, "PDF"));
    auto doc = std::make_shared<PdfDocument>(engine_, std::move(bytes));
    MFP_RETURN_IF_ERROR(doc->open(context.options.document_password.get()));
    if (doc->pages() < 1) return make_error(StatusCode::malformed_data, "PDF has no pages");
    if (static_cast<std::uint32_t>(doc->pages()) > limits_.max_pages) {
      return make_error(StatusCode::limit_exceeded, "PDF has " + std::to_string(doc->pages()) +
                                                        " pages, more than " +
                                                        std::to_string(limits_.max_pages));
    }
    return std::unique_ptr<pipeline::SourceState>(
        std::make_unique<PdfState>(std::move(doc), context, limits_, band_rows_));
  } catch (...) {
    return pipeline::current_exception_status("PDF RIP");
  }
}

Result<std::shared_ptr<const pipeline::Source>> make_pdf_rip(
    std::shared_ptr<const MupdfEngine> engine, const pipeline::StageConfig& /*config*/) {
  if (!engine) return make_error(StatusCode::unsupported, "PDF RIP: MuPDF is not available");
  // 1 GiB: the spool's per-document limit is larger, but a PDF is held in memory to be read.
  return std::shared_ptr<const pipeline::Source>(std::make_shared<PdfRip>(
      std::move(engine), engine_image_limits(), std::size_t{1} << 30, kPdfBandRows));
}

}  // namespace mfp::stages::rip
