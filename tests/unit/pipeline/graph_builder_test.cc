#include "pipeline/graph_builder.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/support/test_security.h"
#include "tests/support/test_stages.h"

namespace mfp::pipeline {
namespace {

using testing::CollectingSink;
using testing::EmptyStream;
using testing::InvertStage;
using testing::SyntheticSource;

struct Fixture {
  testing::TestSecurity security;
  security::envelope::DeviceEnvelope& envelope = security.envelope();
  BufferPool pool;
  std::vector<security::audit::AuditEvent> job_events() {
    return testing::audit_events(security.audit(), "Job Status");
  }
};

JobContext make_job(std::uint64_t id) {
  return JobContext(OwnerTag{42, id}, JobType::print, "job-" + std::to_string(id), JobOptions{},
                    "alice");
}

std::uint64_t expected_band_hash(std::uint32_t page, std::uint32_t first_row, std::uint32_t rows,
                                 std::uint32_t width) {
  std::vector<std::uint8_t> px(static_cast<std::size_t>(rows) * width);
  for (std::uint32_t r = 0; r < rows; ++r) {
    for (std::uint32_t x = 0; x < width; ++x) {
      px[r * width + x] =
          static_cast<std::uint8_t>(~SyntheticSource::pixel(x, first_row + r, page));
    }
  }
  return testing::fnv1a(px.data(), px.size());
}

TEST(GraphBuilder, RefusesIncompleteGraphs) {
  Fixture f;
  JobContext job = make_job(1);
  {
    GraphBuilder b(f.envelope, f.pool);
    auto g = b.set_sink(std::make_shared<CollectingSink>()).build(job);
    ASSERT_FALSE(g.is_ok());
    EXPECT_EQ(g.status().code(), StatusCode::invalid_argument);
  }
  {
    GraphBuilder b(f.envelope, f.pool);
    auto g = b.add_document(std::make_shared<SyntheticSource>(SyntheticSource::Options{}),
                            std::make_unique<EmptyStream>())
                 .build(job);
    ASSERT_FALSE(g.is_ok());
    EXPECT_EQ(g.status().code(), StatusCode::invalid_argument);
  }
}

TEST(GraphBuilder, ParallelStagesDeliverBandsInOrder) {
  Fixture f;
  JobContext job = make_job(7);
  SyntheticSource::Options o{.pages = 3, .width = 97, .height = 101, .band_rows = 8};
  auto sink = std::make_shared<CollectingSink>();
  GraphBuilder b(f.envelope, f.pool);
  auto g = b.add_document(std::make_shared<SyntheticSource>(o), std::make_unique<EmptyStream>())
               .add_document(std::make_shared<SyntheticSource>(o), std::make_unique<EmptyStream>())
               .add_stage(std::make_shared<InvertStage>())
               .set_sink(sink)
               .set_max_bands_in_flight(6)
               .build(job);
  ASSERT_TRUE(g.is_ok()) << g.status().to_string();
  ASSERT_TRUE(g.value()->run().is_ok());
  EXPECT_EQ(job.pages(), 6u);
  EXPECT_LE(g.value()->peak_bands_in_flight(), 6u + 1u);  // tokens + the source's one ahead

  const auto& recs = sink->shared()->records;
  const std::uint32_t bands_per_page = (o.height + o.band_rows - 1) / o.band_rows;
  ASSERT_EQ(recs.size(), 6u * bands_per_page);
  for (std::size_t i = 0; i < recs.size(); ++i) {
    const std::uint32_t page = static_cast<std::uint32_t>(i / bands_per_page);
    const std::uint32_t band = static_cast<std::uint32_t>(i % bands_per_page);
    EXPECT_EQ(recs[i].page, page);
    EXPECT_EQ(recs[i].band, band);
    const std::uint32_t first = band * o.band_rows;
    EXPECT_EQ(recs[i].hash,
              expected_band_hash(page, first, std::min(o.band_rows, o.height - first), o.width));
  }
  auto events = f.job_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].name, "Job Status");
  EXPECT_EQ(events[0].description, "Print");
  EXPECT_EQ(events[0].status, "Completed");
  EXPECT_EQ(events[0].user, "alice");
}

