// Fault codes: DeviceFaults keeps the guide's codes the device raised (again: counted), and a
// job that an internal error ended raises 016-210 ("An error occurred in the software") in the
// device status until the device restarts; a job refused for its own bad data raises nothing.

#include "pipeline/device/device_faults.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "engine_hw/sim/manual_clock.h"
#include "pipeline/device/device_services.h"
#include "pipeline/jobs/job_runner.h"
#include "tests/support/device_fixture.h"

namespace mfp::pipeline::device {
namespace {

using namespace std::chrono_literals;

TEST(DeviceFaults, RaisesKnownCodesOnceAndCountsRepeats) {
  engine_hw::sim::ManualClock clock;
  DeviceFaults faults(clock);
  EXPECT_FALSE(faults.raise("999-999", "unknown"));
  EXPECT_TRUE(faults.active().empty());
  EXPECT_TRUE(faults.raise(kSoftwareError, "first"));
  clock.advance(5s);
  EXPECT_FALSE(faults.raise(kSoftwareError, "second"));
  const auto active = faults.active();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].code->code, "016-210");
  EXPECT_EQ(active[0].code->cause, "An error occurred in the software.");
  EXPECT_EQ(active[0].count, 2u);
  EXPECT_EQ(active[0].detail, "second");
  EXPECT_EQ(active[0].since, engine_hw::sim::ManualClock().wall_now());  // the first time
  EXPECT_TRUE(faults.clear(kSoftwareError));
  EXPECT_FALSE(faults.clear(kSoftwareError));
  EXPECT_TRUE(faults.active().empty());
}

TEST(FaultCodes, TableRowsAreWellFormed) {
  for (const FaultCode& f : fault_codes()) {
    ASSERT_EQ(f.code.size(), 7u) << f.code;  // "NNN-NNN"
    EXPECT_EQ(f.code[3], '-') << f.code;
    EXPECT_FALSE(f.cause.empty()) << f.code;
    EXPECT_FALSE(f.remedy.empty()) << f.code;
    EXPECT_EQ(find_fault_code(f.code), &f);
  }
  EXPECT_EQ(find_fault_code("016-999"), nullptr);
}

// Ends each job with `status`, as a graph that failed would.
class FailingRunner final : public jobs::JobRunner {
 public:
  explicit FailingRunner(Status status) : status_(std::move(status)) {}
  Status run(JobContext& context, Envelope& envelope,
             std::vector<stages::PrintDocument> /*documents*/) noexcept override {
    envelope.job_finished(context, status_);
    context.mark_rendered();
    return status_;
  }

 private:
  Status status_;
};

// Submits a released copy job (the failing runner's type) and waits for its end.
void run_copy_job(testing::DeviceFixture& f) {
  auto request = f.request(f.alice());
  request.type = JobType::copy;
  auto id = f.jobs().submit(std::move(request));
  ASSERT_TRUE(id.is_ok()) << id.status().message();
  (void)f.jobs().release(f.alice(), id.value());
  for (int i = 0; i < 400; ++i) {
    auto info = f.jobs().get(testing::DeviceFixture::key_operator(), id.value());
    if (info && info.value().state == jobs::JobState::aborted) return;
    std::this_thread::sleep_for(25ms);
  }
  FAIL() << "job " << id.value() << " did not end aborted";
}

std::vector<ActiveFault> status_faults(testing::DeviceFixture& f) {
  DeviceServices services(f.core());
  const Caller ko{testing::DeviceFixture::key_operator(), Interface::local, "local"};
  auto s = services.status().status(ko);
  EXPECT_TRUE(s.is_ok());
  return s.is_ok() ? s.value().faults : std::vector<ActiveFault>{};
}

TEST(DeviceFaults, AJobEndedByAnInternalErrorRaises016210UntilRestart) {
  testing::DeviceFixture f;
  jobs::JobManagerOptions options;
  options.runners[JobType::copy] =
      std::make_shared<FailingRunner>(Status(StatusCode::internal, "graph node threw"));
  f.reopen(options);
  run_copy_job(f);
  run_copy_job(f);
  auto faults = status_faults(f);
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(faults[0].code->code, kSoftwareError);
  EXPECT_EQ(faults[0].count, 2u);
  EXPECT_NE(faults[0].detail.find("graph node threw"), std::string::npos);

  f.core().shutdown();
  f.reopen(options);  // the guide's remedy: switch the device off and on
  EXPECT_TRUE(status_faults(f).empty());
}

TEST(DeviceFaults, AJobRefusedForItsOwnDataRaisesNothing) {
  testing::DeviceFixture f;
  jobs::JobManagerOptions options;
  options.runners[JobType::copy] =
      std::make_shared<FailingRunner>(Status(StatusCode::malformed_data, "not a PDF"));
  f.reopen(options);
  run_copy_job(f);
  EXPECT_TRUE(status_faults(f).empty());
}

}  // namespace
}  // namespace mfp::pipeline::device
