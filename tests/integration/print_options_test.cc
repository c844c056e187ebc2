// Print options through the whole print path, each on a multi-page document, checked on the
// engine's printed pages: copies, media and print-scaling, input tray, output bin,
// orientation-requested, number-up (PDF and raster pages) and the conflicts the front ends
// refuse. Every job runs at 300 dpi to keep the file fast.

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "engine_hw/engine_status.h"
#include "frontends/cli/print_rig.h"
#include "stages/print_conflicts.h"
#include "stages/rip/document_format.h"
#include "tests/support/documents.h"
#include "tests/support/pdf_documents.h"
#include "tests/support/print_rigs.h"

namespace mfp {
namespace {

using engine_hw::sim::PrintedPage;
using frontends::cli::JobReport;
using frontends::cli::PrintRig;
using pipeline::JobOptions;

constexpr std::string_view kA4 = "iso_a4_210x297mm";
// A4 at 300 dpi: lround(210 / 25.4 * 300) x lround(297 / 25.4 * 300).
constexpr std::uint32_t kA4Width = 2480;
constexpr std::uint32_t kA4Height = 3508;

// One job's outcome and the engine pages it printed.
struct JobRun {
  JobReport report;
  std::vector<PrintedPage> pages;
};

std::vector<PrintedPage> pages_since(PrintRig& rig, std::uint64_t after) {
  std::vector<PrintedPage> out;
  for (const auto& r : rig.engine().output_tray().records()) {
    if (r.sequence > after) out.push_back(r);
  }
  return out;
}

// Prints `docs` as one job and collects the pages it printed.
JobRun print_docs(PrintRig& rig, std::vector<stages::PrintDocument> docs,
                  const JobOptions& options) {
  const std::uint64_t before = rig.engine().output_tray().delivered();
  JobRun run;
  run.report = rig.print_documents(std::move(docs), options, "print-options");
  run.pages = pages_since(rig, before);
  return run;
}

JobRun print_pdf(PrintRig& rig, const std::vector<std::uint8_t>& bytes, const JobOptions& options) {
  std::vector<stages::PrintDocument> docs;
  docs.push_back(testing::document(std::string(stages::rip::kPdf), bytes));
  return print_docs(rig, std::move(docs), options);
}

JobRun print_pwg(PrintRig& rig, const std::vector<std::uint8_t>& bytes, const JobOptions& options) {
  std::vector<stages::PrintDocument> docs;
  docs.push_back(testing::document(std::string(stages::rip::kPwgRaster), bytes));
  return print_docs(rig, std::move(docs), options);
}

JobOptions at_300() {
  JobOptions o;
  o.dpi = 300;
  return o;
}

JobOptions a4_options() {
  JobOptions o = at_300();
  o.layout.media = std::string(kA4);
  o.layout.media_width_mm = 210;
  o.layout.media_height_mm = 297;
  return o;
}

double total_coverage(const PrintedPage& p) {
  double sum = 0;
  for (double c : p.coverage) sum += c;
  return sum;
}

// Ink seen in a preview rectangle [x0, x1) x [y0, y1): the sum over its pixels of how far each
// is from white (0 for blank paper).
std::uint64_t ink_in(const engine_hw::sim::PreviewImage& img, std::uint32_t x0, std::uint32_t y0,
                     std::uint32_t x1, std::uint32_t y1) {
  std::uint64_t ink = 0;
  for (std::uint32_t y = y0; y < y1; ++y) {
    for (std::uint32_t x = x0; x < x1; ++x) {
      const auto px = img.pixel(x, y);
      ink += 3u * 255u - (px[0] + px[1] + px[2]);
    }
  }
  return ink;
}

void expect_a4_sheets(const std::vector<PrintedPage>& pages, const std::string& what) {
  for (std::size_t i = 0; i < pages.size(); ++i) {
    EXPECT_EQ(pages[i].geometry.width, kA4Width) << what << " sheet " << i;
    EXPECT_EQ(pages[i].geometry.height, kA4Height) << what << " sheet " << i;
    EXPECT_EQ(pages[i].geometry.x_dpi, 300u) << what << " sheet " << i;
    EXPECT_EQ(pages[i].geometry.media, kA4) << what << " sheet " << i;
  }
}

// Collated copies print the whole document again, in order, from the page store; a two-sided
// job's second copy starts on a new sheet.
TEST(PrintOptions, CopiesPrintTheDocumentAgainCollated) {
  auto rig = testing::unthrottled_rig();
  ASSERT_NE(rig, nullptr);
  const auto pdf = testing::numbered_pdf(3);
  JobOptions o = at_300();
  o.copies = 2;
  auto run = print_pdf(*rig, pdf, o);
  ASSERT_TRUE(run.report.status.is_ok()) << run.report.status.to_string();
  EXPECT_EQ(run.report.pages, 6u);
  ASSERT_EQ(run.pages.size(), 6u);
  EXPECT_NE(run.pages[0].sha256, run.pages[1].sha256);
  EXPECT_NE(run.pages[1].sha256, run.pages[2].sha256);
  EXPECT_NE(run.pages[0].sha256, run.pages[2].sha256);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(run.pages[k].sha256, run.pages[k + 3].sha256) << k;
    EXPECT_EQ(run.pages[k].geometry.copy, 0u) << k;
    EXPECT_EQ(run.pages[k + 3].geometry.copy, 1u) << k;
  }