// A row-fusable gray8 stage: adds `add` then xors `mask` into every byte; fails with
// malformed_data at page row `fail_row` (when set).
class RowStage final : public Stage {
 public:
  RowStage(std::string name, std::uint8_t add, std::uint8_t mask, std::int64_t fail_row = -1)
      : add_(add), mask_(mask), fail_row_(fail_row) {
    traits_.name = std::move(name);
    traits_.inputs = {PixelFormat::gray8};
    traits_.output = PixelFormat::gray8;
    traits_.concurrency = Concurrency::parallel;
    traits_.row_fusable = true;
  }
  const StageTraits& traits() const noexcept override { return traits_; }
  Result<Band> process(Band in, StageState* state, BufferPool& pool) const override {
    auto out = make_band_like(in, PixelFormat::gray8, pool);
    if (!out) return out.status();
    MFP_RETURN_IF_ERROR(process_rows(in, 0, in.rows, out.value(), 0, state));
    return std::move(out).value();
  }
  Status process_rows(const Band& in, std::uint32_t in_row, std::uint32_t rows, Band& out,
                      std::uint32_t out_row, StageState* /*state*/) const override {
    ++calls;
    for (std::uint32_t r = 0; r < rows; ++r) {
      if (std::int64_t{in.first_row} + in_row + r == fail_row_) {
        return make_error(StatusCode::malformed_data, "injected row failure");
      }
      const std::uint8_t* src = in.row(in_row + r);
      std::uint8_t* dst = out.row(out_row + r);
      for (std::uint32_t x = 0; x < in.width(); ++x) {
        dst[x] = static_cast<std::uint8_t>((src[x] + add_) ^ mask_);
      }
    }
    return Status::ok();
  }
  mutable std::atomic<std::uint64_t> calls{0};

 private:
  StageTraits traits_;
  std::uint8_t add_, mask_;
  std::int64_t fail_row_;
};

