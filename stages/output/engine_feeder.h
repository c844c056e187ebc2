#pragma once
// EngineFeeder: the thread that takes finished pages from the PageStore and hands them to the
// print engine in order, reporting each page's outcome back to the store. It runs apart from
// the oneTBB workers so a rated-speed engine never blocks the RIP.

#include <atomic>
#include <cstdint>
#include <thread>

#include "pipeline/engine_page.h"
#include "stages/output/page_store.h"

namespace mfp::stages::output {

class EngineFeeder {
 public:
  // Starts feeding at once. `store` and `engine` must outlive the feeder.
  EngineFeeder(PageStore& store, pipeline::PageSink& engine);
  EngineFeeder(const EngineFeeder&) = delete;
  EngineFeeder& operator=(const EngineFeeder&) = delete;
  // Closes the store and joins the thread; pages still stored are dropped (zeroed).
  ~EngineFeeder();

  [[nodiscard]] std::uint64_t pages_fed() const noexcept { return fed_.load(); }
  [[nodiscard]] std::uint64_t pages_failed() const noexcept { return failed_.load(); }

 private:
  void run() noexcept;

  PageStore& store_;
  pipeline::PageSink& engine_;
  std::atomic<std::uint64_t> fed_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::thread thread_;
};

}  // namespace mfp::stages::output
