#include "pipeline/page_layout.h"

#include <algorithm>
#include <cmath>

namespace mfp::pipeline {

namespace {

constexpr double kMmPerInch = 25.4;
constexpr double kSameSizeMm = 1.0;  // "the sheet's size": PWG media names round to 1 mm

struct Grid {
  std::uint32_t cols = 1, rows = 1;
  bool landscape = false;  // laid out across the sheet's long edge
};

std::optional<Grid> grid_for(std::uint32_t n) noexcept {
  switch (n) {
    case 1:
      return Grid{1, 1, false};
    case 2:
      return Grid{2, 1, true};
    case 4:
      return Grid{2, 2, false};
    case 6:
      return Grid{3, 2, true};
    case 9:
      return Grid{3, 3, false};
    case 16:
      return Grid{4, 4, false};
    default:
      return std::nullopt;
  }
}

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  [[nodiscard]] double width() const noexcept { return x1 - x0; }
  [[nodiscard]] double height() const noexcept { return y1 - y0; }
};

int turns_for(Orientation o) noexcept {
  switch (o) {
    case Orientation::landscape:
      return 1;
    case Orientation::reverse_landscape:
      return 3;
    case Orientation::reverse_portrait:
      return 2;
    case Orientation::portrait:
    case Orientation::none:
      break;
  }
  return 0;
}

// The pixel rectangle covering `box` (mm in layout space) on the sheet, through `to_sheet`.
PixelRect sheet_rect(const Box& box, const Affine& to_sheet, const PagePixels& sheet) noexcept {
  const double xs[4] = {to_sheet.x(box.x0, box.y0), to_sheet.x(box.x1, box.y0),
                        to_sheet.x(box.x0, box.y1), to_sheet.x(box.x1, box.y1)};
  const double ys[4] = {to_sheet.y(box.x0, box.y0), to_sheet.y(box.x1, box.y0),
                        to_sheet.y(box.x0, box.y1), to_sheet.y(box.x1, box.y1)};
  const auto clamp = [](double v, std::uint32_t hi) {
    return static_cast<std::int32_t>(std::clamp(std::lround(v), 0L, static_cast<long>(hi)));
  };
  return {clamp(*std::min_element(xs, xs + 4), sheet.width),
          clamp(*std::min_element(ys, ys + 4), sheet.height),
          clamp(*std::max_element(xs, xs + 4), sheet.width),
          clamp(*std::max_element(ys, ys + 4), sheet.height)};
}

// The margin kept clear on a layout space of lw x lh mm: none when it would leave no room.
double usable_margin(double margin, double lw, double lh) noexcept {
  const double m = std::max(0.0, margin);
  return 2 * m >= lw || 2 * m >= lh ? 0 : m;
}

// How a grid lies on the sheet: turned a quarter or not, and its columns and rows there.
struct Frame {
  bool turned = false;
  std::uint32_t cols = 1, rows = 1;
};

// The 2-up and 6-up grids are long: their cells are as wide as the sheet is long. They lie the
// way that prints the sheet's first page largest: across the sheet's long edge turned a quarter
// (portrait pages on a portrait sheet) or stacked down it upright (landscape pages), so pages
// are never turned twice and read in order. The square grids lie on the sheet as it is.
Frame choose_frame(const Grid& grid, double sw, double sh, double pw, double ph,
                   const PageLayout& layout) noexcept {
  if (!grid.landscape) return {false, grid.cols, grid.rows};
  const int q = turns_for(layout.orientation);
  const double rw = (q % 2 != 0) ? ph : pw;
  const double rh = (q % 2 != 0) ? pw : ph;
  const Frame candidates[3] = {
      {false, grid.cols, grid.rows}, {false, grid.rows, grid.cols}, {true, grid.cols, grid.rows}};
  Frame best = candidates[0];
  double best_scale = -1;
  for (const Frame& f : candidates) {
    const double lw = f.turned ? sh : sw;
    const double lh = f.turned ? sw : sh;
    const double m = usable_margin(layout.margin_mm, lw, lh);
    const double s = std::min((lw - 2 * m) / f.cols / rw, (lh - 2 * m) / f.rows / rh);
    if (s > best_scale * (1 + 1e-9)) {
      best = f;
      best_scale = s;
    }
  }
  return best;
}

}  // namespace

