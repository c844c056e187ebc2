// Whole jobs through the graph builder, the security envelope, the real stages and the
// simulated engine: stable page checksums, ordering, monochrome, bad input and isolation.

#include <gtest/gtest.h>

#include <oneapi/tbb/global_control.h>

#include <set>
#include <thread>

#include "frontends/cli/print_rig.h"
#include "stages/rip/document_format.h"
#include "tests/support/documents.h"
#include "tests/support/print_rigs.h"
#include "tests/support/test_security.h"

namespace mfp {
namespace {

using frontends::cli::JobReport;
using frontends::cli::PrintRig;
using pipeline::JobOptions;
using pipeline::StatusCode;

std::vector<std::string> checksums_since(PrintRig& rig, std::uint64_t after) {
  std::vector<std::string> out;
  for (const auto& r : rig.engine().output_tray().records()) {
    if (r.sequence > after) out.push_back(r.sha256);
  }
  return out;
}

// The same document gives the same engine pages whatever the band height and thread count.
TEST(PrintPath, ChecksumsAreStableAcrossBandingAndThreads) {
  auto rig = testing::unthrottled_rig();
  const auto pwg = testing::make_pwg(2, 1240, 1754, 300);  // A4 at 150 dpi... printed at 300
  ASSERT_FALSE(pwg.empty());
  std::vector<std::string> reference;
  for (std::uint32_t band_rows : {16u, 64u, 100u}) {
    for (int threads : {1, 2}) {
      oneapi::tbb::global_control limit(oneapi::tbb::global_control::max_allowed_parallelism,
                                        threads);
      const std::uint64_t before = rig->engine().output_tray().delivered();
      JobOptions o;
      o.dpi = 300;
      o.band_rows = band_rows;
      auto report = testing::print_one(*rig, std::string(stages::rip::kPwgRaster), pwg, o);
      ASSERT_TRUE(report.status.is_ok()) << report.status.to_string();
      EXPECT_EQ(report.pages, 2u);
      auto sums = checksums_since(*rig, before);
      ASSERT_EQ(sums.size(), 2u);
      EXPECT_NE(sums[0], sums[1]);  // the pages differ
      if (reference.empty()) {
        reference = sums;
      } else {
        EXPECT_EQ(sums, reference) << "band_rows " << band_rows << " threads " << threads;
      }
    }
  }
}

TEST(PrintPath, JpegPrintsInColorAndMonochrome) {
  auto rig = testing::unthrottled_rig();
  const auto jpg = testing::make_jpeg(900, 700, 300);
  ASSERT_FALSE(jpg.empty());
  auto color = testing::print_one(*rig, std::string(stages::rip::kJpeg), jpg);
  ASSERT_TRUE(color.status.is_ok()) << color.status.to_string();
  auto rec = rig->engine().output_tray().last();
  ASSERT_TRUE(rec.has_value());
  EXPECT_TRUE(rec->color);
  EXPECT_EQ(rec->format, pipeline::PixelFormat::cmyk1_planar);
  EXPECT_EQ(rec->geometry.width, 900u);
  EXPECT_EQ(rec->geometry.x_dpi, 300u);

  JobOptions mono;
  mono.color_mode = pipeline::ColorMode::monochrome;
  auto black = testing::print_one(*rig, std::string(stages::rip::kJpeg), jpg, mono);
  ASSERT_TRUE(black.status.is_ok()) << black.status.to_string();
  rec = rig->engine().output_tray().last();
  ASSERT_TRUE(rec.has_value());
  EXPECT_FALSE(rec->color);
  EXPECT_EQ(rec->format, pipeline::PixelFormat::k1);
  EXPECT_GT(rec->coverage[3], 0.05);
}

// Every PWG color space IPP Everywhere names prints.
TEST(PrintPath, EveryPwgColorSpacePrints) {
  auto rig = testing::unthrottled_rig();
  using codecs::PwgRasterType;
  for (PwgRasterType t : {PwgRasterType::sgray_8, PwgRasterType::srgb_8, PwgRasterType::srgb_16,
                          PwgRasterType::adobe_rgb_8, PwgRasterType::cmyk_8, PwgRasterType::black_1,
                          PwgRasterType::black_8}) {
    auto report = testing::print_one(*rig, std::string(stages::rip::kPwgRaster),
                                     testing::make_pwg(1, 400, 300, 600, t));
    EXPECT_TRUE(report.status.is_ok()) << static_cast<int>(t) << ": " << report.status.to_string();
    EXPECT_EQ(report.pages, 1u);
  }
}

struct BadInput {
  std::string name;
  std::string format;
  std::vector<std::uint8_t> bytes;
  StatusCode expected;
};

TEST(PrintPath, BadInputFailsTheJobWithAClearStatusAndPrintsNothing) {
  auto rig = testing::unthrottled_rig();
  auto good = testing::make_pwg(2, 300, 200, 300);
  std::vector<BadInput> cases;
  cases.push_back({"truncated mid-page", std::string(stages::rip::kPwgRaster),
                   std::vector<std::uint8_t>(good.begin(), good.begin() + good.size() * 3 / 4),
                   StatusCode::truncated});
  cases.push_back({"150 dpi raster", std::string(stages::rip::kPwgRaster),
                   testing::make_pwg(1, 300, 200, 150), StatusCode::unsupported});
  cases.push_back({"garbage", std::string(stages::rip::kPwgRaster),
                   std::vector<std::uint8_t>(4096, 0x5a), StatusCode::malformed_data});
  auto bad_header = good;
  bad_header[4 + 372] = 0x7f;  // cupsWidth's high byte: an absurd width
  cases.push_back({"absurd width", std::string(stages::rip::kPwgRaster), bad_header,
                   StatusCode::limit_exceeded});
  auto jpg = testing::make_jpeg(300, 200, 300);
  cases.push_back({"truncated jpeg", std::string(stages::rip::kJpeg),
                   std::vector<std::uint8_t>(jpg.begin(), jpg.begin() + jpg.size() / 2),
                   StatusCode::truncated});
  cases.push_back({"unknown format", "application/x-unknown", good, StatusCode::unsupported});

  for (auto& c : cases) {
    const std::uint64_t before = rig->engine().output_tray().delivered();
    const std::size_t audits = testing::audit_events(rig->audit(), "Job Status").size();
    auto report = testing::print_one(*rig, c.format, c.bytes);
    EXPECT_EQ(report.status.code(), c.expected) << c.name << ": " << report.status.to_string();
    EXPECT_FALSE(report.status.message().empty()) << c.name;
    // Fail closed: a truncated page never reaches the engine (the first, complete page of the
    // truncated document may have printed before the error was found).
    EXPECT_LE(rig->engine().output_tray().delivered() - before,
              c.name == "truncated mid-page" ? 1u : 0u)
        << c.name;
    // Every failed job is audited, including one refused before its graph was built.
    auto events = testing::audit_events(rig->audit(), "Job Status");
    ASSERT_EQ(events.size(), audits + 1) << c.name;
    EXPECT_EQ(events.back().status, "Aborted") << c.name;
    // Nothing of the failed job stays in storage.
    EXPECT_EQ(rig->security().envelope().live_objects(), 0u) << c.name;
  }
  EXPECT_EQ(rig->pool().stats().outstanding_bytes, 0u);
}

TEST(PrintPath, AFailingJobDoesNotDisturbAnother) {
  auto rig = testing::unthrottled_rig();
  auto good = testing::make_pwg(6, 600, 400, 300);
  auto bad = good;
  bad.resize(bad.size() / 2);
  JobReport good_report, bad_report;
  std::thread a(
      [&] { good_report = testing::print_one(*rig, std::string(stages::rip::kPwgRaster), good); });
  std::thread b(
      [&] { bad_report = testing::print_one(*rig, std::string(stages::rip::kPwgRaster), bad); });
  a.join();
  b.join();
  EXPECT_TRUE(good_report.status.is_ok()) << good_report.status.to_string();
  EXPECT_EQ(good_report.pages, 6u);
  EXPECT_FALSE(bad_report.status.is_ok());
}

// Memory stays flat: a 200-page job lends no more band memory at once than a 20-page job.
TEST(PrintPath, PeakMemoryOf200PagesEqualsThatOf20) {
  auto peak_for = [](std::uint32_t pages) {
    auto rig = testing::unthrottled_rig(4);
    auto doc = testing::make_pwg(pages, 1200, 900, 300);
    auto report = testing::print_one(*rig, std::string(stages::rip::kPwgRaster), std::move(doc));
    EXPECT_TRUE(report.status.is_ok()) << report.status.to_string();
    EXPECT_EQ(report.pages, pages);
    return std::make_pair(rig->pool().stats().peak_outstanding_bytes,
                          rig->page_store().peak_size());
  };
  const auto short_job = peak_for(20);
  const auto long_job = peak_for(200);
  EXPECT_LE(short_job.second, 4u);
  EXPECT_LE(long_job.second, 4u);
  // A bound from the token count and the page store alone: each token (6 by default on two
  // threads, +1 the source decodes ahead) holds at most two of the largest bands (cmyk8_planar,
  // 1200 x 64 x 4 bytes), and the store plus the page being assembled hold at most 5 engine
  // pages (1200 x 900 x 4 planes x 1 bit, stored raw in the worst case, plus band headers).
  const std::size_t tokens = std::max<std::size_t>(4, 3 * std::thread::hardware_concurrency()) + 1;
  const std::size_t bound = tokens * 2 * (1200 * 64 * 4 + 4096) + 5 * (1200 * 900 / 2 + 15 * 8192);
  EXPECT_LE(short_job.first, bound);
  EXPECT_LE(long_job.first, bound);
}

}  // namespace
}  // namespace mfp