// Two row-fusable stages run as one node, a few rows at a time (rows wide enough that a band
// takes several chunks, the last one short): the bands are what the stages make one after the
// other, in order, each stage's time is counted, and no buffer is left out.
TEST(GraphBuilder, RowFusableStagesRunFusedWithTheSameResult) {
  Fixture f;
  JobContext job = make_job(9);
  SyntheticSource::Options o{.pages = 2, .width = 90'000, .height = 21, .band_rows = 10};
  auto first = std::make_shared<RowStage>("add", 1, 0);
  auto second = std::make_shared<RowStage>("xor", 0, 0x5a);
  auto sink = std::make_shared<CollectingSink>();
  auto g = GraphBuilder(f.envelope, f.pool)
               .add_document(std::make_shared<SyntheticSource>(o), std::make_unique<EmptyStream>())
               .add_stage(first)
               .add_stage(second)
               .set_sink(sink)
               .build(job);
  ASSERT_TRUE(g.is_ok()) << g.status().to_string();
  ASSERT_TRUE(g.value()->run().is_ok());
  const auto& recs = sink->shared()->records;
  ASSERT_EQ(recs.size(), 2u * 3u);
  for (std::size_t i = 0; i < recs.size(); ++i) {
    const auto page = static_cast<std::uint32_t>(i / 3);
    const auto first_row = static_cast<std::uint32_t>(i % 3) * o.band_rows;
    const std::uint32_t rows = std::min(o.band_rows, o.height - first_row);
    std::vector<std::uint8_t> px(std::size_t{rows} * o.width);
    for (std::uint32_t r = 0; r < rows; ++r) {
      for (std::uint32_t x = 0; x < o.width; ++x) {
        px[std::size_t{r} * o.width + x] =
            static_cast<std::uint8_t>((SyntheticSource::pixel(x, first_row + r, page) + 1) ^ 0x5a);
      }
    }
    EXPECT_EQ(recs[i].hash, testing::fnv1a(px.data(), px.size())) << i;
  }
  // 256 KiB of 90,000-byte rows: chunks of 2 rows, so more calls than bands.
  EXPECT_GT(first->calls.load(), 6u);
  EXPECT_EQ(first->calls.load(), second->calls.load());
  const auto stats = g.value()->stats();
  ASSERT_EQ(stats.size(), 4u);
  EXPECT_EQ(stats[1].name, "add");
  EXPECT_EQ(stats[2].name, "xor");
  EXPECT_EQ(stats[1].bands, 6u);
  EXPECT_EQ(stats[2].bands, 6u);
  EXPECT_EQ(f.pool.stats().outstanding_bytes, 0u);
}

// A failure in the second of two fused stages fails the job in that stage's name.
TEST(GraphBuilder, FusedStageFailureNamesTheStage) {
  Fixture f;
  JobContext job = make_job(10);
  SyntheticSource::Options o{.pages = 2, .width = 90'000, .height = 21, .band_rows = 10};
  auto sink = std::make_shared<CollectingSink>();
  auto g = GraphBuilder(f.envelope, f.pool)
               .add_document(std::make_shared<SyntheticSource>(o), std::make_unique<EmptyStream>())
               .add_stage(std::make_shared<RowStage>("add", 1, 0))
               .add_stage(std::make_shared<RowStage>("xor", 0, 0x5a, 15))
               .set_sink(sink)
               .build(job);
  ASSERT_TRUE(g.is_ok());
  const Status s = g.value()->run();
  EXPECT_EQ(s.code(), StatusCode::malformed_data) << s.to_string();
  EXPECT_EQ(s.message().rfind("xor: ", 0), 0u) << s.message();
  EXPECT_EQ(f.pool.stats().outstanding_bytes, 0u);
}

struct FailureCase {
  InvertStage::Failure failure;
  StatusCode expected;
};

class GraphFailure : public ::testing::TestWithParam<FailureCase> {};

TEST_P(GraphFailure, FailsOnlyThatJob) {
  Fixture f;
  JobContext bad = make_job(1);
  JobContext good = make_job(2);
  SyntheticSource::Options o{.pages = 20, .width = 128, .height = 64, .band_rows = 8};
  auto bad_sink = std::make_shared<CollectingSink>();
  auto good_sink = std::make_shared<CollectingSink>();
  auto bad_graph =
      GraphBuilder(f.envelope, f.pool)
          .add_document(std::make_shared<SyntheticSource>(o), std::make_unique<EmptyStream>())
          .add_stage(std::make_shared<InvertStage>(GetParam().failure, 2, 3))
          .set_sink(bad_sink)
          .build(bad);
  auto good_graph =
      GraphBuilder(f.envelope, f.pool)
          .add_document(std::make_shared<SyntheticSource>(o), std::make_unique<EmptyStream>())
          .add_stage(std::make_shared<InvertStage>())
          .set_sink(good_sink)
          .build(good);
  ASSERT_TRUE(bad_graph.is_ok());
  ASSERT_TRUE(good_graph.is_ok());
  Status bad_status, good_status;
  std::thread t1([&] { bad_status = bad_graph.value()->run(); });
  std::thread t2([&] { good_status = good_graph.value()->run(); });
  t1.join();
  t2.join();
  EXPECT_EQ(bad_status.code(), GetParam().expected) << bad_status.to_string();
  EXPECT_NE(bad_status.message().find("invert"), std::string::npos);
  EXPECT_TRUE(good_status.is_ok()) << good_status.to_string();
  EXPECT_EQ(good_sink->shared()->records.size(), 20u * 8u);
  // The failed job's sink never saw the failing band or anything after page 2.
  for (const auto& r : bad_sink->shared()->records) EXPECT_LE(r.page, 2u);
  ASSERT_EQ(bad_sink->shared()->finishes.size(), 1u);
  EXPECT_FALSE(bad_sink->shared()->finishes[0].is_ok());
  // Every band buffer came back to the pool.
  EXPECT_EQ(f.pool.stats().outstanding_bytes, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Failures, GraphFailure,
    ::testing::Values(FailureCase{InvertStage::Failure::status, StatusCode::malformed_data},
                      FailureCase{InvertStage::Failure::exception, StatusCode::internal}));

TEST(GraphBuilder, CancelStopsTheJob) {
  Fixture f;
  JobContext job = make_job(3);
  SyntheticSource::Options o{.pages = 500, .width = 256, .height = 256, .band_rows = 16};
  auto sink = std::make_shared<CollectingSink>();
  auto g = GraphBuilder(f.envelope, f.pool)
               .add_document(std::make_shared<SyntheticSource>(o), std::make_unique<EmptyStream>())
               .add_stage(std::make_shared<InvertStage>())
               .set_sink(sink)
               .build(job);
  ASSERT_TRUE(g.is_ok());
  std::thread canceller([&] {
    while (job.pages() < 2) std::this_thread::yield();
    job.cancel();
  });
  Status s = g.value()->run();
  canceller.join();
  EXPECT_EQ(s.code(), StatusCode::cancelled);
  EXPECT_LT(job.pages(), 500u);
  auto events = f.job_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].status, "Canceled by User");
  EXPECT_EQ(f.pool.stats().outstanding_bytes, 0u);
}

TEST(GraphBuilder, EnvelopeRefusesBandsOfAnotherOwner) {
  Fixture f;
  JobContext job = make_job(4);
  SyntheticSource::Options o{
      .pages = 1, .width = 32, .height = 32, .band_rows = 8, .wrong_owner = true};
  auto sink = std::make_shared<CollectingSink>();
  auto g = GraphBuilder(f.envelope, f.pool)
               .add_document(std::make_shared<SyntheticSource>(o), std::make_unique<EmptyStream>())
               .add_stage(std::make_shared<InvertStage>())
               .set_sink(sink)
               .build(job);
  ASSERT_TRUE(g.is_ok());
  Status s = g.value()->run();
  EXPECT_EQ(s.code(), StatusCode::permission_denied);
  EXPECT_TRUE(sink->shared()->records.empty());
  EXPECT_GE(f.envelope.refused_bands(), 1u);
  auto events = f.job_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].status, "Aborted");
}

