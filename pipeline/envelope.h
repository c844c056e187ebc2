#pragma once
// Envelope: the security envelope every stage runs inside (DESIGN.md section 4). The interface
// lives here so the graph builder can require one; security/envelope implements it.

#include <memory>
#include <string_view>

#include "pipeline/band.h"
#include "pipeline/job_context.h"
#include "pipeline/object_storage.h"
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
  // Every object still registered with the job is released (overwritten) now, whatever way
  // the job ended.
  virtual void job_finished(const JobContext& job, const Status& status) noexcept = 0;

  // Creates a sealed object owned by `job` ("page", "document", ...). It is registered with the
  // job and released when the job finishes unless released before. Nothing written reaches
  // storage in plaintext.
  [[nodiscard]] virtual Result<std::unique_ptr<ObjectWriter>> create_object(
      const JobContext& job, std::string_view kind,
      Persistence persistence = Persistence::durable) noexcept = 0;
  // Opens one of the job's committed objects: permission_denied for an object of another owner
  // or job, integrity_error when it was tampered with.
  [[nodiscard]] virtual Result<std::unique_ptr<ObjectReader>> open_object(
      const JobContext& job, const ObjectRef& ref) noexcept = 0;
  // Releases an object now: its key is destroyed and its bytes overwritten (per the Overwrite
  // Storage setting), journaled first so a power loss cannot skip it.
  virtual void release_object(const JobContext& job, const ObjectRef& ref) noexcept = 0;
};

}  // namespace mfp::pipeline
