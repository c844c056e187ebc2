#pragma once
// PageLayout: how a job's pages are laid on sheets (IPP media, orientation-requested,
// print-scaling, number-up), and place_page(), which computes where one page lands on its sheet.
// Pure arithmetic: the imposition wrapper (page_imposition.h) applies it to pages.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/status.h"

namespace mfp::pipeline {

// IPP orientation-requested (RFC 8011 5.2.10): the page's rotation on the medium. none: the
// printer chooses (a page is turned a quarter when that makes it fit its cell better).
enum class Orientation : std::uint8_t {
  none = 0,
  portrait = 3,
  landscape = 4,          // turned 90 degrees anticlockwise: the page's top at the sheet's left
  reverse_landscape = 5,  // turned 90 degrees clockwise
  reverse_portrait = 6,   // turned 180 degrees
};
// The Orientation of an IPP enum value 3..6; nullopt for any other.
[[nodiscard]] std::optional<Orientation> orientation_from_enum(std::int32_t value) noexcept;

// IPP print-scaling (PWG 5100.16). Here, with "the page" the page turned as it will print:
//   none      actual size, centred on the sheet (or cell), clipped to it;
//   fit       scaled up or down to fit the printable area (or cell), aspect kept, centred;
//   fill      scaled to cover the whole sheet (or cell), aspect kept, centred, the overflow cut;
//   auto_fit  fit when the page is larger than the sheet, otherwise none;
//   automatic none when the page is the sheet's size (within 1 mm), otherwise fit.
// With number-up above 1 every mode but none and fill fits the page to its cell.
enum class Scaling : std::uint8_t { automatic, auto_fit, fit, fill, none };
[[nodiscard]] std::string_view to_keyword(Scaling scaling) noexcept;
[[nodiscard]] std::optional<Scaling> scaling_from_keyword(std::string_view keyword) noexcept;

// The number-up values the imposition lays out: 1, 2, 4, 6, 9 and 16.
inline constexpr std::array<std::uint32_t, 6> kNumberUpValues = {1, 2, 4, 6, 9, 16};
[[nodiscard]] bool number_up_supported(std::uint32_t n) noexcept;

// Where pages go. Plain value, kept in JobOptions and job records.
struct PageLayout {
  // The sheet: a PWG self-describing media name and its size. Empty name (size 0): no media was
  // asked for and each sheet takes the size of its first page.
  std::string media;
  double media_width_mm = 0;
  double media_height_mm = 0;
  std::string tray;        // engine input tray id (IPP media-source); empty: chosen by size
  std::string media_type;  // IPP media-type the sheet must be; empty: any the tray holds
  // Unprintable border on every edge, which fit keeps clear.
  double margin_mm = 0;
  Orientation orientation = Orientation::none;
  Scaling scaling = Scaling::automatic;
  std::uint32_t number_up = 1;  // one of kNumberUpValues
  std::string output_bin;       // engine output bin; empty: the engine's default

  // True when pages may need to move: a sheet size, a rotation or several pages a sheet.
  // Otherwise every page prints as it is and no imposition is built.
  [[nodiscard]] bool active() const noexcept {
    return !media.empty() || number_up > 1 ||
           (orientation != Orientation::none && orientation != Orientation::portrait);
  }
  bool operator==(const PageLayout&) const = default;
};

// A page-to-sheet pixel map, x' = a*x + c*y + e and y' = b*x + d*y + f (the convention of
// MuPDF's fz_matrix), with only quarter-turn rotations and uniform scales.
struct Affine {
  double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;

  // This map followed by `then`.
  [[nodiscard]] Affine then(const Affine& then) const noexcept;
  // The inverse map; this must be invertible (place_page() only makes invertible maps).
  [[nodiscard]] Affine inverse() const noexcept;
  [[nodiscard]] double x(double px, double py) const noexcept { return a * px + c * py + e; }
  [[nodiscard]] double y(double px, double py) const noexcept { return b * px + d * py + f; }
  [[nodiscard]] static Affine translate(double tx, double ty) noexcept;
  [[nodiscard]] static Affine scale(double sx, double sy) noexcept;
  // Turns by `quarters` * 90 degrees anticlockwise as seen on paper (y grows downwards).
  [[nodiscard]] static Affine quarter_turns(int quarters) noexcept;
};

// A pixel rectangle [x0, x1) x [y0, y1).
struct PixelRect {
  std::int32_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  [[nodiscard]] bool empty() const noexcept { return x1 <= x0 || y1 <= y0; }
  bool operator==(const PixelRect&) const = default;
};

// Where one page lands: its pixels map to the sheet's by `map`, and only the sheet pixels in
// `clip` may be painted.
struct Placement {
  Affine map;
  PixelRect clip;
  int quarter_turns = 0;  // the page's rotation on the sheet, anticlockwise
  double scale = 1;       // page length to sheet length
};

// A page's size in pixels at its resolution.
struct PagePixels {
  std::uint32_t width = 0, height = 0;
  std::uint32_t x_dpi = 600, y_dpi = 600;
};

// A sheet's size in pixels at `dpi`: the layout's media, or `first_page`'s own size when the
// layout names none.
[[nodiscard]] PagePixels sheet_pixels(const PageLayout& layout, const PagePixels& first_page,
                                      std::uint32_t dpi) noexcept;

// Places cell `cell` (0-based, left to right then top to bottom as the sheet is read) of a
// sheet of `sheet` pixels, for a page of `page` pixels. `lead` is the sheet's first page (null:
// `page` itself): it decides how a 2-up or 6-up grid lies, the same for every cell of the
// sheet. Fails with invalid_argument for an empty page, lead or sheet, a cell beyond number_up
// or a number_up not in kNumberUpValues.
[[nodiscard]] Result<Placement> place_page(const PageLayout& layout, const PagePixels& sheet,
                                           const PagePixels& page, std::uint32_t cell,
                                           const PagePixels* lead = nullptr) noexcept;

// True when `p` prints a page of `page` pixels on a sheet of `sheet` pixels unchanged: same
// size, no rotation, no scale, no offset.
[[nodiscard]] bool is_identity(const Placement& p, const PagePixels& page,
                               const PagePixels& sheet) noexcept;

}  // namespace mfp::pipeline
