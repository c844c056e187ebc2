#include "stages/output/engine_feeder.h"

namespace mfp::stages::output {

EngineFeeder::EngineFeeder(PageStore& store, pipeline::PageSink& engine)
    : store_(store), engine_(engine), thread_([this] { run(); }) {}

EngineFeeder::~EngineFeeder() {
  store_.close();
  if (thread_.joinable()) thread_.join();
}

void EngineFeeder::run() noexcept {
  while (auto page = store_.take()) {
    const std::uint64_t job = page->owner.job_id;
    pipeline::Status s = engine_.accept(std::move(*page));
    if (s.is_ok()) {
      fed_.fetch_add(1, std::memory_order_relaxed);
    } else {
      failed_.fetch_add(1, std::memory_order_relaxed);
    }
    store_.page_done(job, s);
  }
}

}  // namespace mfp::stages::output
