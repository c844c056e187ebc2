#pragma once
// Envelope: the security envelope every stage runs inside (DESIGN.md section 4). The interface
// lives here so the graph builder can require one; security/envelope implements it.

#include <string_view>

#include "pipeline/band.h"
#include "pipeline/job_context.h"
#include "pipeline/page_geometry.h"
#include "pipeline/status.h"

namespace mfp::pipeline {

// All methods are thread-safe and never throw.
class Envelope {
 public:
  virtual ~Envelope() = default;
  // Admits a band into a stage: ok only if the band's owner tag is the job's and the job is
  // live. A band refused here is dropped (zeroed) and the returned status fails the job.
  [[nodiscard]] virtual Status admit(const JobContext& job, const Band& band) noexcept = 0;
  // A page has been fully consumed by the job's sink.
  virtual void page_completed(const JobContext& job, const PageGeometry& page) noexcept = 0;
  // The job's graph has finished; `status` is its final status (ok, cancelled or the failure).
  virtual void job_finished(const JobContext& job, const Status& status) noexcept = 0;
};

}  // namespace mfp::pipeline
