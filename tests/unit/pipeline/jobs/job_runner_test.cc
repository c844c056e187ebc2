// One runner per job type: the scheduler hands a job to its type's runner (a test double for
// copy here, as the copy issue's runner will be), with its opened documents; a job of a type
// without a runner ends aborted; print keeps the print path's runner.

#include "pipeline/jobs/job_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>

#include "tests/support/device_fixture.h"

namespace mfp::pipeline::jobs {
namespace {

using namespace std::chrono_literals;
using testing::DeviceFixture;

// Reads every document to its end and ends the job as a graph would.
class RecordingRunner final : public JobRunner {
 public:
  Status run(JobContext& context, Envelope& envelope,
             std::vector<stages::PrintDocument> documents) noexcept override {
    std::size_t bytes = 0;
    for (auto& d : documents) {
      std::vector<std::uint8_t> buf(4096);
      for (;;) {
        auto n = d.stream->read(buf);
        if (!n || n.value() == 0) break;
        bytes += n.value();
      }
    }
    {
      std::lock_guard lock(mu);
      jobs.push_back(context.id());
      documents_seen += documents.size();
      bytes_read += bytes;
    }
    envelope.job_finished(context, Status::ok());
    context.mark_rendered();
    return Status::ok();
  }
  std::mutex mu;
  std::vector<std::uint64_t> jobs;
  std::size_t documents_seen = 0;
  std::size_t bytes_read = 0;
};

JobInfo wait_done(DeviceFixture& f, std::uint64_t id) {
  for (int i = 0; i < 600; ++i) {
    auto info = f.jobs().get(DeviceFixture::key_operator(), id);
    if (info &&
        (info.value().state == JobState::completed || info.value().state == JobState::aborted ||
         info.value().state == JobState::canceled)) {
      return info.value();
    }
    std::this_thread::sleep_for(50ms);
  }
  ADD_FAILURE() << "job " << id << " did not end";
  return {};
}

std::uint64_t submit_released(DeviceFixture& f, JobType type) {
  auto request = f.request(f.alice(), 2);
  request.type = type;
  auto id = f.jobs().submit(std::move(request));
  EXPECT_TRUE(id.is_ok()) << id.status().message();
  if (!id.is_ok()) return 0;
  // Private Charge Print (the secure configuration) holds it for its owner.
  (void)f.jobs().release(f.alice(), id.value());
  return id.value();
}

TEST(JobRunner, AJobGoesToItsTypesRunner) {
  DeviceFixture f;
  auto copy = std::make_shared<RecordingRunner>();
  JobManagerOptions options;
  options.runners[JobType::copy] = copy;
  f.reopen(options);
  const std::uint64_t id = submit_released(f, JobType::copy);
  EXPECT_EQ(wait_done(f, id).state, JobState::completed);
  std::lock_guard lock(copy->mu);
  ASSERT_EQ(copy->jobs.size(), 1u);
  EXPECT_EQ(copy->jobs.front(), id);
  EXPECT_EQ(copy->documents_seen, 1u);
  EXPECT_GT(copy->bytes_read, 0u);  // the sealed document, opened for the runner
  // Nothing reached the engine: the copy runner did not print.
  EXPECT_TRUE(f.simulator().output_tray().records().empty());
}

TEST(JobRunner, ATypeWithoutARunnerIsAbortedAndPrintStillPrints) {
  DeviceFixture f;
  const std::uint64_t scan = submit_released(f, JobType::scan);
  const JobInfo ended = wait_done(f, scan);
  EXPECT_EQ(ended.state, JobState::aborted);
  EXPECT_NE(ended.message.find("no runner"), std::string::npos) << ended.message;
  const std::uint64_t print = submit_released(f, JobType::print);
  EXPECT_EQ(wait_done(f, print).state, JobState::completed);
  EXPECT_EQ(f.simulator().output_tray().records().size(), 2u);  // two pages
}

}  // namespace
}  // namespace mfp::pipeline::jobs
