#pragma once
// JobRunner: how the scheduler carries out one job type (print today; copy, scan, fax send and
// fax receive plug in next, each with its own graph). The scheduler keeps the order and the
// pipelining (the next job starts once this one's pages are all rendered), opens the job's
// sealed documents, and records the end; the runner builds and runs the type's graph.
//
// Contract of run(): returns the job's end status, after the job's end has been reported to
// the envelope and the context marked rendered (a graph does both as it ends; a runner that
// fails before any graph runs does them itself). Never throws. Runners are shared by the
// scheduler's threads: run() may be called concurrently for different jobs.

#include <memory>
#include <vector>

#include "pipeline/envelope.h"
#include "pipeline/job_context.h"
#include "pipeline/status.h"
#include "stages/print_path.h"

namespace mfp::pipeline::jobs {

class JobRunner {
 public:
  virtual ~JobRunner() = default;
  [[nodiscard]] virtual Status run(JobContext& context, Envelope& envelope,
                                   std::vector<stages::PrintDocument> documents) noexcept = 0;
};

}  // namespace mfp::pipeline::jobs
