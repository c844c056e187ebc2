#pragma once
// The stage contract (DESIGN.md section 3): sources make bands from a document, stages transform
// bands, sinks consume them in order. All three are immutable once built and shared across
// threads and jobs; mutable state lives in the per-thread or per-job state objects they create.
// None of them may throw: every failure is returned as a Status. The virtuals are not declared
// noexcept only so that the graph builder can contain a stage that breaks this rule (an
// exception becomes the job's `internal` status instead of terminating the device);
// implementations should declare their overrides noexcept. None of them knows of keys,
// audit or ownership; the graph builder wraps each in the security envelope.

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "pipeline/band.h"
#include "pipeline/buffer_pool.h"
#include "pipeline/job_options.h"
#include "pipeline/owner_tag.h"
#include "pipeline/pixel_format.h"
#include "pipeline/status.h"

namespace mfp::pipeline {

class JobContext;

// How the graph builder may schedule a stage.
enum class Concurrency : std::uint8_t {
  parallel,  // any band on any thread, out of order
  serial,    // one band at a time, any order
  ordered,   // one band at a time, in page/band order (the builder inserts a sequencer)
};

struct StageTraits {
  std::string name;                   // short, stable: "color", "halftone", "rip-pwg"
  FormatSet inputs;                   // formats process() accepts
  std::optional<PixelFormat> output;  // nullopt: same format as the input
  Concurrency concurrency = Concurrency::parallel;
  // True only for the render stage: the one stage that accepts deferred bands. Every other
  // stage and sink refuses them (a graph without a render stage fails the job, never passes
  // unpainted memory on).
  bool renders_deferred = false;
  // True for sources that emit deferred bands: the print path then puts the render stage first.
  bool emits_deferred = false;
  // True for sources that honour JobOptions::page_ranges themselves (skipping unselected pages
  // without decoding them); the graph builder filters every other source's pages.
  bool selects_pages = false;
  // True for parallel stages whose rows are independent and that implement
  // Stage::process_rows(). The graph builder runs two such stages in a row as one node, a few
  // rows at a time, so the intermediate band never exists whole (it stays in the cache).
  bool row_fusable = false;
};

// Per-thread (parallel stages) or per-job (serial/ordered stages) scratch state.
class StageState {
 public:
  virtual ~StageState() = default;
};

// A band-to-band transform.
class Stage {
 public:
  virtual ~Stage() = default;
  [[nodiscard]] virtual const StageTraits& traits() const noexcept = 0;
  // Creates scratch state for one thread; nullptr when the stage needs none.
  [[nodiscard]] virtual std::unique_ptr<StageState> make_state() const { return nullptr; }
  // Transforms one band. `in` is consumed (its buffer is zeroed when dropped); the result is a
  // band of the same page, index and owner. `state` is what make_state() returned.
  [[nodiscard]] virtual Result<Band> process(Band in, StageState* state,
                                             BufferPool& pool) const = 0;
  // For row_fusable stages: transforms rows [in_row, in_row + rows) of the raw band `in` into
  // rows [out_row, out_row + rows) of `out`, a raw band of the stage's output format and the
  // same page that starts zeroed; other rows of `out` are left alone. Same result as process()
  // on those rows. Default: unsupported.
  [[nodiscard]] virtual Status process_rows(const Band& in, std::uint32_t in_row,
                                            std::uint32_t rows, Band& out, std::uint32_t out_row,
                                            StageState* state) const;
};

// Read-only bytes of one document, pulled by a source.
class DocumentStream {
 public:
  virtual ~DocumentStream() = default;
  // Reads up to out.size() bytes; returns 0 at the end of the document.
  [[nodiscard]] virtual Result<std::size_t> read(std::span<std::uint8_t> out) = 0;
};

// What a source needs to know about the document it opens.
struct SourceContext {
  OwnerTag owner;
  JobOptions options;
  std::uint32_t document = 0;    // index of the document within the job
  std::uint32_t first_page = 0;  // job-wide index of the document's first page
};

// Per-document decoding state of a source.
class SourceState {
 public:
  virtual ~SourceState() = default;
  // Produces the next band of the document in page/band order, or nullopt at its end.
  // Bands carry the context's owner, a shared PageGeometry per page, and last_in_page.
  [[nodiscard]] virtual Result<std::optional<Band>> next(BufferPool& pool) = 0;
};

// A RIP: turns a document's bytes into bands. Runs serially per document.
class Source {
 public:
  virtual ~Source() = default;
  [[nodiscard]] virtual const StageTraits& traits() const noexcept = 0;
  // Reads and validates the document's header; decoding happens in next().
  [[nodiscard]] virtual Result<std::unique_ptr<SourceState>> open(
      DocumentStream& in, const SourceContext& context) const = 0;
};

// Per-job state of a sink: receives the job's bands in order.
class SinkState {
 public:
  virtual ~SinkState() = default;
  [[nodiscard]] virtual Status consume(Band band) = 0;
  // Called once after the last band, before the job counts as rendered (the device then starts
  // RIPping the next job): output that must go out before any later job's is sent here (the
  // engine output queues a job's further copies). A failure fails the job. Default: nothing.
  [[nodiscard]] virtual Status complete(const Status& /*job_status*/) { return Status::ok(); }
  // Called once after complete(). `job_status` is not ok when the job failed or was
  // cancelled: the sink must then discard (and zero) any incomplete output.
  [[nodiscard]] virtual Status finish(const Status& job_status) = 0;
};

// The end of a graph (page store, engine feeder, file writer).
class Sink {
 public:
  virtual ~Sink() = default;
  [[nodiscard]] virtual const StageTraits& traits() const noexcept = 0;
  [[nodiscard]] virtual Result<std::unique_ptr<SinkState>> open(JobContext& job) const = 0;
};

}  // namespace mfp::pipeline
