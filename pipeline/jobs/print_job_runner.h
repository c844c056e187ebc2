#pragma once
// PrintJobRunner: the print job type's runner: the job's documents through the print graph
// (stages/print_path.h) into the page store the engine feeder prints from. Borrows the print
// path's registry, pool and page sink (owned by the device core), which must outlive it.

#include <memory>
#include <string>
#include <vector>

#include "pipeline/buffer_pool.h"
#include "pipeline/jobs/job_runner.h"
#include "pipeline/stage.h"
#include "pipeline/stage_registry.h"

namespace mfp::pipeline::jobs {

class PrintJobRunner final : public JobRunner {
 public:
  PrintJobRunner(const StageRegistry& registry, BufferPool& pool, std::shared_ptr<const Sink> sink,
                 std::string engine_profile_path)
      : registry_(registry),
        pool_(pool),
        sink_(std::move(sink)),
        engine_profile_path_(std::move(engine_profile_path)) {}

  [[nodiscard]] Status run(JobContext& context, Envelope& envelope,
                           std::vector<stages::PrintDocument> documents) noexcept override;

 private:
  const StageRegistry& registry_;
  BufferPool& pool_;
  std::shared_ptr<const Sink> sink_;
  std::string engine_profile_path_;
};

}  // namespace mfp::pipeline::jobs
