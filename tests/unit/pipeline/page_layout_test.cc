// Page layout: the IPP print-scaling, orientation-requested and number-up values, the page-to-
// sheet maps, and place_page(): where a page lands on its sheet (map, clip, turn and scale).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/page_layout.h"

namespace mfp::pipeline {
namespace {

// Sizes at 600 dpi. Letter is exact in pixels; the ISO sizes round to the nearest pixel.
constexpr PagePixels kLetter{5100, 6600, 600, 600};  // 8.5 x 11 in
constexpr PagePixels kLetterLandscape{6600, 5100, 600, 600};
constexpr PagePixels kA3{7016, 9921, 600, 600};  // 297 x 420 mm
constexpr PagePixels kA4{4961, 7016, 600, 600};  // 210 x 297 mm
constexpr PagePixels kA5{3496, 4961, 600, 600};  // 148 x 210 mm
constexpr double kPxPerMm = 600 / 25.4;
constexpr double kMargin = 4.23;  // 1/6 in, a common unprintable border

PageLayout make_layout(Scaling scaling, Orientation orientation = Orientation::none,
                       std::uint32_t number_up = 1, double margin_mm = 0) {
  PageLayout l;
  l.scaling = scaling;
  l.orientation = orientation;
  l.number_up = number_up;
  l.margin_mm = margin_mm;
  return l;
}

std::string text(const PixelRect& r) {
  return "[" + std::to_string(r.x0) + "," + std::to_string(r.y0) + " - " + std::to_string(r.x1) +
         "," + std::to_string(r.y1) + ")";
}

::testing::AssertionResult clip_is(const PixelRect& got, const PixelRect& want, int slack = 0) {
  if (std::abs(got.x0 - want.x0) <= slack && std::abs(got.y0 - want.y0) <= slack &&
      std::abs(got.x1 - want.x1) <= slack && std::abs(got.y1 - want.y1) <= slack) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "clip " << text(got) << ", want " << text(want);
}

// The linear part is exact up to rounding; the offsets are pixels.
void expect_map(const Affine& got, const Affine& want, const std::string& what) {
  EXPECT_NEAR(got.a, want.a, 1e-6) << what;
  EXPECT_NEAR(got.b, want.b, 1e-6) << what;
  EXPECT_NEAR(got.c, want.c, 1e-6) << what;
  EXPECT_NEAR(got.d, want.d, 1e-6) << what;
  EXPECT_NEAR(got.e, want.e, 1e-3) << what;
  EXPECT_NEAR(got.f, want.f, 1e-3) << what;
}

// The sheet box the page's four corners map to.
struct Extent {
  double x0, y0, x1, y1;
};
Extent mapped_page(const Placement& p, const PagePixels& page) {
  const double w = page.width, h = page.height;
  const double xs[] = {p.map.x(0, 0), p.map.x(w, 0), p.map.x(0, h), p.map.x(w, h)};
  const double ys[] = {p.map.y(0, 0), p.map.y(w, 0), p.map.y(0, h), p.map.y(w, h)};
  return {*std::min_element(xs, xs + 4), *std::min_element(ys, ys + 4),
          *std::max_element(xs, xs + 4), *std::max_element(ys, ys + 4)};
}

bool inside_sheet(const PixelRect& r, const PagePixels& sheet) {
  return r.x0 >= 0 && r.y0 >= 0 && r.x1 <= static_cast<std::int32_t>(sheet.width) &&
         r.y1 <= static_cast<std::int32_t>(sheet.height);
}

bool overlap(const PixelRect& p, const PixelRect& q) {
  return p.x0 < q.x1 && q.x0 < p.x1 && p.y0 < q.y1 && q.y0 < p.y1;
}

// ---- Affine ----

TEST(Affine, ThenAppliesThisMapFirst) {
  const Affine shift = Affine::translate(10, 0);
  const Affine stretch = Affine::scale(2, 3);
  // (1,1) shifted to (11,1), then stretched to (22,3); the other order gives (12,3).
  const Affine shift_then_stretch = shift.then(stretch);
  EXPECT_DOUBLE_EQ(shift_then_stretch.x(1, 1), 22);
  EXPECT_DOUBLE_EQ(shift_then_stretch.y(1, 1), 3);
  const Affine stretch_then_shift = stretch.then(shift);
  EXPECT_DOUBLE_EQ(stretch_then_shift.x(1, 1), 12);
  EXPECT_DOUBLE_EQ(stretch_then_shift.y(1, 1), 3);
  // A turn then a shift: (1,0) turns to (0,-1), then moves to (5,6).
  const Affine turn_then_shift = Affine::quarter_turns(1).then(Affine::translate(5, 7));
  EXPECT_DOUBLE_EQ(turn_then_shift.x(1, 0), 5);
  EXPECT_DOUBLE_EQ(turn_then_shift.y(1, 0), 6);
  // A general map composed with itself, against the matrix product worked by hand.
  const Affine m{1, 2, 3, 4, 5, 6};  // x' = x + 3y + 5, y' = 2x + 4y + 6
  const Affine mm = m.then(m);
  expect_map(mm, Affine{7, 10, 15, 22, 28, 40}, "m then m");
}

TEST(Affine, InverseUndoesTheMap) {
  const Affine maps[] = {
      Affine::scale(0.5, 2).then(Affine::quarter_turns(1)).then(Affine::translate(100, -30)),
      Affine::quarter_turns(3).then(Affine::scale(3, 3)).then(Affine::translate(-7, 11)),
      Affine{1, 2, 3, 4, 5, 6},  // not a quarter turn: b and c differ, determinant -2
  };
  const double points[][2] = {{0, 0}, {1, 0}, {0, 1}, {123.5, -42.25}};
  for (const Affine& m : maps) {
    const Affine inv = m.inverse();
    for (const auto& pt : points) {
      const double x = m.x(pt[0], pt[1]), y = m.y(pt[0], pt[1]);
      EXPECT_NEAR(inv.x(x, y), pt[0], 1e-9);
      EXPECT_NEAR(inv.y(x, y), pt[1], 1e-9);
    }
    expect_map(m.then(inv), Affine{}, "m then inverse");
    expect_map(inv.then(m), Affine{}, "inverse then m");
  }
}

// With y growing downwards, anticlockwise on paper takes the top to the left.
TEST(Affine, QuarterTurnsAreAnticlockwiseOnPaper) {
  struct Case {
    int quarters;
    double x, y;  // a point of a page centred on the origin
    double want_x, want_y;
  };
  const Case cases[] = {
      {1, 0, -1, -1, 0},                                    // top-centre to left-centre
      {1, -1, 0, 0, 1},                                     // left-centre to bottom-centre
      {3, 0, -1, 1, 0},                                     // top-centre to right-centre
      {3, 1, 0, 0, 1},                                      // right-centre to bottom-centre
      {2, 0, -1, 0, 1},                                     // 180 degrees: top to bottom
      {2, 3, 2, -3, -2}, {0, 3, 2, 3, 2}, {4, 3, 2, 3, 2},  // whole turns are the identity
      {5, 0, -1, -1, 0},                                    // 5 = 1
      {-1, 0, -1, 1, 0},                                    // -1 = 3
  };
  for (const auto& c : cases) {
    const Affine t = Affine::quarter_turns(c.quarters);
    EXPECT_DOUBLE_EQ(t.x(c.x, c.y), c.want_x) << c.quarters;
    EXPECT_DOUBLE_EQ(t.y(c.x, c.y), c.want_y) << c.quarters;
    EXPECT_DOUBLE_EQ(t.e, 0);
    EXPECT_DOUBLE_EQ(t.f, 0);
  }
}

// ---- IPP values ----

TEST(PageLayoutKeywords, ScalingKeywordsRoundTrip) {
  struct Case {
    Scaling scaling;
    const char* keyword;
  };
  const Case cases[] = {{Scaling::automatic, "auto"},
                        {Scaling::auto_fit, "auto-fit"},
                        {Scaling::fit, "fit"},
                        {Scaling::fill, "fill"},
                        {Scaling::none, "none"}};
  for (const auto& c : cases) {
    EXPECT_EQ(to_keyword(c.scaling), c.keyword);
    EXPECT_EQ(scaling_from_keyword(c.keyword), c.scaling) << c.keyword;
  }
  for (const char* unknown : {"", "automatic", "auto_fit", "fit-to-page", "fill "}) {
    EXPECT_EQ(scaling_from_keyword(unknown), std::nullopt) << '"' << unknown << '"';
  }
}

TEST(PageLayoutKeywords, OrientationEnumsAreThreeToSix) {
  EXPECT_EQ(orientation_from_enum(3), Orientation::portrait);
  EXPECT_EQ(orientation_from_enum(4), Orientation::landscape);
  EXPECT_EQ(orientation_from_enum(5), Orientation::reverse_landscape);
  EXPECT_EQ(orientation_from_enum(6), Orientation::reverse_portrait);
  // 7 is "none" in IPP, which a client asks for by leaving the attribute out.
  for (std::int32_t v : {-1, 0, 2, 7, 260}) EXPECT_EQ(orientation_from_enum(v), std::nullopt) << v;
}

TEST(PageLayoutKeywords, NumberUpHasItsGridSizesOnly) {
  for (std::uint32_t n : {1u, 2u, 4u, 6u, 9u, 16u}) EXPECT_TRUE(number_up_supported(n)) << n;
  for (std::uint32_t n : {0u, 3u, 5u, 8u, 32u}) EXPECT_FALSE(number_up_supported(n)) << n;
}

// An inactive layout builds no imposition, so only what moves pages may make it active.
TEST(PageLayout, ActiveOnlyWhenPagesMayMove) {
  EXPECT_FALSE(PageLayout{}.active());
  PageLayout media;
  media.media = "iso_a4_210x297mm";
  EXPECT_TRUE(media.active());
  EXPECT_TRUE(make_layout(Scaling::automatic, Orientation::none, 2).active());
  EXPECT_FALSE(make_layout(Scaling::automatic, Orientation::portrait).active());
  EXPECT_TRUE(make_layout(Scaling::automatic, Orientation::landscape).active());
  EXPECT_TRUE(make_layout(Scaling::automatic, Orientation::reverse_portrait).active());
  // Scaling and margins alone move nothing when the sheet is each page's own size.
  EXPECT_FALSE(make_layout(Scaling::fill, Orientation::none, 1, kMargin).active());
}

// ---- sheet_pixels ----

TEST(SheetPixels, MediaSizeAtTheJobResolution) {
  PageLayout l;
  l.media = "iso_a4_210x297mm";
  l.media_width_mm = 210;
  l.media_height_mm = 297;
  // lround(210 / 25.4 * 600) = lround(4960.63), lround(297 / 25.4 * 600) = lround(7015.75).
  const PagePixels s = sheet_pixels(l, kLetter, 600);
  EXPECT_EQ(s.width, 4961u);
  EXPECT_EQ(s.height, 7016u);
  EXPECT_EQ(s.x_dpi, 600u);
  EXPECT_EQ(s.y_dpi, 600u);
  const PagePixels low = sheet_pixels(l, kLetter, 300);  // 2480.31, 3507.87
  EXPECT_EQ(low.width, 2480u);
  EXPECT_EQ(low.height, 3508u);
}

TEST(SheetPixels, NoMediaTakesTheFirstPagesSizeAtTheJobResolution) {
  const PagePixels s = sheet_pixels(PageLayout{}, PagePixels{2550, 3300, 300, 300}, 600);
  EXPECT_EQ(s.width, 5100u);
  EXPECT_EQ(s.height, 6600u);
  EXPECT_EQ(s.x_dpi, 600u);
  EXPECT_EQ(s.y_dpi, 600u);
  // Each axis at its own resolution: 2550 px at 300 dpi and 6600 px at 600 dpi are both letter.
  const PagePixels mixed = sheet_pixels(PageLayout{}, PagePixels{2550, 6600, 300, 600}, 600);
  EXPECT_EQ(mixed.width, 5100u);
  EXPECT_EQ(mixed.height, 6600u);
}

// ---- place_page ----

TEST(PlacePage, SameSizeWithNoMediaIsTheIdentity) {
  const PageLayout l;  // no media, one up, automatic
  const PagePixels sheet = sheet_pixels(l, kLetter, 600);
  auto p = place_page(l, sheet, kLetter, 0);
  ASSERT_TRUE(p.is_ok()) << p.status().to_string();
  EXPECT_TRUE(is_identity(p.value(), kLetter, sheet));
  EXPECT_EQ(p->quarter_turns, 0);
  EXPECT_DOUBLE_EQ(p->scale, 1);
  EXPECT_TRUE(clip_is(p->clip, {0, 0, 5100, 6600}));
}

TEST(PlacePage, IsIdentityOnlyForUnmovedPages) {
  auto same = place_page(PageLayout{}, kLetter, kLetter, 0);
  ASSERT_TRUE(same.is_ok());
  EXPECT_TRUE(is_identity(same.value(), kLetter, kLetter));
  // Same map, but the sheet is another size, in either direction or resolution.
  EXPECT_FALSE(is_identity(same.value(), kLetter, kA4));
  EXPECT_FALSE(is_identity(same.value(), kLetter, PagePixels{5101, 6600, 600, 600}));
  EXPECT_FALSE(is_identity(same.value(), kLetter, PagePixels{5100, 6601, 600, 600}));
  EXPECT_FALSE(is_identity(same.value(), kLetter, PagePixels{5100, 6600, 600, 300}));
  // Under half a pixel of offset rounds away; a whole pixel is a move.
  Placement nudged;
  nudged.map = Affine::translate(0.4, -0.4);
  EXPECT_TRUE(is_identity(nudged, kLetter, kLetter));
  for (const Affine& moved : {Affine::translate(1, 0), Affine::translate(0, -1),
                              Affine::scale(1.01, 1), Affine::quarter_turns(1)}) {
    Placement p;
    p.map = moved;
    EXPECT_FALSE(is_identity(p, kLetter, kLetter));
  }
  auto turned = place_page(make_layout(Scaling::automatic, Orientation::reverse_portrait), kLetter,
                           kLetter, 0);
  ASSERT_TRUE(turned.is_ok());
  EXPECT_FALSE(is_identity(turned.value(), kLetter, kLetter));
  auto quarter =
      place_page(make_layout(Scaling::automatic, Orientation::none, 4), kLetter, kLetter, 0);
  ASSERT_TRUE(quarter.is_ok());
  EXPECT_FALSE(is_identity(quarter.value(), kLetter, kLetter));
  // A 300 dpi letter page on a 600 dpi letter sheet keeps its size but doubles its pixels.
  const PagePixels low{2550, 3300, 300, 300};
  auto doubled = place_page(PageLayout{}, kLetter, low, 0);
  ASSERT_TRUE(doubled.is_ok());
  EXPECT_FALSE(is_identity(doubled.value(), low, kLetter));
}

// Each case's expected numbers are worked from the geometry, not from the code: a page of
// w x h px centred on a sheet of W x H px at scale s, not turned, maps by
// {s, 0, 0, s, (W - s*w)/2, (H - s*h)/2}.
TEST(PlacePage, SinglePageTable) {
  const double m_px = kMargin * kPxPerMm;  // 99.92 px
  // Letter in A4's printable area: the width binds, (4961 - 2m) / 5100 = 0.93356.
  const double letter_on_a4 = std::min((4961 - 2 * m_px) / 5100, (7016 - 2 * m_px) / 6600);
  const double a3_on_a4 = std::min(4961.0 / 7016, 7016.0 / 9921);         // 0.70710
  const double letter_fills_a4 = std::max(4961.0 / 5100, 7016.0 / 6600);  // 1.06303, height
  const double turned_letter = 5100.0 / 6600;  // the page's 11 in across the sheet's 8.5 in
  struct Case {
    const char* name;
    PageLayout layout;
    PagePixels sheet, page;
    int quarter_turns;
    double scale;
    Affine map;
    PixelRect clip;
    int clip_slack = 0;  // for clips whose edges fall on a half pixel
  };
  const Case cases[] = {
      {"same size, automatic: actual size",
       make_layout(Scaling::automatic),
       kLetter,
       kLetter,
       0,
       1,
       {1, 0, 0, 1, 0, 0},
       {0, 0, 5100, 6600}},
      // The margin is unprintable, but a page the sheet's size prints as it is.
      {"same size with a margin, automatic: still actual size",
       make_layout(Scaling::automatic, Orientation::none, 1, kMargin),
       kLetter,
       kLetter,
       0,
       1,
       {1, 0, 0, 1, 0, 0},
       {0, 0, 5100, 6600}},
      // "The sheet's size" is within 1 mm, as PWG media names round: 14 px is 0.59 mm (cut
      // 7 px a side), 29 px is 1.23 mm and fits (the width binds).
      {"0.59 mm wider than the sheet, automatic: actual size",
       make_layout(Scaling::automatic),
       kA4,
       PagePixels{4975, 7016, 600, 600},
       0,
       1,
       {1, 0, 0, 1, -7, 0},
       {0, 0, 4961, 7016}},
      {"1.23 mm wider than the sheet, automatic: fit",
       make_layout(Scaling::automatic),
       kA4,
       PagePixels{4990, 7016, 600, 600},
       0,
       4961.0 / 4990,
       {4961.0 / 4990, 0, 0, 4961.0 / 4990, 0, 7016 * (1 - 4961.0 / 4990) / 2},
       {0, 20, 4961, 6996}},
      // Legal is letter's width, 3 in taller: not the sheet's size, so fit (the height binds).
      {"legal on letter, automatic: fit",
       make_layout(Scaling::automatic),
       kLetter,
       PagePixels{5100, 8400, 600, 600},
       0,
       6600.0 / 8400,
       {6600.0 / 8400, 0, 0, 6600.0 / 8400, 5100 * (1 - 6600.0 / 8400) / 2, 0},
       {546, 0, 4554, 6600}},
      {"300 dpi page on a 600 dpi sheet: same size, twice the pixels",
       make_layout(Scaling::automatic),
       kLetter,
       PagePixels{2550, 3300, 300, 300},
       0,
       1,
       {2, 0, 0, 2, 0, 0},
       {0, 0, 5100, 6600}},
      // Fitted width 4961 - 2m; clip x from m (99.9) to 4961 - m, y (7016 -+ 6600 s) / 2.
      {"letter on A4, automatic: fit inside the margins",
       make_layout(Scaling::automatic, Orientation::none, 1, kMargin),
       kA4,
       kLetter,
       0,
       letter_on_a4,
       {letter_on_a4, 0, 0, letter_on_a4, (4961 - 5100 * letter_on_a4) / 2,
        (7016 - 6600 * letter_on_a4) / 2},
       {100, 427, 4861, 6589}},
      // A margin that leaves no printable area is taken as none.
      {"letter on A4, a margin wider than the sheet: no margin",
       make_layout(Scaling::fit, Orientation::none, 1, 120),
       kA4,
       kLetter,
       0,
       4961.0 / 5100,
       {4961.0 / 5100, 0, 0, 4961.0 / 5100, 0, (7016 - 6600 * 4961.0 / 5100) / 2},
       {0, 298, 4961, 6718}},
      {"letter on A4, fit",
       make_layout(Scaling::fit, Orientation::none, 1, kMargin),
       kA4,
       kLetter,
       0,
       letter_on_a4,
       {letter_on_a4, 0, 0, letter_on_a4, (4961 - 5100 * letter_on_a4) / 2,
        (7016 - 6600 * letter_on_a4) / 2},
       {100, 427, 4861, 6589}},
      // auto_fit fits a page larger in one direction only: letter is 5.9 mm wider than A4.
      {"letter on A4, auto_fit: wider, so fit",
       make_layout(Scaling::auto_fit, Orientation::none, 1, kMargin),
       kA4,
       kLetter,
       0,
       letter_on_a4,
       {letter_on_a4, 0, 0, letter_on_a4, (4961 - 5100 * letter_on_a4) / 2,
        (7016 - 6600 * letter_on_a4) / 2},
       {100, 427, 4861, 6589}},
      // (4961 - 3496) / 2 = 732.5 and (7016 - 4961) / 2 = 1027.5.
      {"A5 on A4, auto_fit: smaller, so actual size, centred",
       make_layout(Scaling::auto_fit),
       kA4,
       kA5,
       0,
       1,
       {1, 0, 0, 1, 732.5, 1027.5},
       {733, 1028, 4229, 5989},
       1},
      // A3 to A4 is 1/sqrt(2); the width binds exactly and the height to within half a pixel.
      {"A3 on A4, auto_fit: larger, so fit",
       make_layout(Scaling::auto_fit),
       kA4,
       kA3,
       0,
       a3_on_a4,
       {a3_on_a4, 0, 0, a3_on_a4, 0, (7016 - 9921 * a3_on_a4) / 2},
       {0, 0, 4961, 7016}},
      // Fill covers the sheet, margin or not: the height binds and the sides are cut.
      {"letter on A4, fill: covers the whole sheet",
       make_layout(Scaling::fill, Orientation::none, 1, kMargin),
       kA4,
       kLetter,
       0,
       letter_fills_a4,
       {letter_fills_a4, 0, 0, letter_fills_a4, (4961 - 5100 * letter_fills_a4) / 2, 0},
       {0, 0, 4961, 7016}},
      {"A3 on A4, none: actual size, centred and cut to the sheet",
       make_layout(Scaling::none),
       kA4,
       kA3,
       0,
       1,
       {1, 0, 0, 1, (4961 - 7016) / 2.0, (7016 - 9921) / 2.0},
       {0, 0, 4961, 7016}},
      // Turned anticlockwise: page x runs up the sheet, page y across it, so
      // x' = s*y + (5100 - 6600 s)/2 = s*y and y' = -s*x + (6600 + 5100 s)/2. The page's
      // (0,0) goes to (0, 5270): the sheet's bottom-left, its top edge along the sheet's left.
      {"landscape: a quarter anticlockwise, fitted",
       make_layout(Scaling::automatic, Orientation::landscape),
       kLetter,
       kLetter,
       1,
       turned_letter,
       {0, -turned_letter, turned_letter, 0, 0, (6600 + 5100 * turned_letter) / 2},
       {0, 1330, 5100, 5270}},
      // Clockwise: x' = -s*y + (5100 + 6600 s)/2, y' = s*x + (6600 - 5100 s)/2; (0,0) goes to
      // the top-right (5100, 1330).
      {"reverse landscape: a quarter clockwise, fitted",
       make_layout(Scaling::automatic, Orientation::reverse_landscape),
       kLetter,
       kLetter,
       3,
       turned_letter,
       {0, turned_letter, -turned_letter, 0, 5100, (6600 - 5100 * turned_letter) / 2},
       {0, 1330, 5100, 5270}},
      // Upside down at actual size: (0,0) goes to the bottom-right corner (5100, 6600).
      {"reverse portrait: half a turn",
       make_layout(Scaling::automatic, Orientation::reverse_portrait),
       kLetter,
       kLetter,
       2,
       1,
       {-1, 0, 0, -1, 5100, 6600},
       {0, 0, 5100, 6600}},
      // Orientation none: the printer turns a landscape page onto a portrait sheet, where it is
      // then the sheet's size. Its top-left (0,0) goes to the sheet's bottom-left (0, 6600).
      {"landscape page on a portrait sheet, orientation none: turned, actual size",
       make_layout(Scaling::automatic),
       kLetter,
       kLetterLandscape,
       1,
       1,
       {0, -1, 1, 0, 0, 6600},
       {0, 0, 5100, 6600}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto p = place_page(c.layout, c.sheet, c.page, 0);
    ASSERT_TRUE(p.is_ok()) << p.status().to_string();
    EXPECT_EQ(p->quarter_turns, c.quarter_turns);
    EXPECT_NEAR(p->scale, c.scale, 1e-9);
    expect_map(p->map, c.map, c.name);
    EXPECT_TRUE(clip_is(p->clip, c.clip, c.clip_slack));
  }
}

// 2-up on a portrait sheet lays its grid across the sheet's long edge: layout space (279.4 x
// 215.9 mm) is turned a quarter anticlockwise onto the sheet, so its top goes to the sheet's
// left and its left (cell 0) to the sheet's bottom. Each letter page keeps its aspect in a
// 139.7 x 215.9 mm cell at s = 139.7 / 215.9 = 11/17 and is turned a quarter with the layout.
// Read with the sheet turned a quarter clockwise (its bottom edge to the left), cell 0 is on the
// left and both pages are upright.
TEST(PlacePage, TwoUpTurnsTheGridAcrossThePortraitSheet) {
  const PageLayout l = make_layout(Scaling::automatic, Orientation::none, 2);
  const double s = 11.0 / 17;
  // x' = s*y + (5100 - 6600 s)/2: the page's height centred across the sheet's width.
  const double e = (5100 - 6600 * s) / 2;  // 414.7
  struct Cell {
    double f;  // where the page's x = 0 (its left edge) lands: the cell's bottom
    PixelRect clip;
  };
  const Cell cells[] = {{6600, {415, 3300, 4685, 6600}},  // bottom half
                        {3300, {415, 0, 4685, 3300}}};    // top half
  for (std::uint32_t i = 0; i < 2; ++i) {
    SCOPED_TRACE(i);
    auto p = place_page(l, kLetter, kLetter, i);
    ASSERT_TRUE(p.is_ok()) << p.status().to_string();
    EXPECT_EQ(p->quarter_turns, 1);
    EXPECT_NEAR(p->scale, s, 1e-9);
    expect_map(p->map, {0, -s, s, 0, e, cells[i].f}, "2-up");
    EXPECT_TRUE(clip_is(p->clip, cells[i].clip));
  }
  // A landscape sheet already has the grid's shape: side by side, left to right, unturned.
  const PixelRect side_by_side[] = {{0, 415, 3300, 4685}, {3300, 415, 6600, 4685}};
  for (std::uint32_t i = 0; i < 2; ++i) {
    SCOPED_TRACE(i);
    auto p = place_page(l, kLetterLandscape, kLetter, i);
    ASSERT_TRUE(p.is_ok()) << p.status().to_string();
    EXPECT_EQ(p->quarter_turns, 0);
    EXPECT_NEAR(p->scale, s, 1e-9);
    expect_map(p->map, {s, 0, 0, s, 3300.0 * i, e}, "2-up on a landscape sheet");
    EXPECT_TRUE(clip_is(p->clip, side_by_side[i]));
  }
}

// Landscape pages 2-up on a portrait sheet stack upright down the sheet, cell 0 on top: turning
// the grid as for portrait pages and then each page to fit its cell would print them upside
// down (a half turn) and smaller.
TEST(PlacePage, TwoUpStacksLandscapePagesUpright) {
  const PageLayout l = make_layout(Scaling::automatic, Orientation::none, 2);
  const double s = 11.0 / 17;  // 139.7 mm of cell height over 215.9 mm of page height
  const double e = (5100 - 6600 * s) / 2;
  for (std::uint32_t i = 0; i < 2; ++i) {
    SCOPED_TRACE(i);
    auto p = place_page(l, kLetter, kLetterLandscape, i);
    ASSERT_TRUE(p.is_ok()) << p.status().to_string();
    EXPECT_EQ(p->quarter_turns, 0);
    EXPECT_NEAR(p->scale, s, 1e-9);
    expect_map(p->map, {s, 0, 0, s, e, 3300.0 * i}, "2-up landscape pages");
    EXPECT_TRUE(clip_is(p->clip, {415, static_cast<std::int32_t>(3300 * i), 4685,
                                  static_cast<std::int32_t>(3300 * (i + 1))}));
  }
  // The sheet's first page decides for every cell: a portrait page after a landscape lead goes
  // in the lead's stacked cell, turned to fit it, not into a turned grid's cell.
  auto second = place_page(l, kLetter, kLetter, 1, &kLetterLandscape);
  ASSERT_TRUE(second.is_ok());
  EXPECT_EQ(second->quarter_turns, 1);
  EXPECT_TRUE(clip_is(second->clip, {415, 3300, 4685, 6600}, 1));
}

TEST(PlacePage, FourUpIsTwoByTwoInReadingOrder) {
  const PageLayout l = make_layout(Scaling::automatic, Orientation::none, 4);
  // Letter halves are letter-shaped, so each page is exactly half size, untouched by a turn.
  const PixelRect clips[] = {{0, 0, 2550, 3300},         // top-left
                             {2550, 0, 5100, 3300},      // top-right
                             {0, 3300, 2550, 6600},      // bottom-left
                             {2550, 3300, 5100, 6600}};  // bottom-right
  for (std::uint32_t i = 0; i < 4; ++i) {
    SCOPED_TRACE(i);
    auto p = place_page(l, kLetter, kLetter, i);
    ASSERT_TRUE(p.is_ok()) << p.status().to_string();
    EXPECT_EQ(p->quarter_turns, 0);
    EXPECT_DOUBLE_EQ(p->scale, 0.5);
    expect_map(p->map, {0.5, 0, 0, 0.5, clips[i].x0 * 1.0, clips[i].y0 * 1.0}, "4-up");
    EXPECT_TRUE(clip_is(p->clip, clips[i]));
  }
  // Inside a margin the cells shrink by it: the width binds, (5100 - 2m) / 2 / 5100 = 0.4804.
  const double m_px = kMargin * kPxPerMm;
  const double s = (5100 - 2 * m_px) / 2 / 5100;
  const PageLayout inset = make_layout(Scaling::automatic, Orientation::none, 4, kMargin);
  std::vector<PixelRect> got;
  for (std::uint32_t i = 0; i < 4; ++i) {
    auto p = place_page(inset, kLetter, kLetter, i);
    ASSERT_TRUE(p.is_ok()) << p.status().to_string();
    EXPECT_NEAR(p->scale, s, 1e-9);
    got.push_back(p->clip);
  }
  // Cell 0 starts at the margin: x at m (99.9 px), y centred in its 3200 px row.
  EXPECT_TRUE(clip_is(got[0], {100, 115, 2550, 3285})) << "m = " << m_px;
  EXPECT_LT(got[0].x1, got[1].x0 + 1);  // 1 right of 0
  EXPECT_EQ(got[0].y0, got[1].y0);
  EXPECT_LT(got[0].y1, got[2].y0 + 1);  // 2 below 0
  EXPECT_EQ(got[0].x0, got[2].x0);
  EXPECT_EQ(got[3].x0, got[1].x0);  // 3 below 1
  EXPECT_EQ(got[3].y0, got[2].y0);
  EXPECT_EQ(got[3].x1, 5100 - 100);
}

// Where a clip's centre is as the sheet is read. A turned grid (2-up and 6-up on a portrait
// sheet) is read with the sheet turned a quarter clockwise, which takes its bottom edge to the
// left and its left edge to the top: sheet (x, y) is read at (H - y, x).
struct Point {
  double x, y;
};
Point reading_centre(const PixelRect& r, const PagePixels& sheet, bool turned) {
  const double cx = (r.x0 + r.x1) / 2.0, cy = (r.y0 + r.y1) / 2.0;
  return turned ? Point{sheet.height - cy, cx} : Point{cx, cy};
}

TEST(PlacePage, NUpCellsTileTheSheetInReadingOrder) {
  struct Case {
    std::uint32_t n, cols;
    bool turned;
    double scale;  // letter pages in letter cells, no margin
  };
  const Case cases[] = {
      {2, 2, true, 139.7 / 215.9},   // 139.7 x 215.9 mm cells: the width binds
      {4, 2, false, 0.5},            // 107.95 x 139.7: letter-shaped
      {6, 3, true, 107.95 / 279.4},  // 93.13 x 107.95: the height binds
      {9, 3, false, 1.0 / 3},        // 71.97 x 93.13: letter-shaped
      {16, 4, false, 0.25},          // 53.98 x 69.85: letter-shaped
  };
  double previous_scale = 1;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.n);
    const PageLayout l = make_layout(Scaling::automatic, Orientation::none, c.n);
    std::vector<PixelRect> clips;
    std::vector<Point> centres;
    for (std::uint32_t i = 0; i < c.n; ++i) {
      auto p = place_page(l, kLetter, kLetter, i);
      ASSERT_TRUE(p.is_ok()) << p.status().to_string();
      EXPECT_EQ(p->quarter_turns, c.turned ? 1 : 0) << i;
      EXPECT_NEAR(p->scale, c.scale, 1e-9) << i;
      EXPECT_FALSE(p->clip.empty()) << i;
      EXPECT_TRUE(inside_sheet(p->clip, kLetter)) << i << " " << text(p->clip);
      for (std::size_t j = 0; j < clips.size(); ++j) {
        EXPECT_FALSE(overlap(p->clip, clips[j])) << i << " " << j;
      }
      clips.push_back(p->clip);
      centres.push_back(reading_centre(p->clip, kLetter, c.turned));
    }
    EXPECT_LT(c.scale, previous_scale);
    previous_scale = c.scale;
    // Left to right along a row, then rows top to bottom, as read.
    for (std::uint32_t i = 1; i < c.n; ++i) {
      if (i % c.cols != 0) {
        EXPECT_GT(centres[i].x, centres[i - 1].x) << i;
        EXPECT_NEAR(centres[i].y, centres[i - 1].y, 1) << i;
      } else {
        EXPECT_GT(centres[i].y, centres[i - 1].y) << i;
        EXPECT_NEAR(centres[i].x, centres[0].x, 1) << i;
      }
    }
  }
}

// Fit shows the whole page: its corners land in the clip (up to the clip's rounding to whole
// pixels). Fill paints the whole clip: the page covers it.
TEST(PlacePage, FitShowsTheWholePageAndFillCoversItsClip) {
  struct Case {
    const char* name;
    PageLayout layout;
    PagePixels sheet, page;
    std::uint32_t cells;
    bool fill;
  };
  const Case cases[] = {
      {"letter on A4 fit", make_layout(Scaling::fit, Orientation::none, 1, kMargin), kA4, kLetter,
       1, false},
      {"A3 on A4 auto_fit", make_layout(Scaling::auto_fit), kA4, kA3, 1, false},
      {"A5 on A4 fit", make_layout(Scaling::fit), kA4, kA5, 1, false},
      {"landscape", make_layout(Scaling::fit, Orientation::landscape), kA4, kLetter, 1, false},
      {"reverse landscape", make_layout(Scaling::fit, Orientation::reverse_landscape), kLetter, kA4,
       1, false},
      {"landscape page, auto turn", make_layout(Scaling::fit), kA4, kLetterLandscape, 1, false},
      {"2-up", make_layout(Scaling::automatic, Orientation::none, 2, kMargin), kA4, kLetter, 2,
       false},
      {"6-up", make_layout(Scaling::fit, Orientation::none, 6), kLetter, kA4, 6, false},
      {"9-up landscape pages", make_layout(Scaling::fit, Orientation::none, 9), kLetter,
       kLetterLandscape, 9, false},
      {"letter on A4 fill", make_layout(Scaling::fill), kA4, kLetter, 1, true},
      {"A5 on A4 fill, landscape", make_layout(Scaling::fill, Orientation::landscape), kA4, kA5, 1,
       true},
      {"4-up fill", make_layout(Scaling::fill, Orientation::none, 4, kMargin), kA4, kLetter, 4,
       true},
  };
  for (const auto& c : cases) {
    for (std::uint32_t i = 0; i < c.cells; ++i) {
      SCOPED_TRACE(std::string(c.name) + " cell " + std::to_string(i));
      auto p = place_page(c.layout, c.sheet, c.page, i);
      ASSERT_TRUE(p.is_ok()) << p.status().to_string();
      ASSERT_FALSE(p->clip.empty());
      EXPECT_TRUE(inside_sheet(p->clip, c.sheet)) << text(p->clip);
      const Extent page = mapped_page(p.value(), c.page);
      if (!c.fill) {
        EXPECT_GE(page.x0, p->clip.x0 - 1.0);
        EXPECT_GE(page.y0, p->clip.y0 - 1.0);
        EXPECT_LE(page.x1, p->clip.x1 + 1.0);
        EXPECT_LE(page.y1, p->clip.y1 + 1.0);
      } else {
        EXPECT_LE(page.x0, p->clip.x0 + 1.0);
        EXPECT_LE(page.y0, p->clip.y0 + 1.0);
        EXPECT_GE(page.x1, p->clip.x1 - 1.0);
        EXPECT_GE(page.y1, p->clip.y1 - 1.0);
      }
    }
  }
}

TEST(PlacePage, RejectsWhatCannotBeLaidOut) {
  struct Case {
    const char* name;
    PageLayout layout;
    PagePixels sheet, page;
    std::uint32_t cell;
  };
  const PageLayout one = make_layout(Scaling::automatic);
  const Case cases[] = {
      {"number-up 3", make_layout(Scaling::automatic, Orientation::none, 3), kLetter, kLetter, 0},
      {"number-up 0", make_layout(Scaling::automatic, Orientation::none, 0), kLetter, kLetter, 0},
      {"number-up 32", make_layout(Scaling::automatic, Orientation::none, 32), kLetter, kLetter, 0},
      {"cell 1 of 1", one, kLetter, kLetter, 1},
      {"cell 2 of 2", make_layout(Scaling::automatic, Orientation::none, 2), kLetter, kLetter, 2},
      {"cell 16 of 16", make_layout(Scaling::automatic, Orientation::none, 16), kLetter, kLetter,
       16},
      {"page width 0", one, kLetter, PagePixels{0, 6600, 600, 600}, 0},
      {"page height 0", one, kLetter, PagePixels{5100, 0, 600, 600}, 0},
      {"page x_dpi 0", one, kLetter, PagePixels{5100, 6600, 0, 600}, 0},
      {"sheet width 0", one, PagePixels{0, 6600, 600, 600}, kLetter, 0},
      {"sheet y_dpi 0", one, PagePixels{5100, 6600, 600, 0}, kLetter, 0},
  };
  for (const auto& c : cases) {
    auto p = place_page(c.layout, c.sheet, c.page, c.cell);
    ASSERT_FALSE(p.is_ok()) << c.name;
    EXPECT_EQ(p.status().code(), StatusCode::invalid_argument) << c.name;
  }
}

}  // namespace
}  // namespace mfp::pipeline
