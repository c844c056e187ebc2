#include "stages/output/engine_feeder.h"

#include "pipeline/job_context.h"

namespace mfp::stages::output {

namespace {
// The engine is stopped (and may recover) rather than the page being bad.
bool engine_stopped(const pipeline::Status& s) noexcept {
  return s.code() == pipeline::StatusCode::resource_exhausted ||
         s.code() == pipeline::StatusCode::conflict;
}
}  // namespace

EngineFeeder::EngineFeeder(PageStore& store, pipeline::PageSink& engine, FeederOptions options)
    : store_(store), engine_(engine), options_(options), thread_([this] { run(); }) {}

EngineFeeder::~EngineFeeder() {
  store_.close();
  if (thread_.joinable()) thread_.join();
}

void EngineFeeder::run() noexcept {
  while (auto taken = store_.take()) {
    pipeline::Status s = engine_.accept(std::move(taken->page));
    while (!s.is_ok() && engine_stopped(s) && !store_.closed() && !taken->job->is_cancelled()) {
      retries_.fetch_add(1, std::memory_order_relaxed);
      std::this_thread::sleep_for(options_.retry_interval);
      auto again = store_.reread(*taken);
      if (!again) {
        s = again.status();
        break;
      }
      s = engine_.accept(std::move(again).value());
    }
    if (!s.is_ok() && taken->job->is_cancelled()) {
      // The page stopped waiting for the engine because its job was cancelled: that, not the
      // engine's last refusal, is its outcome.
      s = pipeline::make_error(pipeline::StatusCode::cancelled, "job cancelled");
    }
    if (s.is_ok()) {
      fed_.fetch_add(1, std::memory_order_relaxed);
    } else {
      failed_.fetch_add(1, std::memory_order_relaxed);
    }
    store_.page_done(*taken, s);  // releases (overwrites) the page's sealed object
  }
}

}  // namespace mfp::stages::output
