#pragma once
// GraphBuilder: the only code that makes oneTBB flow-graph nodes. It assembles one job's graph
// (sources -> stages -> sink), wraps every stage in the security envelope, bounds bands in
// flight with a limiter, restores band order with sequencers where order matters, and turns
// any failure (exceptions included) into that job's status without touching other jobs.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/buffer_pool.h"
#include "pipeline/envelope.h"
#include "pipeline/job_context.h"
#include "pipeline/stage.h"
#include "pipeline/status.h"

namespace mfp::pipeline {

// Time and work spent in one node of a finished (or running) graph.
struct StageStats {
  std::string name;
  std::uint64_t nanoseconds = 0;  // summed over all threads
  std::uint64_t pixels = 0;
  std::uint64_t bands = 0;
};

namespace detail {
class JobGraphImpl;
}

// One job's built graph. Not copyable; run() once.
class JobGraph {
 public:
  explicit JobGraph(std::unique_ptr<detail::JobGraphImpl> impl);
  JobGraph(const JobGraph&) = delete;
  JobGraph& operator=(const JobGraph&) = delete;
  ~JobGraph();

  // Runs the job to its end on the shared oneTBB arena and returns its final status (ok,
  // cancelled, or the first failure). Blocks the caller; other jobs may run concurrently.
  [[nodiscard]] Status run() noexcept;
  // Per-node statistics in graph order: the sources first (as one entry), then each stage,
  // then the sink.
  [[nodiscard]] std::vector<StageStats> stats() const;
  // The largest number of bands that were in flight at once: at most the token count plus the
  // one band the source has decoded ahead while it waits for a token.
  [[nodiscard]] std::size_t peak_bands_in_flight() const noexcept;

 private:
  std::unique_ptr<detail::JobGraphImpl> impl_;
};

// Collects a job's documents, stages and sink, then builds its graph. The envelope and pool
// must outlive every graph built.
class GraphBuilder {
 public:
  GraphBuilder(Envelope& envelope, BufferPool& pool) noexcept;

  // Documents are decoded in the order added, by their source; the builder owns the stream.
  GraphBuilder& add_document(std::shared_ptr<const Source> source,
                             std::unique_ptr<DocumentStream> stream);
  GraphBuilder& add_stage(std::shared_ptr<const Stage> stage);
  GraphBuilder& set_sink(std::shared_ptr<const Sink> sink);
  // Bands in flight between source and sink (default: 3 per hardware thread, at least 4).
  GraphBuilder& set_max_bands_in_flight(std::size_t tokens);

  // Builds the graph for `job`, which must outlive it. Fails with invalid_argument when a
  // piece is missing or two adjacent stages disagree on formats. Consumes the builder's
  // documents: build() once.
  [[nodiscard]] Result<std::unique_ptr<JobGraph>> build(JobContext& job);

 private:
  Envelope& envelope_;
  BufferPool& pool_;
  std::vector<std::pair<std::shared_ptr<const Source>, std::unique_ptr<DocumentStream>>> docs_;
  std::vector<std::shared_ptr<const Stage>> stages_;
  std::shared_ptr<const Sink> sink_;
  std::size_t tokens_ = 0;
};

}  // namespace mfp::pipeline
