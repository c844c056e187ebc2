#pragma once
// The print path recipe (DESIGN.md section 3): RIP -> [render] -> color -> halftone -> compress ->
// sink (the render stage only when a document's RIP defers its bands, as the PDF RIP does),
// built through the one graph builder for one job's documents.

#include <memory>
#include <string>
#include <vector>

#include "pipeline/envelope.h"
#include "pipeline/graph_builder.h"
#include "pipeline/stage_registry.h"

namespace mfp::stages {

struct PrintDocument {
  std::string format;  // MIME type, as the registry knows sources
  std::unique_ptr<pipeline::DocumentStream> stream;
};

// Builds the print graph for `job`. Stages are made by the registry from `config` (so the color
// transform is shared across jobs and the halftone screens are built once per job, each shared
// by the job's threads). Fails with
// unsupported for a document format without a RIP, or with a factory's status.
[[nodiscard]] pipeline::Result<std::unique_ptr<pipeline::JobGraph>> build_print_graph(
    const pipeline::StageRegistry& registry, const pipeline::StageConfig& config,
    pipeline::Envelope& envelope, pipeline::BufferPool& pool, pipeline::JobContext& job,
    std::vector<PrintDocument> documents, std::shared_ptr<const pipeline::Sink> sink);

}  // namespace mfp::stages
