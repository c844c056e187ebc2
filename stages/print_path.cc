#include "stages/print_path.h"

namespace mfp::stages {

pipeline::Result<std::unique_ptr<pipeline::JobGraph>> build_print_graph(
    const pipeline::StageRegistry& registry, const pipeline::StageConfig& config,
    pipeline::Envelope& envelope, pipeline::BufferPool& pool, pipeline::JobContext& job,
    std::vector<PrintDocument> documents, std::shared_ptr<const pipeline::Sink> sink) {
  pipeline::GraphBuilder builder(envelope, pool);
  // Imposed sheets are painted by the render stage, whatever the documents' sources.
  bool deferred = job.options().layout.active();
  for (auto& doc : documents) {
    MFP_ASSIGN_OR_RETURN(auto source, registry.make_source(doc.format, config));
    deferred = deferred || source->traits().emits_deferred;
    builder.add_document(std::move(source), std::move(doc.stream));
  }
  if (deferred) {
    MFP_ASSIGN_OR_RETURN(auto render, registry.make_stage("render", config));
    builder.add_stage(std::move(render));
  }
  for (const char* name : {"color", "halftone", "compress"}) {
    MFP_ASSIGN_OR_RETURN(auto stage, registry.make_stage(name, config));
    builder.add_stage(std::move(stage));
  }
  builder.set_sink(std::move(sink));
  return builder.build(job);
}

}  // namespace mfp::stages