  o.sides = pipeline::Sides::two_sided_long_edge;
  const auto counters = rig->engine().counters();
  auto duplex = print_pdf(*rig, pdf, o);
  ASSERT_TRUE(duplex.report.status.is_ok()) << duplex.report.status.to_string();
  EXPECT_EQ(duplex.report.pages, 6u);
  ASSERT_EQ(duplex.pages.size(), 6u);
  EXPECT_EQ(rig->engine().counters().sheets - counters.sheets, 4u);  // 2 a copy
  EXPECT_EQ(rig->engine().counters().duplex_sheets - counters.duplex_sheets, 2u);
  const auto& p = duplex.pages;
  // Copy 1: p1/p2 on one sheet, p3 alone; copy 2 likewise, on sheets of its own.
  EXPECT_FALSE(p[0].back);
  EXPECT_TRUE(p[1].back);
  EXPECT_EQ(p[0].sheet, p[1].sheet);
  EXPECT_FALSE(p[2].back);
  EXPECT_NE(p[2].sheet, p[1].sheet);
  EXPECT_FALSE(p[3].back);  // first page of the second copy: a front, not p3's back
  EXPECT_EQ(p[3].geometry.copy, 1u);
  EXPECT_NE(p[3].sheet, p[2].sheet);
  EXPECT_TRUE(p[4].back);
  EXPECT_EQ(p[4].sheet, p[3].sheet);
  EXPECT_FALSE(p[5].back);
  EXPECT_NE(p[5].sheet, p[4].sheet);
  for (std::size_t k = 0; k < 3; ++k) EXPECT_EQ(p[k].sha256, p[k + 3].sha256) << k;
}

// A media size makes every engine page that sheet (a Letter page lands on A4 paper, from the
// A4 tray); without one each page keeps its own size; scaling none vs fit vs auto-fit places a
// page larger than the sheet as each says.
TEST(PrintOptions, MediaSizesTheSheetAndScalingPlacesThePage) {
  auto rig = testing::unthrottled_rig();
  ASSERT_NE(rig, nullptr);
  const auto letter = testing::sized_pdf(612, 792);

  JobOptions a4 = a4_options();
  a4.layout.margin_mm = 4.23;
  auto on_a4 = print_pdf(*rig, letter, a4);
  ASSERT_TRUE(on_a4.report.status.is_ok()) << on_a4.report.status.to_string();
  ASSERT_EQ(on_a4.pages.size(), 1u);
  expect_a4_sheets(on_a4.pages, "letter on A4");
  EXPECT_EQ(on_a4.pages[0].tray, "tray-1");
  EXPECT_GT(total_coverage(on_a4.pages[0]), 0.0);  // the fitted page's square is on the sheet

  auto own = print_pdf(*rig, letter, at_300());
  ASSERT_TRUE(own.report.status.is_ok()) << own.report.status.to_string();
  ASSERT_EQ(own.pages.size(), 1u);
  EXPECT_EQ(own.pages[0].geometry.width, 2550u);
  EXPECT_EQ(own.pages[0].geometry.height, 3300u);
  EXPECT_EQ(own.pages[0].tray, "tray-4");  // the Letter tray, chosen by size

  // An A3 page whose only ink is a 10 pt square at its bottom-left corner.
  const auto a3 = testing::sized_pdf(842, 1191);
  std::array<JobRun, 3> runs;
  const pipeline::Scaling modes[] = {pipeline::Scaling::none, pipeline::Scaling::fit,
                                     pipeline::Scaling::auto_fit};
  for (std::size_t i = 0; i < 3; ++i) {
    JobOptions o = a4_options();
    o.layout.margin_mm = 4.23;
    o.layout.scaling = modes[i];
    runs[i] = print_pdf(*rig, a3, o);
    ASSERT_TRUE(runs[i].report.status.is_ok())
        << to_keyword(modes[i]) << ": " << runs[i].report.status.to_string();
    ASSERT_EQ(runs[i].pages.size(), 1u) << to_keyword(modes[i]);
    expect_a4_sheets(runs[i].pages, std::string(to_keyword(modes[i])));
  }
  // none: actual size, centred: the corner square falls outside the A4 sheet.
  EXPECT_EQ(total_coverage(runs[0].pages[0]), 0.0);
  // fit: scaled down, the square lands inside the margin.
  EXPECT_GT(total_coverage(runs[1].pages[0]), 0.0);
  EXPECT_NE(runs[0].pages[0].sha256, runs[1].pages[0].sha256);
  // auto-fit on a page larger than the sheet is fit.
  EXPECT_EQ(runs[2].pages[0].sha256, runs[1].pages[0].sha256);
}

// media-source picks the input tray for every page; without one, A4 comes from the first A4
// tray; the output bin defaults to face-down and follows the job's output-bin.
TEST(PrintOptions, TrayAndOutputBinFollowTheJob) {
  auto rig = testing::unthrottled_rig();
  ASSERT_NE(rig, nullptr);
  const auto pdf = testing::numbered_pdf(3);

  JobOptions by_size = a4_options();
  auto plain = print_pdf(*rig, pdf, by_size);
  ASSERT_TRUE(plain.report.status.is_ok()) << plain.report.status.to_string();
  ASSERT_EQ(plain.pages.size(), 3u);
  for (const auto& p : plain.pages) {
    EXPECT_EQ(p.tray, "tray-1") << p.geometry.page;
    EXPECT_EQ(p.output_bin, "face-down") << p.geometry.page;
  }

  JobOptions chosen = a4_options();
  chosen.layout.tray = "tray-3";
  chosen.layout.output_bin = "face-up";
  auto run = print_pdf(*rig, pdf, chosen);
  ASSERT_TRUE(run.report.status.is_ok()) << run.report.status.to_string();
  ASSERT_EQ(run.pages.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(run.pages[i].tray, "tray-3") << i;
    EXPECT_EQ(run.pages[i].output_bin, "face-up") << i;
    EXPECT_EQ(run.pages[i].sha256, plain.pages[i].sha256) << i;  // same raster, other paper
  }

  // media-col's media-type chooses among the trays of the right size: A4 cardstock in tray-3.
  ASSERT_TRUE(rig->engine().load_tray("tray-3", std::string(kA4), "cardstock").is_ok());
  JobOptions card = a4_options();
  card.layout.media_type = "cardstock";
  auto on_card = print_pdf(*rig, pdf, card);
  ASSERT_TRUE(on_card.report.status.is_ok()) << on_card.report.status.to_string();
  ASSERT_EQ(on_card.pages.size(), 3u);
  for (const auto& p : on_card.pages) EXPECT_EQ(p.tray, "tray-3") << p.geometry.page;
  auto plain_again = print_pdf(*rig, pdf, by_size);  // plain paper still comes from tray-1
  ASSERT_TRUE(plain_again.report.status.is_ok());
  for (const auto& p : plain_again.pages) EXPECT_EQ(p.tray, "tray-1") << p.geometry.page;
}

// A job asking for a tray that holds another size (tray-2, A3, for A4 pages) is not printed
// on the wrong paper: the engine reports media-needed for that tray and the job waits; once the
// operator loads A4 there, every page prints from it.
TEST(PrintOptions, TrayHoldingAnotherSizeWaitsForTheRightPaper) {
  auto rig = testing::unthrottled_rig();
  ASSERT_NE(rig, nullptr);
  JobOptions o = a4_options();
  o.layout.tray = "tray-2";

  // The operator: waits for media-needed, checks nothing printed meanwhile, then loads A4 in
  // tray-2. It never touches the job and always loads the paper in the end (at the latest after
  // 30 s), so a job left waiting for paper cannot hang the test.
  std::atomic<bool> job_done{false};
  bool saw_media_needed = false;
  std::string message;
  std::uint64_t printed_while_waiting = ~std::uint64_t{0};
  pipeline::Status loaded;
  std::thread operator_thread([&] {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!job_done.load() && std::chrono::steady_clock::now() < deadline) {
      const auto status = rig->engine().status();
      if (status.has(engine_hw::StateReason::media_needed)) {
        saw_media_needed = true;
        message = status.message;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (saw_media_needed) {
      // Let the feeder offer the page again a few times (every 200 ms): still refused.
      std::this_thread::sleep_for(std::chrono::milliseconds(700));
      printed_while_waiting = rig->engine().output_tray().delivered();
    }
    loaded = rig->engine().load_tray("tray-2", std::string(kA4));
  });
  auto run = print_pdf(*rig, testing::numbered_pdf(3), o);
  job_done.store(true);
  operator_thread.join();

  EXPECT_TRUE(saw_media_needed);
  EXPECT_NE(message.find("tray-2"), std::string::npos) << message;
  EXPECT_EQ(printed_while_waiting, 0u);
  EXPECT_TRUE(loaded.is_ok()) << loaded.to_string();
  ASSERT_TRUE(run.report.status.is_ok()) << run.report.status.to_string();
  ASSERT_EQ(run.pages.size(), 3u);
  for (const auto& p : run.pages) EXPECT_EQ(p.tray, "tray-2") << p.geometry.page;
  EXPECT_FALSE(rig->engine().status().has(engine_hw::StateReason::media_needed));
}

// orientation-requested turns the pages on the same A4 portrait sheets: landscape puts the
// page's top at the sheet's left (numbered_pdf's bars and number, in the page's lower left,
// land in the sheet's bottom half), reverse-landscape the other way (top half); portrait is
// the printer's own choice for a portrait page.
TEST(PrintOptions, OrientationTurnsThePageOnTheSheet) {
  auto rig = testing::unthrottled_rig(1000, /*previews=*/true);
  ASSERT_NE(rig, nullptr);
  const auto pdf = testing::numbered_pdf(2);
  const pipeline::Orientation orientations[] = {
      pipeline::Orientation::portrait, pipeline::Orientation::landscape,
      pipeline::Orientation::reverse_landscape, pipeline::Orientation::none};
  std::vector<JobRun> runs;
  for (auto orientation : orientations) {
    JobOptions o = a4_options();
    o.layout.orientation = orientation;
    runs.push_back(print_pdf(*rig, pdf, o));
    const int n = static_cast<int>(orientation);
    ASSERT_TRUE(runs.back().report.status.is_ok())
        << n << ": " << runs.back().report.status.to_string();
    ASSERT_EQ(runs.back().pages.size(), 2u) << n;
    expect_a4_sheets(runs.back().pages, "orientation " + std::to_string(n));
  }
  const auto& portrait = runs[0].pages;
  const auto& landscape = runs[1].pages;
  const auto& reverse = runs[2].pages;
  const auto& none = runs[3].pages;
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_NE(landscape[i].sha256, portrait[i].sha256) << i;
    EXPECT_NE(reverse[i].sha256, landscape[i].sha256) << i;
    EXPECT_NE(reverse[i].sha256, portrait[i].sha256) << i;
    EXPECT_EQ(none[i].sha256, portrait[i].sha256) << i;
  }
  EXPECT_NE(landscape[0].sha256, landscape[1].sha256);

  for (std::size_t i = 0; i < 2; ++i) {
    ASSERT_TRUE(landscape[i].preview && reverse[i].preview && portrait[i].preview) << i;
    const auto half = [](const engine_hw::sim::PreviewImage& img, bool top) {
      const std::uint32_t mid = img.height() / 2;
      return top ? ink_in(img, 0, 0, img.width(), mid)
                 : ink_in(img, 0, mid, img.width(), img.height());
    };
    const auto l_top = half(*landscape[i].preview, true);
    const auto l_bottom = half(*landscape[i].preview, false);
    const auto r_top = half(*reverse[i].preview, true);
    const auto r_bottom = half(*reverse[i].preview, false);
    EXPECT_GT(l_bottom, 0u) << i;
    EXPECT_LT(l_top * 50, l_bottom) << "landscape page " << i << ": ink in the top half";
    EXPECT_GT(r_top, 0u) << i;
    EXPECT_LT(r_bottom * 50, r_top) << "reverse-landscape page " << i << ": ink in the bottom half";
    // Portrait: the number is in the top half, the bars in the bottom half.
    EXPECT_GT(half(*portrait[i].preview, true), 0u) << i;
    EXPECT_GT(half(*portrait[i].preview, false), 0u) << i;
  }
}

// number-up lays 2, 4, 6, 9 or 16 pages on each A4 sheet (the last sheet may hold fewer), and
// page-ranges select the pages before they are laid out.
TEST(PrintOptions, NumberUpPutsSeveralPagesOnASheet) {
  auto rig = testing::unthrottled_rig();
  ASSERT_NE(rig, nullptr);
  const auto pdf = testing::numbered_pdf(6);
  const std::pair<std::uint32_t, std::size_t> cases[] = {{2, 3}, {4, 2}, {6, 1}, {9, 1}, {16, 1}};
  std::string first_4up_sheet;
  std::set<std::string> first_sheets;
  for (const auto& [up, sheets] : cases) {
    JobOptions o = a4_options();
    o.layout.number_up = up;
    auto run = print_pdf(*rig, pdf, o);
    ASSERT_TRUE(run.report.status.is_ok()) << up << "-up: " << run.report.status.to_string();
    EXPECT_EQ(run.report.pages, sheets) << up << "-up";
    ASSERT_EQ(run.pages.size(), sheets) << up << "-up";
    expect_a4_sheets(run.pages, std::to_string(up) + "-up");
    for (std::size_t i = 0; i < sheets; ++i) {
      EXPECT_EQ(run.pages[i].geometry.page, i) << up << "-up";
      EXPECT_GT(run.pages[i].coverage[3], 0.0) << up << "-up sheet " << i;
    }
    if (sheets > 1) {
      EXPECT_NE(run.pages[0].sha256, run.pages[1].sha256) << up << "-up";
    }
    if (up == 4) first_4up_sheet = run.pages[0].sha256;
    first_sheets.insert(run.pages[0].sha256);
  }
  EXPECT_EQ(first_sheets.size(), std::size(cases));  // each number-up lays its sheet out anew

  // Pages 2..5 of 6, 4-up: one sheet, holding other pages than the full document's first.
  JobOptions o = a4_options();
  o.layout.number_up = 4;
  o.page_ranges = {{2, 5}};
  auto some = print_pdf(*rig, pdf, o);
  ASSERT_TRUE(some.report.status.is_ok()) << some.report.status.to_string();
  EXPECT_EQ(some.report.pages, 1u);
  ASSERT_EQ(some.pages.size(), 1u);
  expect_a4_sheets(some.pages, "4-up of pages 2..5");
  EXPECT_NE(some.pages[0].sha256, first_4up_sheet);
}

// 4-up puts page 1 in the top-left quarter, 2 top-right, 3 bottom-left and 4 bottom-right:
// every quarter of the sheet has ink, page 4's (four bars) more than page 1's (one bar), and the
// sheet uses less ink than the four pages printed one a sheet.
TEST(PrintOptions, FourUpFillsEachQuarterOfTheSheet) {
  auto rig = testing::unthrottled_rig(1000, /*previews=*/true);
  ASSERT_NE(rig, nullptr);
  const auto pdf = testing::numbered_pdf(4);
  auto singles = print_pdf(*rig, pdf, at_300());
  ASSERT_TRUE(singles.report.status.is_ok()) << singles.report.status.to_string();
  ASSERT_EQ(singles.pages.size(), 4u);
  double single_black = 0;
  for (const auto& p : singles.pages) single_black += p.coverage[3];

  JobOptions o = a4_options();
  o.layout.number_up = 4;
  auto run = print_pdf(*rig, pdf, o);
  ASSERT_TRUE(run.report.status.is_ok()) << run.report.status.to_string();
  ASSERT_EQ(run.pages.size(), 1u);
  expect_a4_sheets(run.pages, "4-up");
  const PrintedPage& sheet = run.pages[0];
  EXPECT_GT(sheet.coverage[3], 0.0);
  EXPECT_LT(sheet.coverage[3], single_black);
  ASSERT_TRUE(sheet.preview);
  const auto& img = *sheet.preview;
  const std::uint32_t w = img.width(), h = img.height();
  const std::uint64_t quarter[4] = {
      ink_in(img, 0, 0, w / 2, h / 2), ink_in(img, w / 2, 0, w, h / 2),
      ink_in(img, 0, h / 2, w / 2, h), ink_in(img, w / 2, h / 2, w, h)};
  for (int q = 0; q < 4; ++q) EXPECT_GT(quarter[q], 0u) << "quarter " << q;
  EXPECT_GT(quarter[3], quarter[0]);
}

// Raster pages (PWG raster, JPEG) are placed with number-up too: two PWG pages 2-up make one
// sheet, a gray and an RGB page share one, and each JPEG document of a job starts a sheet of its
// own (a sheet never mixes documents).
TEST(PrintOptions, NumberUpPlacesRasterPages) {
  auto rig = testing::unthrottled_rig();
  ASSERT_NE(rig, nullptr);
  JobOptions o = a4_options();
  o.layout.number_up = 2;

  auto rgb = print_pwg(*rig, testing::make_pwg(2, 600, 800, 300), o);
  ASSERT_TRUE(rgb.report.status.is_ok()) << rgb.report.status.to_string();
  EXPECT_EQ(rgb.report.pages, 1u);
  ASSERT_EQ(rgb.pages.size(), 1u);
  expect_a4_sheets(rgb.pages, "PWG 2-up");
  EXPECT_TRUE(rgb.pages[0].color);
  EXPECT_GT(rgb.pages[0].coverage[3], 0.0);

  // One PWG stream of a gray page then an RGB page (the second stream without its sync word).
  auto gray = testing::make_pwg(1, 600, 800, 300, codecs::PwgRasterType::sgray_8);
  const auto color = testing::make_pwg(1, 600, 800, 300, codecs::PwgRasterType::srgb_8);
  ASSERT_GT(gray.size(), 4u);
  ASSERT_GT(color.size(), 4u);
  ASSERT_EQ(std::string(gray.begin(), gray.begin() + 4), "RaS2");
  ASSERT_EQ(std::string(color.begin(), color.begin() + 4), "RaS2");
  gray.insert(gray.end(), color.begin() + 4, color.end());
  auto mixed = print_pwg(*rig, gray, o);
  ASSERT_TRUE(mixed.report.status.is_ok()) << mixed.report.status.to_string();
  EXPECT_EQ(mixed.report.pages, 1u);
  ASSERT_EQ(mixed.pages.size(), 1u);
  expect_a4_sheets(mixed.pages, "gray + RGB 2-up");
  EXPECT_TRUE(mixed.pages[0].color);  // the RGB page's red box

  std::vector<stages::PrintDocument> jpegs;
  jpegs.push_back(
      testing::document(std::string(stages::rip::kJpeg), testing::make_jpeg(600, 800, 300)));
  jpegs.push_back(
      testing::document(std::string(stages::rip::kJpeg), testing::make_jpeg(800, 600, 300)));
  auto two_docs = print_docs(*rig, std::move(jpegs), o);
  ASSERT_TRUE(two_docs.report.status.is_ok()) << two_docs.report.status.to_string();
  EXPECT_EQ(two_docs.report.pages, 2u);
  ASSERT_EQ(two_docs.pages.size(), 2u);
  expect_a4_sheets(two_docs.pages, "JPEG 2-up");
  EXPECT_EQ(two_docs.pages[0].geometry.document, 0u);
  EXPECT_EQ(two_docs.pages[1].geometry.document, 1u);
  for (const auto& p : two_docs.pages) EXPECT_TRUE(p.color) << p.geometry.document;
}

// print-color-mode auto: a page without color prints with black toner alone (a black
// impression), a page with color in color, a sheet of black pages in black; the same black
// page in color mode takes the profile's four-color gray.
TEST(PrintOptions, AutoColorModePrintsPagesWithoutColorInBlackOnly) {
  auto rig = testing::unthrottled_rig();
  ASSERT_NE(rig, nullptr);
  JobOptions o = at_300();
  o.color_mode = pipeline::ColorMode::automatic;
  const auto black = testing::numbered_pdf(2);
  auto automatic = print_pdf(*rig, black, o);
  ASSERT_TRUE(automatic.report.status.is_ok()) << automatic.report.status.to_string();
  ASSERT_EQ(automatic.pages.size(), 2u);
  for (const auto& p : automatic.pages) {
    EXPECT_FALSE(p.color);
    EXPECT_EQ(p.coverage[0] + p.coverage[1] + p.coverage[2], 0.0);
    EXPECT_GT(p.coverage[3], 0.0);
  }
  o.color_mode = pipeline::ColorMode::color;
  auto color = print_pdf(*rig, black, o);
  ASSERT_TRUE(color.report.status.is_ok());
  ASSERT_EQ(color.pages.size(), 2u);
  EXPECT_NE(color.pages[0].sha256, automatic.pages[0].sha256);

  // Gray raster pages are black-only too; RGB pages with color stay in color.
  o.color_mode = pipeline::ColorMode::automatic;
  auto gray =
      print_pwg(*rig, testing::make_pwg(1, 600, 800, 300, codecs::PwgRasterType::sgray_8), o);
  ASSERT_TRUE(gray.report.status.is_ok()) << gray.report.status.to_string();
  ASSERT_EQ(gray.pages.size(), 1u);
  EXPECT_FALSE(gray.pages[0].color);

  std::vector<std::uint8_t> vector_art;
  for (auto& f : testing::feature_pdfs()) {
    if (f.name == "vector") vector_art = std::move(f.bytes);
  }
  ASSERT_FALSE(vector_art.empty());
  auto colored = print_pdf(*rig, vector_art, o);
  ASSERT_TRUE(colored.report.status.is_ok()) << colored.report.status.to_string();
  ASSERT_EQ(colored.pages.size(), 1u);
  EXPECT_TRUE(colored.pages[0].color);

  // 2-up: a sheet of black pages is black-only too.
  JobOptions two_up = a4_options();
  two_up.color_mode = pipeline::ColorMode::automatic;
  two_up.layout.number_up = 2;
  auto black_sheet = print_pdf(*rig, black, two_up);
  ASSERT_TRUE(black_sheet.report.status.is_ok()) << black_sheet.report.status.to_string();
  ASSERT_EQ(black_sheet.pages.size(), 1u);
  EXPECT_FALSE(black_sheet.pages[0].color);
}

// Pages with large images (decoded once per page) laid 2-up: the RIP does not wait for a page
// the sheet still holds (it would wait for ever), and the sheets print.
TEST(PrintOptions, NumberUpOfHeavyImagePagesPrints) {
  auto rig = testing::unthrottled_rig();
  ASSERT_NE(rig, nullptr);
  JobOptions o = a4_options();
  o.layout.number_up = 2;
  o.page_time_budget_ms = 120'000;  // a bounded wait would show as a slow job, not a pass
  auto run = print_pdf(*rig, testing::large_image_pdf(3, 3000, 4000), o);
  ASSERT_TRUE(run.report.status.is_ok()) << run.report.status.to_string();
  EXPECT_EQ(run.pages.size(), 2u);
  EXPECT_LT(run.report.seconds, 60.0);
}

// check_print_conflicts(): two-sided printing on media a duplexer cannot turn conflicts with
// sides, a tray holding another size than the media conflicts with media-col, and nothing else.
TEST(PrintOptions, ConflictsNameTheAttributesInvolved) {
  const auto names = [](const stages::PrintConflict& c, std::string_view attribute) {
    for (const auto& a : c.attributes) {
      if (a == attribute) return true;
    }
    return false;
  };
  JobOptions duplex = a4_options();
  duplex.sides = pipeline::Sides::two_sided_long_edge;
  for (const char* type : {"envelope", "labels", "transparency", "photographic-glossy"}) {
    const auto conflicts = stages::check_print_conflicts(duplex, {type, std::nullopt});
    ASSERT_EQ(conflicts.size(), 1u) << type;
    EXPECT_TRUE(names(conflicts[0], "sides")) << type;
    EXPECT_NE(conflicts[0].reason.find(type), std::string::npos) << conflicts[0].reason;
  }
  EXPECT_TRUE(stages::check_print_conflicts(duplex, {"stationery", std::nullopt}).empty());
  EXPECT_TRUE(stages::check_print_conflicts(duplex, {"", std::nullopt}).empty());
  JobOptions simplex = a4_options();
  EXPECT_TRUE(stages::check_print_conflicts(simplex, {"envelope", std::nullopt}).empty());

  JobOptions tray = a4_options();
  tray.layout.tray = "tray-2";
  const auto wrong = stages::check_print_conflicts(tray, {"", std::make_pair(297.0, 420.0)});
  ASSERT_EQ(wrong.size(), 1u);
  EXPECT_TRUE(names(wrong[0], "media-col"));
  EXPECT_FALSE(names(wrong[0], "sides"));
  EXPECT_NE(wrong[0].reason.find("tray-2"), std::string::npos) << wrong[0].reason;
  EXPECT_TRUE(stages::check_print_conflicts(tray, {"", std::make_pair(210.0, 297.0)}).empty());
  EXPECT_TRUE(stages::check_print_conflicts(tray, {"", std::make_pair(297.0, 210.0)}).empty());

  // Both at once: two conflicts.
  JobOptions both = tray;
  both.sides = pipeline::Sides::two_sided_short_edge;
  EXPECT_EQ(stages::check_print_conflicts(both, {"labels", std::make_pair(297.0, 420.0)}).size(),
            2u);
}

}  // namespace
}  // namespace mfp
