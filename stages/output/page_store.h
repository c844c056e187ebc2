#pragma once
// PageStore: the bounded queue of finished engine pages between the pipeline and the engine
// feeder. It keeps at most `capacity` pages, so a fast RIP waits for a slow engine and memory
// stays flat for any job length; it tracks each job's pages until they are printed or failed
// so a job ends only when its last page has left the engine.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>

#include "pipeline/engine_page.h"
#include "pipeline/status.h"

namespace mfp::stages::output {

class PageStore {
 public:
  explicit PageStore(std::size_t capacity = 4) : capacity_(capacity == 0 ? 1 : capacity) {}
  PageStore(const PageStore&) = delete;
  PageStore& operator=(const PageStore&) = delete;

  // Stores a finished page, waiting while the store is full. Fails with cancelled after
  // close(); the page is then dropped (its buffers zeroed).
  [[nodiscard]] pipeline::Status put(pipeline::EnginePage page) noexcept;
  // Takes the oldest page, waiting for one; nullopt once closed and empty.
  [[nodiscard]] std::optional<pipeline::EnginePage> take() noexcept;
  // Reports the outcome of a page taken from the store; the first failure per job is kept.
  void page_done(std::uint64_t job_id, const pipeline::Status& status) noexcept;
  // Waits until every page stored for `job_id` is done and returns the job's first engine
  // failure (ok when all printed). Forgets the job afterwards.
  [[nodiscard]] pipeline::Status wait_job(std::uint64_t job_id) noexcept;
  // Drops every stored page of `job_id` (cancel): they are zeroed and counted as cancelled.
  void discard_job(std::uint64_t job_id) noexcept;
  // Stops accepting pages and wakes every waiter.
  void close() noexcept;

  [[nodiscard]] std::size_t size() const noexcept;
  [[nodiscard]] std::size_t peak_size() const noexcept;

 private:
  struct JobEntry {
    std::size_t pending = 0;
    pipeline::Status status;
  };
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::condition_variable job_done_;
  std::deque<pipeline::EnginePage> pages_;
  std::map<std::uint64_t, JobEntry> jobs_;
  std::size_t peak_ = 0;
  bool closed_ = false;
};

}  // namespace mfp::stages::output