std::optional<Orientation> orientation_from_enum(std::int32_t value) noexcept {
  if (value < 3 || value > 6) return std::nullopt;
  return static_cast<Orientation>(value);
}

std::string_view to_keyword(Scaling scaling) noexcept {
  switch (scaling) {
    case Scaling::auto_fit:
      return "auto-fit";
    case Scaling::fit:
      return "fit";
    case Scaling::fill:
      return "fill";
    case Scaling::none:
      return "none";
    case Scaling::automatic:
      break;
  }
  return "auto";
}

std::optional<Scaling> scaling_from_keyword(std::string_view keyword) noexcept {
  for (Scaling s :
       {Scaling::automatic, Scaling::auto_fit, Scaling::fit, Scaling::fill, Scaling::none}) {
    if (to_keyword(s) == keyword) return s;
  }
  return std::nullopt;
}

bool number_up_supported(std::uint32_t n) noexcept {
  return std::find(kNumberUpValues.begin(), kNumberUpValues.end(), n) != kNumberUpValues.end();
}

Affine Affine::then(const Affine& m) const noexcept {
  return {m.a * a + m.c * b, m.b * a + m.d * b,       m.a * c + m.c * d,
          m.b * c + m.d * d, m.a * e + m.c * f + m.e, m.b * e + m.d * f + m.f};
}

Affine Affine::inverse() const noexcept {
  const double det = a * d - b * c;
  Affine r{d / det, -b / det, -c / det, a / det, 0, 0};
  r.e = -(r.a * e + r.c * f);
  r.f = -(r.b * e + r.d * f);
  return r;
}

Affine Affine::translate(double tx, double ty) noexcept {
  return {1, 0, 0, 1, tx, ty};
}

Affine Affine::scale(double sx, double sy) noexcept {
  return {sx, 0, 0, sy, 0, 0};
}

Affine Affine::quarter_turns(int quarters) noexcept {
  switch (((quarters % 4) + 4) % 4) {
    case 1:  // the top goes to the left: (x, y) -> (y, -x)
      return {0, -1, 1, 0, 0, 0};
    case 2:
      return {-1, 0, 0, -1, 0, 0};
    case 3:  // the top goes to the right: (x, y) -> (-y, x)
      return {0, 1, -1, 0, 0, 0};
    default:
      return {};
  }
}

PagePixels sheet_pixels(const PageLayout& layout, const PagePixels& first_page,
                        std::uint32_t dpi) noexcept {
  const auto px = [dpi](double mm) {
    return static_cast<std::uint32_t>(std::max(0L, std::lround(mm / kMmPerInch * dpi)));
  };
  if (!layout.media.empty() && layout.media_width_mm > 0 && layout.media_height_mm > 0) {
    return {px(layout.media_width_mm), px(layout.media_height_mm), dpi, dpi};
  }
  if (first_page.x_dpi == 0 || first_page.y_dpi == 0) return {0, 0, dpi, dpi};
  return {static_cast<std::uint32_t>(std::uint64_t{first_page.width} * dpi / first_page.x_dpi),
          static_cast<std::uint32_t>(std::uint64_t{first_page.height} * dpi / first_page.y_dpi),
          dpi, dpi};
}

