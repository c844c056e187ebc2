#pragma once
// JobRecordWriter: JobManager's ordered record writer. Job state changes are decided under the
// manager's lock and written here by one thread, in order, batched into one transaction, so no
// job operation holds that lock across an fsync. Where a state must be durable before the
// device acts on it (a submission accepted, a job about to print), the caller waits for its
// write with wait().
//
// A failed batch leaves the in-memory state authoritative for this run; the next start
// recovers from the last state that did reach the database. Thread-safe. Borrows the table,
// which must outlive the writer; the destructor stops it after writing what was queued.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "pipeline/jobs/job_record.h"
#include "pipeline/jobs/job_table.h"

namespace mfp::pipeline::jobs::detail {

class JobRecordWriter {
 public:
  explicit JobRecordWriter(JobTable& table);
  JobRecordWriter(const JobRecordWriter&) = delete;
  JobRecordWriter& operator=(const JobRecordWriter&) = delete;
  ~JobRecordWriter();

  // Queues the record's current state (or its removal) and returns the write's sequence.
  std::uint64_t write(const JobRecord& job);
  std::uint64_t remove(std::uint64_t id);
  // The sequence of the last write queued.
  [[nodiscard]] std::uint64_t queued() const;
  // Blocks until every write up to `sequence` has reached the database, or the writer is
  // stopping.
  void wait(std::uint64_t sequence) const;
  // Writes everything queued, then ends the thread. Idempotent.
  void stop() noexcept;

 private:
  std::uint64_t enqueue(JobTable::Change change);
  void run();

  JobTable& table_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<JobTable::Change> writes_;  // guarded by mu_
  std::uint64_t queued_ = 0;              // guarded by mu_
  std::uint64_t done_ = 0;                // guarded by mu_
  bool stopping_ = false;                 // guarded by mu_
  std::thread thread_;
};

}  // namespace mfp::pipeline::jobs::detail
