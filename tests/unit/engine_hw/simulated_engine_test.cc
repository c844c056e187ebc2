#include "engine_hw/sim/simulated_engine.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "engine_hw/sim/manual_clock.h"
#include "engine_hw/sim/page_checksum.h"
#include "tests/unit/engine_hw/engine_test_pages.h"

namespace mfp::engine_hw::sim {
namespace {

using namespace std::chrono_literals;
using pipeline::PixelFormat;
using pipeline::StatusCode;
using test_pages::a4_75dpi;
using test_pages::Enc;
using test_pages::make_page;
using test_pages::make_raster;
using test_pages::Raster;

struct Fixture {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  pipeline::BufferPool pool;
  std::unique_ptr<SimulatedEngine> engine;

  explicit Fixture(SimulatedEngineOptions options = {}) {
    auto e = SimulatedEngine::create(std::move(options), clock);
    EXPECT_TRUE(e.is_ok()) << e.status().to_string();
    if (e.is_ok()) engine = std::move(e).value();
  }

  pipeline::Status print(Raster& r, test_pages::PageCut cut = {}) {
    return engine->accept(make_page(r, pool, cut));
  }

  std::uint32_t level(std::string_view tray) const {
    for (const TrayInfo& t : engine->trays()) {
      if (t.id == tray) return t.level;
    }
    ADD_FAILURE() << "no tray " << tray;
    return 0;
  }