namespace mfp {
namespace {

// Golden engine pages: a fixed document must keep printing the same engine rasters. A change
// here means the output of the RIP, color, halftone or engine changed: if intended, update the
// values and say why in the commit.
TEST(PrintPath, GoldenEnginePages) {
  auto rig = testing::unthrottled_rig();
  struct Golden {
    std::string name;
    std::string format;
    std::vector<std::uint8_t> bytes;
    JobOptions options;
    std::string sha256;
  };
  JobOptions mono;
  mono.color_mode = pipeline::ColorMode::monochrome;
  std::vector<Golden> cases;
  cases.push_back({"srgb pwg 600 dpi",
                   std::string(stages::rip::kPwgRaster),
                   testing::make_pwg(1, 640, 480, 600),
                   {},
                   "ff40b5021c969d0ca35b745eed42df5a348603fc330fba14f8e14448d9e722b8"});
  cases.push_back({"gray pwg mono", std::string(stages::rip::kPwgRaster),
                   testing::make_pwg(1, 640, 480, 300, codecs::PwgRasterType::sgray_8), mono,
                   "863136725101627ef518b75fa368ef5d0a29dcb2bc8152f4a0a56c952ae81763"});
  cases.push_back({"cmyk pwg",
                   std::string(stages::rip::kPwgRaster),
                   testing::make_pwg(1, 640, 480, 600, codecs::PwgRasterType::cmyk_8),
                   {},
                   "c8fbd832ab6276171ca9ff4712af8a1d1d72dd2aabe3fb3ac6a42fc0fdccff73"});
  for (auto& c : cases) {
    auto report = testing::print_one(*rig, c.format, c.bytes, c.options);
    ASSERT_TRUE(report.status.is_ok()) << c.name << ": " << report.status.to_string();
    auto rec = rig->engine().output_tray().last();
    ASSERT_TRUE(rec.has_value());
    EXPECT_EQ(rec->sha256, c.sha256) << c.name;
  }
}

}  // namespace
}  // namespace mfp
