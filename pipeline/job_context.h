#pragma once
// JobContext: the per-job mutable state a graph runs under: identity, cancellation, status.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

#include "pipeline/job_options.h"
#include "pipeline/owner_tag.h"
#include "pipeline/status.h"

namespace mfp::pipeline {

// Thread-safe. The first failure recorded wins and is the job's status; cancel() makes every
// later band of the job be dropped (its buffer zeroed) without touching other jobs.
class JobContext {
 public:
  // `user` is the owner's user ID as the audit log shows it ("-" when unauthenticated).
  JobContext(OwnerTag owner, JobType type, std::string name, JobOptions options,
             std::string user = "-")
      : owner_(owner),
        type_(type),
        name_(std::move(name)),
        options_(std::move(options)),
        user_(std::move(user)) {}
  JobContext(const JobContext&) = delete;
  JobContext& operator=(const JobContext&) = delete;

  [[nodiscard]] const OwnerTag& owner() const noexcept { return owner_; }
  [[nodiscard]] std::uint64_t id() const noexcept { return owner_.job_id; }
  [[nodiscard]] JobType type() const noexcept { return type_; }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const JobOptions& options() const noexcept { return options_; }
  [[nodiscard]] const std::string& user() const noexcept { return user_; }

  void cancel() noexcept { cancelled_.store(true, std::memory_order_release); }
  [[nodiscard]] bool is_cancelled() const noexcept {
    return cancelled_.load(std::memory_order_acquire);
  }
  // Records a failure; the first one is kept.
  void fail(Status status) noexcept;
  [[nodiscard]] Status status() const;
  // True while the job is neither cancelled nor failed.
  [[nodiscard]] bool live() const noexcept {
    return !is_cancelled() && !failed_.load(std::memory_order_acquire);
  }

  void count_page() noexcept { pages_.fetch_add(1, std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t pages() const noexcept {
    return pages_.load(std::memory_order_relaxed);
  }

  // Marks that no band of the job is left in its graph: the sink has consumed (or dropped)
  // them all, and only the sink's wait for the engine remains. The graph calls it on every
  // exit of run(); the job scheduler waits for it to start the next job's RIP while this job
  // prints, which keeps each job's pages contiguous at the engine.
  void mark_rendered() noexcept;
  // Blocks until mark_rendered() has been called.
  void wait_rendered() const noexcept;
  [[nodiscard]] bool rendered() const noexcept;

 private:
  const OwnerTag owner_;
  const JobType type_;
  const std::string name_;
  const JobOptions options_;
  const std::string user_;
  std::atomic<bool> cancelled_{false};
  std::atomic<bool> failed_{false};
  std::atomic<std::uint64_t> pages_{0};
  mutable std::mutex mu_;
  Status status_;
  mutable std::condition_variable rendered_cv_;
  bool rendered_ = false;  // guarded by mu_
};

}  // namespace mfp::pipeline