  double toner(Colorant c) const { return engine->toner()[static_cast<unsigned>(c)].level; }
};

// --- rated speed -------------------------------------------------------------------------

struct SpeedCase {
  const char* model;
  Pacing pacing;
  int pages;
  std::chrono::nanoseconds expected;
};

class RatedSpeedTest : public ::testing::TestWithParam<SpeedCase> {};

TEST_P(RatedSpeedTest, BackToBackPagesTakeTheRatedTime) {
  const SpeedCase& c = GetParam();
  SimulatedEngineOptions o;
  o.model = c.model;
  o.pacing = c.pacing;
  Fixture f(o);
  ASSERT_TRUE(f.engine);
  Raster r = a4_75dpi(PixelFormat::k1);
  const auto start = f.clock->now();
  for (int i = 0; i < c.pages; ++i) {
    ASSERT_TRUE(f.print(r).is_ok()) << "page " << i;
  }
  EXPECT_EQ(f.clock->now() - start, c.expected);
  EXPECT_EQ(f.engine->counters().total_impressions, static_cast<std::uint64_t>(c.pages));
  if (c.pacing == Pacing::unthrottled) {
    EXPECT_EQ(f.clock->sleeps(), 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(Models, RatedSpeedTest,
                         ::testing::Values(SpeedCase{"C7070", Pacing::rated, 70, 60s},
                                           SpeedCase{"C6570", Pacing::rated, 65, 60s},
                                           SpeedCase{"C5570", Pacing::rated, 55, 60s},
                                           SpeedCase{"C4570", Pacing::rated, 45, 60s},
                                           SpeedCase{"C3570", Pacing::rated, 35, 60s},
                                           SpeedCase{"C3070", Pacing::rated, 30, 60s},
                                           SpeedCase{"C7070", Pacing::rated, 35, 30s},
                                           SpeedCase{"C7070", Pacing::rated, 1, 857142857ns},
                                           SpeedCase{"C7070", Pacing::unthrottled, 70, 0s},
                                           SpeedCase{"C3070", Pacing::unthrottled, 100, 0s}),
                         [](const auto& info) {
                           return std::string(info.param.model) +
                                  (info.param.pacing == Pacing::rated ? "_rated_"
                                                                      : "_unthrottled_") +
                                  std::to_string(info.param.pages);
                         });

TEST(SimulatedEngine, IdleGapStartsANewRun) {
  Fixture f;
  Raster r = a4_75dpi(PixelFormat::k1);
  const auto start = f.clock->now();
  ASSERT_TRUE(f.print(r).is_ok());
  f.clock->advance(10s);  // the engine idles
  ASSERT_TRUE(f.print(r).is_ok());
  EXPECT_EQ(f.clock->now() - start, 2 * 857142857ns + 10s);
}

TEST(SimulatedEngine, ModelAndOptionsAreChecked) {
  Fixture f;
  EXPECT_EQ(f.engine->model().name, "C7070");
  EXPECT_EQ(f.engine->model().rated_ppm, 70u);
  EXPECT_EQ(find_model("ApeosPort C3570")->rated_ppm, 35u);
  EXPECT_FALSE(find_model("C9999"));

  auto clock = std::make_shared<ManualClock>();
  SimulatedEngineOptions bad;
  bad.model = "C9999";
  EXPECT_EQ(SimulatedEngine::create(bad, clock).status().code(), StatusCode::invalid_argument);
  EXPECT_FALSE(SimulatedEngine::create({}, nullptr).is_ok());
  SimulatedEngineOptions bad_tray;
  bad_tray.trays = {{"tray-1", "a4", "stationery", 10, 10}};
  EXPECT_FALSE(SimulatedEngine::create(bad_tray, clock).is_ok());
  SimulatedEngineOptions dup;
  dup.trays = {{"tray-1", "iso_a4_210x297mm", "stationery", 10, 10},
               {"tray-1", "iso_a4_210x297mm", "stationery", 10, 10}};
  EXPECT_FALSE(SimulatedEngine::create(dup, clock).is_ok());
  SimulatedEngineOptions no_default;
  no_default.default_tray = "tray-9";
  EXPECT_FALSE(SimulatedEngine::create(no_default, clock).is_ok());
}

// --- trays -----------------------------------------------------------------------------

TEST(SimulatedEngine, EachPageTakesASheetFromTheTrayThatMatchesItsSize) {
  Fixture f;
  Raster a4 = a4_75dpi();
  Raster a4_landscape = make_raster(PixelFormat::cmyk1_planar, 877, 620, 75);
  Raster letter = make_raster(PixelFormat::cmyk1_planar, 5100, 6600, 600);
  Raster a3 = make_raster(PixelFormat::k1, 3508, 4961, 300);
  Raster odd = make_raster(PixelFormat::k1, 300, 300, 75);  // 101.6 mm square: no tray has it

  for (int i = 0; i < 3; ++i) ASSERT_TRUE(f.print(a4).is_ok());
  ASSERT_TRUE(f.print(a4_landscape).is_ok());
  ASSERT_TRUE(f.print(letter).is_ok());
  ASSERT_TRUE(f.print(a3).is_ok());
  ASSERT_TRUE(f.print(odd).is_ok());

  EXPECT_EQ(f.level("tray-1"), 520u - 5);  // 3 A4 + 1 A4 rotated + the default-tray page
  EXPECT_EQ(f.level("tray-2"), 520u - 1);
  EXPECT_EQ(f.level("tray-3"), 870u);
  EXPECT_EQ(f.level("tray-4"), 1130u - 1);
  const auto recs = f.engine->output_tray().records();
  ASSERT_EQ(recs.size(), 7u);
  EXPECT_EQ(recs[4].tray, "tray-4");
  EXPECT_EQ(recs[5].tray, "tray-2");
  EXPECT_EQ(recs[6].tray, "tray-1");
  EXPECT_EQ(f.engine->counters().sheets, 7u);
  EXPECT_EQ(f.engine->counters().duplex_sheets, 0u);
}

TEST(SimulatedEngine, EmptyTraySwitchesThenReportsMediaEmptyAndKeepsThePage) {
  Fixture f;
  ASSERT_TRUE(f.engine->set_tray_level("tray-1", 1).is_ok());
  EXPECT_TRUE(f.engine->status().has(StateReason::media_low));
  Raster r = a4_75dpi();
  ASSERT_TRUE(f.print(r).is_ok());
  EXPECT_EQ(f.level("tray-1"), 0u);

  EngineStatus s = f.engine->status();
  EXPECT_TRUE(s.has(StateReason::media_empty));
  EXPECT_FALSE(s.has(StateReason::media_needed));
  EXPECT_EQ(s.state, PrinterState::idle);  // other trays still feed
  const auto kw = s.keywords();
  EXPECT_NE(std::find(kw.begin(), kw.end(), "media-empty-warning"), kw.end());

  // Auto tray switch: the next A4 page comes from tray-3.
  ASSERT_TRUE(f.print(r).is_ok());
  EXPECT_EQ(f.engine->output_tray().last()->tray, "tray-3");

  ASSERT_TRUE(f.engine->set_tray_level("tray-3", 0).is_ok());
  ASSERT_TRUE(f.engine->set_tray_level("bypass", 0).is_ok());
  const EngineCounters before = f.engine->counters();
  pipeline::EnginePage page = make_page(r, f.pool);
  const std::string sum = page_checksum(page).value();
  pipeline::Status st = f.engine->print(page);
  EXPECT_EQ(st.code(), StatusCode::resource_exhausted);
  EXPECT_NE(st.message().find("media-empty"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("tray-1"), std::string::npos) << st.message();
  // Refused: nothing used, and the page is still the caller's, intact.
  EXPECT_EQ(f.engine->counters().sheets, before.sheets);
  EXPECT_EQ(f.engine->output_tray().delivered(), 2u);
  ASSERT_FALSE(page.bands.empty());
  EXPECT_EQ(page_checksum(page).value(), sum);

  s = f.engine->status();
  EXPECT_TRUE(s.has(StateReason::media_needed));
  EXPECT_TRUE(s.has(StateReason::media_empty));
  EXPECT_EQ(s.state, PrinterState::stopped);
  EXPECT_NE(s.message.find("tray-1"), std::string::npos);

  // Loading paper clears media-needed; the same page then prints.
  ASSERT_TRUE(f.engine->fill_tray("tray-1").is_ok());
  s = f.engine->status();
  EXPECT_FALSE(s.has(StateReason::media_needed));
  EXPECT_EQ(s.state, PrinterState::idle);
  ASSERT_TRUE(f.engine->print(page).is_ok());
  EXPECT_TRUE(page.bands.empty());  // consumed
  EXPECT_EQ(f.engine->output_tray().last()->sha256, sum);
  EXPECT_EQ(f.level("tray-1"), 519u);
}

TEST(SimulatedEngine, EmptyAllTraysStopsTheEngine) {
  Fixture f;
  f.engine->empty_all_trays();
  EngineStatus s = f.engine->status();
  EXPECT_EQ(s.state, PrinterState::stopped);
  EXPECT_TRUE(s.has(StateReason::media_empty));
  Raster r = make_raster(PixelFormat::k1, 300, 300, 75);  // default tray
  pipeline::Status st = f.print(r);
  EXPECT_EQ(st.code(), StatusCode::resource_exhausted);
  EXPECT_TRUE(f.engine->status().has(StateReason::media_needed));
  EXPECT_EQ(f.engine->set_tray_level("tray-9", 1).code(), StatusCode::not_found);
  EXPECT_EQ(f.engine->set_tray_level("tray-1", 521).code(), StatusCode::invalid_argument);
  ASSERT_TRUE(f.engine->load_tray("tray-1", "na_letter_8.5x11in").is_ok());
  EXPECT_EQ(f.level("tray-1"), 520u);
  EXPECT_EQ(f.engine->trays()[0].media, "na_letter_8.5x11in");
  EXPECT_EQ(f.engine->load_tray("tray-1", "letter").code(), StatusCode::invalid_argument);
  EXPECT_TRUE(f.print(r).is_ok());
}

// --- faults ----------------------------------------------------------------------------

TEST(SimulatedEngine, JamStopsUntilCleared) {
  Fixture f;
  Raster r = a4_75dpi();
  f.engine->inject_jam();
  EngineStatus s = f.engine->status();
  EXPECT_EQ(s.state, PrinterState::stopped);
  EXPECT_TRUE(s.has(StateReason::media_jam));
  const auto kw = s.keywords();
  EXPECT_NE(std::find(kw.begin(), kw.end(), "media-jam-error"), kw.end());

  for (int i = 0; i < 2; ++i) {
    pipeline::Status st = f.print(r);
    EXPECT_EQ(st.code(), StatusCode::conflict);
    EXPECT_EQ(st.message().rfind("media-jam", 0), 0u) << st.message();
  }
  EXPECT_EQ(f.engine->counters().sheets, 0u);
  EXPECT_EQ(f.engine->counters().jams, 1u);
  EXPECT_EQ(f.level("tray-1"), 520u);

  f.engine->clear_jam();
  EXPECT_EQ(f.engine->status().state, PrinterState::idle);
  EXPECT_TRUE(f.print(r).is_ok());
}

TEST(SimulatedEngine, DelayedJamLetsPagesThroughThenJams) {
  Fixture f;
  Raster r = a4_75dpi();
  f.engine->inject_jam(2);
  EXPECT_EQ(f.engine->status().state, PrinterState::idle);
  EXPECT_TRUE(f.print(r).is_ok());
  EXPECT_TRUE(f.print(r).is_ok());
  EXPECT_EQ(f.print(r).code(), StatusCode::conflict);
  EXPECT_TRUE(f.engine->status().has(StateReason::media_jam));
  EXPECT_EQ(f.engine->counters().sheets, 2u);
  EXPECT_EQ(f.engine->counters().jams, 1u);
  EXPECT_EQ(f.level("tray-1"), 518u);
  f.engine->clear_jam();
  EXPECT_TRUE(f.print(r).is_ok());
  EXPECT_EQ(f.engine->output_tray().last()->sequence, 3u);  // refused pages take no number
}

TEST(SimulatedEngine, OpenDoorOrCoverRefusesPages) {
  Fixture f;
  Raster r = a4_75dpi();
  f.engine->set_door_open(true);
  EXPECT_TRUE(f.engine->status().has(StateReason::door_open));
  EXPECT_EQ(f.print(r).code(), StatusCode::conflict);
  f.engine->set_door_open(false);
  f.engine->set_cover_open(true);
  pipeline::Status st = f.print(r);
  EXPECT_EQ(st.code(), StatusCode::conflict);
  EXPECT_NE(st.message().find("cover-open"), std::string::npos);
  f.engine->set_cover_open(false);
  EXPECT_TRUE(f.print(r).is_ok());
}

TEST(SimulatedEngine, TonerEmptyRefusesPagesUntilReplaced) {
  Fixture f;
  Raster r = a4_75dpi();
  ASSERT_TRUE(f.engine->set_toner(Colorant::cyan, 0).is_ok());
  EngineStatus s = f.engine->status();
  EXPECT_TRUE(s.has(StateReason::toner_empty));
  EXPECT_EQ(s.state, PrinterState::stopped);
  pipeline::Status st = f.print(r);
  EXPECT_EQ(st.code(), StatusCode::resource_exhausted);
  EXPECT_NE(st.message().find("toner-empty"), std::string::npos);
  EXPECT_NE(st.message().find("cyan"), std::string::npos);
  EXPECT_EQ(f.engine->toner()[0].level_percent(), 0u);
  EXPECT_EQ(f.engine->set_toner(Colorant::cyan, 101).code(), StatusCode::invalid_argument);
  ASSERT_TRUE(f.engine->set_toner(Colorant::cyan, 100).is_ok());
  EXPECT_TRUE(f.print(r).is_ok());

  ASSERT_TRUE(f.engine->set_toner(Colorant::magenta, 5).is_ok());
  s = f.engine->status();
  EXPECT_TRUE(s.has(StateReason::toner_low));
  EXPECT_EQ(s.state, PrinterState::idle);
  const auto kw = s.keywords();
  EXPECT_NE(std::find(kw.begin(), kw.end(), "toner-low-report"), kw.end());
}

TEST(SimulatedEngine, TonerUseIsProportionalToCoverage) {
  Fixture f;
  Raster black = a4_75dpi();
  black.fill_plane(3, 0xFF);  // full black
  Raster half = a4_75dpi();
  half.fill_plane(3, 0xAA);  // every other dot
  ASSERT_TRUE(f.print(black).is_ok());
  // A full A4 page is 20 pages of 5% coverage; the cartridge yields 38000 such pages.
  EXPECT_DOUBLE_EQ(f.toner(Colorant::black), 100.0 - 100.0 * 20 / 38000);
  EXPECT_DOUBLE_EQ(f.toner(Colorant::cyan), 100.0);
  ASSERT_TRUE(f.print(half).is_ok());
  EXPECT_DOUBLE_EQ(f.toner(Colorant::black), 100.0 - 100.0 * 30 / 38000);
  EXPECT_EQ(f.engine->toner()[3].level_percent(), 100u);  // rounded up: not empty
}

TEST(SimulatedEngine, TonerRunsOutByPrinting) {
  SimulatedEngineOptions o;
  o.black_yield_pages = 30;  // 1.5 full-black pages
  Fixture f(o);
  Raster black = a4_75dpi(PixelFormat::k1);
  black.fill_plane(0, 0xFF);
  ASSERT_TRUE(f.print(black).is_ok());
  EXPECT_TRUE(f.engine->status().has(StateReason::toner_low) == false);
  ASSERT_TRUE(f.print(black).is_ok());  // the page that drains it still prints
  EXPECT_TRUE(f.engine->toner()[3].empty());
  EXPECT_EQ(f.print(black).code(), StatusCode::resource_exhausted);
  EXPECT_EQ(f.engine->counters().black_impressions, 2u);
}

// --- counters and records ----------------------------------------------------------------

TEST(SimulatedEngine, CountersSplitColorAndBlack) {
  Fixture f;
  Raster blank = a4_75dpi();
  Raster k_only = a4_75dpi();
  k_only.fill_plane(3, 0x55);  // every other dot
  Raster one_cyan_dot = a4_75dpi();
  one_cyan_dot.row(0, 500)[76] = 0x01;
  Raster cyan_in_padding = a4_75dpi();  // 620 pixels: the last byte's low 4 bits are no pixels
  cyan_in_padding.row(0, 500)[77] = 0x0F;
  Raster yellow = a4_75dpi(PixelFormat::cmyk2_planar);
  yellow.fill_plane(2, 0x55);  // level 1 of 3 everywhere
  Raster mono = a4_75dpi(PixelFormat::k2);
  mono.fill_plane(0, 0xFF);

  ASSERT_TRUE(f.print(blank).is_ok());
  ASSERT_TRUE(f.print(k_only).is_ok());
  ASSERT_TRUE(f.print(one_cyan_dot).is_ok());
  ASSERT_TRUE(f.print(yellow).is_ok());
  ASSERT_TRUE(f.print(mono).is_ok());
  ASSERT_TRUE(f.print(cyan_in_padding).is_ok());

  const EngineCounters c = f.engine->counters();
  EXPECT_EQ(c.total_impressions, 6u);
  EXPECT_EQ(c.color_impressions, 2u);
  EXPECT_EQ(c.black_impressions, 4u);
  EXPECT_EQ(c.sheets, 6u);

  const auto recs = f.engine->output_tray().records();
  ASSERT_EQ(recs.size(), 6u);
  EXPECT_FALSE(recs[5].color);
  EXPECT_NE(recs[5].sha256, recs[0].sha256);  // hashed as they are, but no dots
  EXPECT_FALSE(recs[0].color);
  EXPECT_FALSE(recs[1].color);
  EXPECT_TRUE(recs[2].color);
  EXPECT_TRUE(recs[3].color);
  EXPECT_FALSE(recs[4].color);
  EXPECT_DOUBLE_EQ(recs[1].coverage[3], 0.5);
  EXPECT_DOUBLE_EQ(recs[4].coverage[3], 1.0);
  EXPECT_NEAR(recs[3].coverage[2], 1.0 / 3, 1e-12);  // level 1 of 3 in every pixel
  for (std::size_t i = 0; i < recs.size(); ++i) {
    EXPECT_EQ(recs[i].sequence, i + 1);
    EXPECT_EQ(recs[i].owner, (pipeline::OwnerTag{7, 42}));
    EXPECT_EQ(recs[i].geometry.width, 620u);
    EXPECT_EQ(recs[i].sha256.size(), 64u);
    EXPECT_FALSE(recs[i].preview);
  }
}

TEST(SimulatedEngine, OutputTrayKeepsAtMostMaxRecords) {
  SimulatedEngineOptions o;
  o.output.max_records = 3;
  Fixture f(o);
  Raster r = a4_75dpi();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(f.print(r).is_ok());
  const auto recs = f.engine->output_tray().records();
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs.front().sequence, 3u);
  EXPECT_EQ(recs.back().sequence, 5u);
  EXPECT_EQ(f.engine->output_tray().delivered(), 5u);
  EXPECT_EQ(f.engine->output_tray().dropped(), 2u);
  EXPECT_FALSE(f.engine->output_tray().find(1));
  EXPECT_TRUE(f.engine->output_tray().find(4));
}

// --- bad pages --------------------------------------------------------------------------

class BadPageTest : public ::testing::Test {
 protected:
  void expect_refused(pipeline::EnginePage page, StatusCode code, std::string_view words) {
    pipeline::Status st = f.engine->accept(std::move(page));
    EXPECT_EQ(st.code(), code) << st.to_string();
    EXPECT_NE(st.message().find(words), std::string::npos) << st.message();
    EXPECT_EQ(f.engine->counters().sheets, 0u);
    EXPECT_EQ(f.engine->status().state, PrinterState::idle);
  }
  Fixture f;
  Raster r = [] {
    Raster x = a4_75dpi();
    x.fill_noise(3);
    return x;
  }();
};

TEST_F(BadPageTest, RowsThatDoNotAddUpToTheHeight) {
  pipeline::EnginePage p = make_page(r, f.pool, {.band_rows = 100});
  p.bands.pop_back();
  expect_refused(std::move(p), StatusCode::invalid_argument, "bands cover 800 of the page's 877");
}

TEST_F(BadPageTest, BandsWithAGap) {
  pipeline::EnginePage p = make_page(r, f.pool, {.band_rows = 100});
  p.bands[2].first_row = 201;
  expect_refused(std::move(p), StatusCode::invalid_argument, "band 2: starts at row 201");
}

TEST_F(BadPageTest, TooManyRows) {
  pipeline::EnginePage p = make_page(r, f.pool, {.band_rows = 100});
  p.bands.back().rows += 5;
  expect_refused(std::move(p), StatusCode::invalid_argument, "past the page height");
}

TEST_F(BadPageTest, StrideTooSmall) {
  pipeline::EnginePage p = make_page(r, f.pool, {.band_rows = 100});
  p.bands[1].stride = 10;
  expect_refused(std::move(p), StatusCode::invalid_argument, "band 1: stride 10");
}

TEST_F(BadPageTest, StrideLargerThanTheDataHolds) {
  pipeline::EnginePage p = make_page(r, f.pool, {.band_rows = 100});
  p.bands[1].stride += 8;
  expect_refused(std::move(p), StatusCode::truncated, "band 1: holds");
}

TEST_F(BadPageTest, NoBandsNoGeometryOrWrongFormat) {
  pipeline::EnginePage none = make_page(r, f.pool);
  none.bands.clear();
  expect_refused(std::move(none), StatusCode::invalid_argument, "no bands");
  pipeline::EnginePage nogeo = make_page(r, f.pool);
  nogeo.page.reset();
  expect_refused(std::move(nogeo), StatusCode::invalid_argument, "no geometry");
  pipeline::EnginePage rgb = make_page(r, f.pool);
  rgb.format = PixelFormat::rgb8;
  expect_refused(std::move(rgb), StatusCode::unsupported, "rgb8");
  pipeline::EnginePage mixed = make_page(r, f.pool, {.band_rows = 100});
  mixed.bands[3].format = PixelFormat::cmyk2_planar;
  expect_refused(std::move(mixed), StatusCode::invalid_argument, "band 3: format");
}

TEST_F(BadPageTest, BandOfAnotherOwner) {
  pipeline::EnginePage p = make_page(r, f.pool, {.band_rows = 100});
  p.bands[4].owner = {8, 42};
  expect_refused(std::move(p), StatusCode::permission_denied, "band 4");
}

TEST_F(BadPageTest, MalformedCompressedBand) {
  pipeline::EnginePage p = make_page(r, f.pool, {.band_rows = 100, .encoding = Enc::zstd});
  auto& data = p.bands[2].data;
  for (std::size_t i = 0; i < data.size(); ++i) data.data()[i] ^= 0x5A;  // header and all
  pipeline::Status st = f.engine->accept(std::move(p));
  EXPECT_FALSE(st.is_ok());
  EXPECT_NE(st.message().find("band 2"), std::string::npos) << st.message();
  EXPECT_EQ(f.engine->counters().sheets, 0u);
}

TEST_F(BadPageTest, CorruptPayloadInACompressedBand) {
  for (Enc enc : {Enc::zstd, Enc::packbits}) {
    pipeline::EnginePage p = make_page(r, f.pool, {.band_rows = 100, .encoding = enc});
    auto& data = p.bands[1].data;
    ASSERT_GT(data.size(), 40u);
    data.data()[data.size() - 5] ^= 0xFF;  // payload only; header stays valid
    pipeline::Status st = f.engine->accept(std::move(p));
    EXPECT_FALSE(st.is_ok());
    EXPECT_NE(st.message().find("band 1"), std::string::npos) << st.message();
  }
  EXPECT_EQ(f.engine->counters().sheets, 0u);
  EXPECT_EQ(f.engine->status().state, PrinterState::idle);
}

TEST_F(BadPageTest, TruncatedCompressedBand) {
  pipeline::EnginePage p = make_page(r, f.pool, {.band_rows = 100, .encoding = Enc::packbits});
  p.bands[0].data.set_size(p.bands[0].data.size() / 2);
  pipeline::Status st = f.engine->accept(std::move(p));
  EXPECT_FALSE(st.is_ok());
  EXPECT_NE(st.message().find("band 0"), std::string::npos) << st.message();
}

TEST_F(BadPageTest, CompressedStreamOfAnotherShape) {
  pipeline::EnginePage p = make_page(r, f.pool, {.band_rows = 100, .encoding = Enc::zstd});
  p.bands[0].rows = 50;  // the stream says 100
  p.bands[1].first_row = 50;
  expect_refused(std::move(p), StatusCode::malformed_data, "band 0: compressed stream declares");
}

TEST_F(BadPageTest, EngineKeepsPrintingAfterBadPages) {
  pipeline::EnginePage p = make_page(r, f.pool, {.band_rows = 100});
  p.bands[1].stride = 1;
  EXPECT_FALSE(f.engine->accept(std::move(p)).is_ok());
  EXPECT_TRUE(f.print(r).is_ok());
}

// --- threads ----------------------------------------------------------------------------

// A clock whose sleep_until() waits until the test opens the gate (no real-time sleeping).
class GateClock final : public Clock {
 public:
  TimePoint now() const noexcept override {
    std::lock_guard lock(mu_);
    return now_;
  }
  WallTime wall_now() const noexcept override { return WallTime{}; }
  void sleep_until(TimePoint t) noexcept override {
    std::unique_lock lock(mu_);
    ++sleepers_;
    cv_.notify_all();
    cv_.wait(lock, [&] { return open_; });
    --sleepers_;
    if (t > now_) now_ = t;
  }
  void wait_for_sleeper() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return sleepers_ > 0; });
  }
  void open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  TimePoint now_{};
  int sleepers_ = 0;
  bool open_ = false;
};

TEST(SimulatedEngine, ReportsProcessingAndRefusesAPageJammedWhilePrinting) {
  auto clock = std::make_shared<GateClock>();
  auto e = SimulatedEngine::create({}, clock);
  ASSERT_TRUE(e.is_ok());
  SimulatedEngine& engine = **e;
  pipeline::BufferPool pool;
  Raster r = a4_75dpi();
  pipeline::Status result;
  std::thread printer([&] { result = engine.accept(make_page(r, pool)); });
  clock->wait_for_sleeper();
  EXPECT_EQ(engine.status().state, PrinterState::processing);
  EXPECT_EQ(engine.status().message, "Printing.");
  engine.inject_jam();  // the sheet jams mid-print
  clock->open();
  printer.join();
  EXPECT_EQ(result.code(), StatusCode::conflict);
  EXPECT_EQ(engine.counters().sheets, 0u);
  EXPECT_EQ(engine.status().state, PrinterState::stopped);
}

TEST(SimulatedEngine, ConcurrentCallersShareOnePaperPath) {
  Fixture f;
  Raster r = a4_75dpi();
  r.fill_noise(11);
  const auto start = f.clock->now();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      pipeline::BufferPool pool;
      for (int i = 0; i < 10; ++i) {
        EXPECT_TRUE(f.engine->accept(make_page(r, pool)).is_ok());
        (void)f.engine->status();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(f.engine->counters().total_impressions, 40u);
  EXPECT_EQ(f.clock->now() - start, std::chrono::nanoseconds(40ll * 60'000'000'000 / 70));
  std::set<std::uint64_t> seqs;
  for (const PrintedPage& p : f.engine->output_tray().records()) seqs.insert(p.sequence);
  EXPECT_EQ(seqs.size(), 40u);
  EXPECT_EQ(*seqs.rbegin(), 40u);
}

}  // namespace
}  // namespace mfp::engine_hw::sim

namespace mfp::engine_hw::sim {
namespace {

// Two-sided jobs: pages go front, back, front... on their own sheets; a back is never taken by
// another job or after a one-sided page; duplex_sheets counts sheets printed on both sides.
TEST(SimulatedEngineDuplex, TwoSidedJobsShareSheetsAndNeverAnotherJobs) {
  Fixture f;
  Raster r = a4_75dpi();
  auto print_as = [&](std::uint64_t job, pipeline::Sides sides) {
    auto page = make_page(r, f.pool, test_pages::PageCut{.owner = pipeline::OwnerTag{9, job}});
    auto g = std::make_shared<pipeline::PageGeometry>(*page.page);
    g->sides = sides;
    page.page = g;
    return f.engine->accept(std::move(page));
  };
  using pipeline::Sides;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(print_as(1, Sides::two_sided_long_edge).is_ok());
  ASSERT_TRUE(print_as(2, Sides::two_sided_short_edge).is_ok());  // job 1's last back is blank
  ASSERT_TRUE(print_as(3, Sides::one_sided).is_ok());             // so is job 2's
  ASSERT_TRUE(print_as(3, Sides::one_sided).is_ok());
  const auto recs = f.engine->output_tray().records();
  ASSERT_EQ(recs.size(), 6u);
  const std::pair<std::uint64_t, bool> expected[] = {{1, false}, {1, true},  {2, false},
                                                     {3, false}, {4, false}, {5, false}};
  for (std::size_t i = 0; i < recs.size(); ++i) {
    EXPECT_EQ(recs[i].sheet, expected[i].first) << i;
    EXPECT_EQ(recs[i].back, expected[i].second) << i;
  }
  EXPECT_EQ(f.engine->counters().sheets, 5u);
  EXPECT_EQ(f.engine->counters().duplex_sheets, 1u);
  EXPECT_EQ(f.engine->counters().total_impressions, 6u);
  EXPECT_EQ(f.level("tray-1"), 520u - 5);
}

}  // namespace
}  // namespace mfp::engine_hw::sim
