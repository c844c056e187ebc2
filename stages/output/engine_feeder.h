#pragma once
// EngineFeeder: the thread that takes finished pages from the PageStore and hands them to the
// print engine in order, reporting each page's outcome back to the store. It runs apart from
// the oneTBB workers so a rated-speed engine never blocks the RIP. When the engine refuses a
// page because it is stopped (out of paper or toner: resource_exhausted; jammed or open:
// conflict), the feeder keeps the page and offers it again, read anew from its sealed object,
// until it prints, its job is cancelled or the store closes — as a device waits for its
// operator. Any other refusal fails the page at once.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include "pipeline/engine_page.h"
#include "stages/output/page_store.h"

namespace mfp::stages::output {

struct FeederOptions {
  // How long the feeder waits before offering a refused page again.
  std::chrono::milliseconds retry_interval{200};
};

class EngineFeeder {
 public:
  // Starts feeding at once. `store` and `engine` must outlive the feeder.
  EngineFeeder(PageStore& store, pipeline::PageSink& engine, FeederOptions options = {});
  EngineFeeder(const EngineFeeder&) = delete;
  EngineFeeder& operator=(const EngineFeeder&) = delete;
  // Closes the store and joins the thread.
  ~EngineFeeder();

  [[nodiscard]] std::uint64_t pages_fed() const noexcept { return fed_.load(); }
  [[nodiscard]] std::uint64_t pages_failed() const noexcept { return failed_.load(); }
  // Times a page was refused while the engine was stopped and offered again later.
  [[nodiscard]] std::uint64_t retries() const noexcept { return retries_.load(); }

 private:
  void run() noexcept;

  PageStore& store_;
  pipeline::PageSink& engine_;
  const FeederOptions options_;
  std::atomic<std::uint64_t> fed_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::atomic<std::uint64_t> retries_{0};
  std::thread thread_;
};

}  // namespace mfp::stages::output