Result<Placement> place_page(const PageLayout& layout, const PagePixels& sheet,
                             const PagePixels& page, std::uint32_t cell,
                             const PagePixels* lead) noexcept {
  const auto grid = grid_for(layout.number_up);
  if (!grid) {
    return make_error(StatusCode::invalid_argument,
                      "number-up " + std::to_string(layout.number_up) + " is not supported");
  }
  if (cell >= layout.number_up) {
    return make_error(StatusCode::invalid_argument, "cell beyond number-up");
  }
  if (sheet.width == 0 || sheet.height == 0 || sheet.x_dpi == 0 || sheet.y_dpi == 0 ||
      page.width == 0 || page.height == 0 || page.x_dpi == 0 || page.y_dpi == 0) {
    return make_error(StatusCode::invalid_argument, "empty page or sheet");
  }
  const bool single = layout.number_up == 1;
  const double sw = sheet.width * kMmPerInch / sheet.x_dpi;
  const double sh = sheet.height * kMmPerInch / sheet.y_dpi;
  const double pw = page.width * kMmPerInch / page.x_dpi;
  const double ph = page.height * kMmPerInch / page.y_dpi;
  const PagePixels& first = lead != nullptr ? *lead : page;
  if (first.width == 0 || first.height == 0 || first.x_dpi == 0 || first.y_dpi == 0) {
    return make_error(StatusCode::invalid_argument, "empty lead page");
  }
  const Frame frame = choose_frame(*grid, sw, sh, first.width * kMmPerInch / first.x_dpi,
                                   first.height * kMmPerInch / first.y_dpi, layout);
  const bool turned = frame.turned;
  const double lw = turned ? sh : sw;
  const double lh = turned ? sw : sh;
  const double m = usable_margin(layout.margin_mm, lw, lh);
  const Box whole{0, 0, lw, lh};
  const double cw = (lw - 2 * m) / frame.cols;
  const double ch = (lh - 2 * m) / frame.rows;
  const std::uint32_t col = cell % frame.cols;
  const std::uint32_t row = cell / frame.cols;
  const Box cell_box{m + col * cw, m + row * ch, m + (col + 1) * cw, m + (row + 1) * ch};
  const Box fit_box = cell_box;                    // the printable area for one page a sheet
  const Box clip_box = single ? whole : cell_box;  // fill and none: the sheet for one page a sheet

  int q = turns_for(layout.orientation);
  if (layout.orientation == Orientation::none && pw != ph && fit_box.width() != fit_box.height() &&
      (pw > ph) != (fit_box.width() > fit_box.height())) {
    q = 1;  // the printer's choice: a landscape page on a portrait cell, or the reverse
  }
  const double rw = (q % 2 != 0) ? ph : pw;
  const double rh = (q % 2 != 0) ? pw : ph;

  Scaling mode = layout.scaling;
  if (mode == Scaling::automatic || mode == Scaling::auto_fit) {
    const bool same = std::abs(rw - lw) <= kSameSizeMm && std::abs(rh - lh) <= kSameSizeMm;
    const bool fits = rw <= lw + kSameSizeMm && rh <= lh + kSameSizeMm;
    const bool keep = mode == Scaling::automatic ? same : fits;
    mode = single && keep ? Scaling::none : Scaling::fit;
  }
  double s = 1;
  Box box = clip_box;
  if (mode == Scaling::fit) {
    box = fit_box;
    s = std::min(box.width() / rw, box.height() / rh);
  } else if (mode == Scaling::fill) {
    s = std::max(box.width() / rw, box.height() / rh);
  }

  Affine to_sheet;  // layout mm -> sheet px
  if (turned) {
    to_sheet = Affine::translate(-lw / 2, -lh / 2)
                   .then(Affine::quarter_turns(1))
                   .then(Affine::translate(sw / 2, sh / 2));
  }
  to_sheet = to_sheet.then(Affine::scale(sheet.x_dpi / kMmPerInch, sheet.y_dpi / kMmPerInch));
  Placement p;
  p.map = Affine::scale(kMmPerInch / page.x_dpi, kMmPerInch / page.y_dpi)
              .then(Affine::translate(-pw / 2, -ph / 2))
              .then(Affine::quarter_turns(q))
              .then(Affine::scale(s, s))
              .then(Affine::translate((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2))
              .then(to_sheet);
  p.quarter_turns = (turned ? q + 1 : q) % 4;
  p.scale = s;
  // Only the cell, and of it only where the page is.
  const double cx = (box.x0 + box.x1) / 2;
  const double cy = (box.y0 + box.y1) / 2;
  const Box placed{std::max(clip_box.x0, cx - rw * s / 2), std::max(clip_box.y0, cy - rh * s / 2),
                   std::min(clip_box.x1, cx + rw * s / 2), std::min(clip_box.y1, cy + rh * s / 2)};
  p.clip =
      placed.width() > 0 && placed.height() > 0 ? sheet_rect(placed, to_sheet, sheet) : PixelRect{};
  return p;
}

bool is_identity(const Placement& p, const PagePixels& page, const PagePixels& sheet) noexcept {
  constexpr double kEps = 1e-6;
  return page.width == sheet.width && page.height == sheet.height && page.x_dpi == sheet.x_dpi &&
         page.y_dpi == sheet.y_dpi && std::abs(p.map.a - 1) < kEps &&
         std::abs(p.map.d - 1) < kEps && std::abs(p.map.b) < kEps && std::abs(p.map.c) < kEps &&
         std::abs(p.map.e) < 0.5 && std::abs(p.map.f) < 0.5;
}

}  // namespace mfp::pipeline