TEST(GraphBuilder, StageFormatMismatchIsRefusedAtBuild) {
  Fixture f;
  JobContext job = make_job(5);
  class MakesRgb final : public Stage {
   public:
    MakesRgb() {
      t_.name = "makes-rgb";
      t_.inputs = {PixelFormat::gray8};
      t_.output = PixelFormat::rgb8;
    }
    const StageTraits& traits() const noexcept override { return t_; }
    Result<Band> process(Band in, StageState*, BufferPool&) const noexcept override { return in; }

   private:
    StageTraits t_;
  };
  auto g = GraphBuilder(f.envelope, f.pool)
               .add_document(std::make_shared<SyntheticSource>(SyntheticSource::Options{}),
                             std::make_unique<EmptyStream>())
               .add_stage(std::make_shared<MakesRgb>())
               .add_stage(std::make_shared<InvertStage>())
               .set_sink(std::make_shared<CollectingSink>())
               .build(job);
  ASSERT_FALSE(g.is_ok());
  EXPECT_EQ(g.status().code(), StatusCode::invalid_argument);
}

// Memory stays flat whatever the job length: the peak of lent band memory is bounded by the
// token count alone, so a 200-page job lends no more at once than a 20-page job.
TEST(GraphBuilder, PeakMemoryIndependentOfJobLength) {
  auto peak_for = [](std::uint32_t pages) {
    Fixture f;
    JobContext job = make_job(pages);
    SyntheticSource::Options o{.pages = pages, .width = 512, .height = 256, .band_rows = 32};
    auto g =
        GraphBuilder(f.envelope, f.pool)
            .add_document(std::make_shared<SyntheticSource>(o), std::make_unique<EmptyStream>())
            .add_stage(std::make_shared<InvertStage>())
            .add_stage(std::make_shared<InvertStage>())
            .set_sink(std::make_shared<CollectingSink>())
            .set_max_bands_in_flight(6)
            .build(job);
    EXPECT_TRUE(g.is_ok());
    EXPECT_TRUE(g.value()->run().is_ok());
    EXPECT_EQ(job.pages(), pages);
    return f.pool.stats().peak_outstanding_bytes;
  };
  const std::size_t short_job = peak_for(20);
  const std::size_t long_job = peak_for(200);
  const std::size_t band = 512 * 32;
  // Each of the 6 tokens holds at most an input and an output band while a stage runs, and the
  // source holds one band ahead: a bound that does not depend on the job's length.
  const std::size_t bound = (2 * 6 + 1) * band;
  EXPECT_LE(short_job, bound);
  EXPECT_LE(long_job, bound);
}

}  // namespace
}  // namespace mfp::pipeline
