#include "pipeline/jobs/print_job_runner.h"

namespace mfp::pipeline::jobs {

Status PrintJobRunner::run(JobContext& context, Envelope& envelope,
                           std::vector<stages::PrintDocument> documents) noexcept {
  try {
    StageConfig config{context.options(), engine_profile_path_};
    auto graph = stages::build_print_graph(registry_, config, envelope, pool_, context,
                                           std::move(documents), sink_);
    if (graph) return graph.value()->run();
    envelope.job_finished(context, graph.status());
    context.mark_rendered();
    return graph.status();
  } catch (...) {
    Status status = current_exception_status("print job");
    envelope.job_finished(context, status);
    context.mark_rendered();
    return status;
  }
}

}  // namespace mfp::pipeline::jobs
