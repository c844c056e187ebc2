// JobRecordWriter: writes reach the table in the order they were queued (a state then its
// removal leaves nothing; the last of two states wins), wait() returns once a write is in the
// database, and stop() writes what was queued before the thread ends.

#include "pipeline/jobs/detail/job_record_writer.h"

#include <gtest/gtest.h>

#include "tests/support/test_security.h"

namespace mfp::pipeline::jobs::detail {
namespace {

JobRecord record(std::uint64_t id, JobState state) {
  JobRecord r;
  r.id = id;
  r.state = state;
  r.owner_name = "-";
  r.name = "job " + std::to_string(id);
  return r;
}

TEST(JobRecordWriter, WritesInOrderAndWaitsForTheDatabase) {
  testing::TestSecurity sec;
  auto table = JobTable::open(sec.device().database());
  ASSERT_TRUE(table.is_ok()) << table.status().message();
  JobRecordWriter writer(*table.value());
  (void)writer.write(record(1, JobState::pending));
  (void)writer.write(record(2, JobState::pending));
  (void)writer.write(record(1, JobState::completed));
  const std::uint64_t last = writer.remove(2);
  EXPECT_EQ(writer.queued(), last);
  writer.wait(last);
  auto rows = table.value()->load_all();
  ASSERT_TRUE(rows.is_ok()) << rows.status().message();
  ASSERT_EQ(rows.value().size(), 1u);
  EXPECT_EQ(rows.value().front().id, 1u);
  EXPECT_EQ(rows.value().front().state, JobState::completed);
}

TEST(JobRecordWriter, StopWritesWhatWasQueued) {
  testing::TestSecurity sec;
  auto table = JobTable::open(sec.device().database());
  ASSERT_TRUE(table.is_ok());
  {
    JobRecordWriter writer(*table.value());
    for (std::uint64_t id = 1; id <= 50; ++id)
      (void)writer.write(record(id, JobState::pending_held));
    writer.stop();
    writer.stop();  // idempotent
  }
  auto rows = table.value()->load_all();
  ASSERT_TRUE(rows.is_ok());
  EXPECT_EQ(rows.value().size(), 50u);
}

}  // namespace
}  // namespace mfp::pipeline::jobs::detail
