#include "pipeline/jobs/detail/job_record_writer.h"

#include <utility>

namespace mfp::pipeline::jobs::detail {

JobRecordWriter::JobRecordWriter(JobTable& table) : table_(table), thread_([this] { run(); }) {}

JobRecordWriter::~JobRecordWriter() {
  stop();
}

std::uint64_t JobRecordWriter::enqueue(JobTable::Change change) {
  std::lock_guard lock(mu_);
  writes_.push_back(std::move(change));
  cv_.notify_all();
  return ++queued_;
}

std::uint64_t JobRecordWriter::write(const JobRecord& job) {
  return enqueue({false, job});
}

std::uint64_t JobRecordWriter::remove(std::uint64_t id) {
  JobTable::Change change;
  change.remove = true;
  change.record.id = id;
  return enqueue(std::move(change));
}

std::uint64_t JobRecordWriter::queued() const {
  std::lock_guard lock(mu_);
  return queued_;
}

void JobRecordWriter::wait(std::uint64_t sequence) const {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return done_ >= sequence || stopping_; });
}

void JobRecordWriter::stop() noexcept {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void JobRecordWriter::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return !writes_.empty() || stopping_; });
    if (writes_.empty()) return;
    std::vector<JobTable::Change> batch;
    batch.swap(writes_);
    const std::uint64_t upto = queued_;
    lock.unlock();
    (void)table_.apply(batch);
    lock.lock();
    done_ = upto;
    cv_.notify_all();
  }
}

}  // namespace mfp::pipeline::jobs::detail
