#pragma once
// PageStore: finished engine pages waiting for the engine, sealed. Each page is written through
// the security envelope as an object of its job (so a page never sits in storage in
// plaintext), read back for the engine, and released (overwritten) once printed. It holds at
// most `capacity` pages, so a fast RIP waits for a slow engine and memory stays flat for any
// job length (storage too, except that a job with several copies keeps its sealed pages until
// its last copy is queued); it tracks each job's pages so a job ends only when its last page has
// left the engine.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "pipeline/buffer_pool.h"
#include "pipeline/engine_page.h"
#include "pipeline/envelope.h"
#include "pipeline/job_context.h"
#include "pipeline/status.h"

namespace mfp::stages::output {

// A page taken from the store for the engine, with what is needed to read it again, report it
// and release it.
struct TakenPage {
  pipeline::EnginePage page;
  pipeline::ObjectRef ref;
  std::shared_ptr<const pipeline::PageGeometry> geometry;
  pipeline::PixelFormat format = pipeline::PixelFormat::cmyk1_planar;
  const pipeline::JobContext* job = nullptr;
  bool kept = false;  // another copy prints it again: not released when done
};

class PageStore {
 public:
  // `envelope` and `pool` must outlive the store.
  PageStore(pipeline::Envelope& envelope, pipeline::BufferPool& pool, std::size_t capacity = 4)
      : envelope_(envelope), pool_(pool), capacity_(capacity == 0 ? 1 : capacity) {}
  PageStore(const PageStore&) = delete;
  PageStore& operator=(const PageStore&) = delete;
  ~PageStore();

  // Seals a finished page of `job` into storage and queues it, waiting while the store is
  // full. The page's buffers are zeroed as it is consumed. Fails with cancelled after close().
  // With `keep`, the sealed page also stays for repeat_job() after it prints (copies).
  [[nodiscard]] pipeline::Status put(const pipeline::JobContext& job, pipeline::EnginePage page,
                                     bool keep = false) noexcept;
  // Queues the kept pages of `job` again, in the order they were put, as copy `copy` (1-based
  // beyond the first, stamped on each page so the engine starts the copy on a new sheet),
  // waiting while the store is full. With `last`, the pages are released as they print (and
  // any still queued when the job is discarded). Returns the pages queued; fails with cancelled
  // after close(), once the job was discarded or once a page of it failed at the engine.
  [[nodiscard]] pipeline::Result<std::uint64_t> repeat_job(const pipeline::JobContext& job,
                                                           std::uint32_t copy, bool last) noexcept;
  // Takes the oldest page, waiting for one, and reads it back from sealed storage; nullopt once
  // closed and empty. A page that cannot be read back is reported done with its error and
  // skipped.
  [[nodiscard]] std::optional<TakenPage> take() noexcept;
  // Reads a taken page again from its sealed object (the engine refused it while stopped and
  // the feeder offers it again).
  [[nodiscard]] pipeline::Result<pipeline::EnginePage> reread(const TakenPage& page) noexcept;
  // Reports the outcome of a taken page and releases its object; the first failure per job is
  // kept.
  void page_done(const TakenPage& page, const pipeline::Status& status) noexcept;
  // Waits until every page stored for `job_id` is done and returns the job's first engine
  // failure (ok when all printed). Forgets the job afterwards.
  [[nodiscard]] pipeline::Status wait_job(std::uint64_t job_id) noexcept;
  // Drops every queued page of `job_id` (cancel or failure): their objects are released.
  void discard_job(std::uint64_t job_id) noexcept;
  // Stops accepting pages and wakes every waiter; queued pages are released.
  void close() noexcept;

  [[nodiscard]] bool closed() const noexcept;
  [[nodiscard]] std::size_t size() const noexcept;
  [[nodiscard]] std::size_t peak_size() const noexcept;

 private:
  struct Entry {
    pipeline::ObjectRef ref;
    std::shared_ptr<const pipeline::PageGeometry> page;
    pipeline::PixelFormat format = pipeline::PixelFormat::cmyk1_planar;
    const pipeline::JobContext* job = nullptr;
    bool kept = false;
  };
  struct JobEntry {
    std::size_t pending = 0;
    pipeline::Status status;
    std::vector<Entry> kept;  // sealed pages printed again by repeat_job(), in order
    bool discarded = false;
    std::size_t releasing = 0;  // discard_job() calls still releasing this job's pages
  };
  // Releases a job's kept pages (the caller holds no lock).
  void release_kept(const std::vector<Entry>& kept) noexcept;
  [[nodiscard]] pipeline::Result<pipeline::ObjectRef> seal(
      const pipeline::JobContext& job, const pipeline::EnginePage& page) noexcept;
  [[nodiscard]] pipeline::Result<pipeline::EnginePage> unseal(const Entry& entry) noexcept;
  void finish_locked(std::uint64_t job_id, const pipeline::Status& status);

  pipeline::Envelope& envelope_;
  pipeline::BufferPool& pool_;
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::condition_variable job_done_;
  std::deque<Entry> pages_;
  std::size_t reserved_ = 0;  // slots promised to put() calls that are still sealing
  std::map<std::uint64_t, JobEntry> jobs_;
  std::size_t peak_ = 0;
  bool closed_ = false;
};

}  // namespace mfp::stages::output
