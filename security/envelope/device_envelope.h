#pragma once
// DeviceEnvelope: the security envelope around every graph (DESIGN.md section 4). It admits a
// band into a stage only under its own job's owner tag while the job is live; seals whatever a
// stage stores into the ObjectStore as objects owned by the job (AES-256-GCM, per-object keys)
// and opens them only for that job; releases every object of a job when the job ends, whatever
// way it ends (key destroyed, bytes overwritten per "Overwrite Storage", journaled first); and
// audits each job's completion ("Job Status" / job type / Completed, Canceled by User or
// Aborted). Band buffers are zeroed by the buffer pool whenever they are dropped.

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "pipeline/envelope.h"
#include "security/audit/audit_sink.h"
#include "security/store/object_store.h"

namespace mfp::security::envelope {

class DeviceEnvelope final : public pipeline::Envelope {
 public:
  // `audit` and `store` must outlive the envelope and every object it opened.
  DeviceEnvelope(audit::AuditSink& audit, store::ObjectStore& store) noexcept
      : audit_(audit), store_(store) {}
  DeviceEnvelope(const DeviceEnvelope&) = delete;
  DeviceEnvelope& operator=(const DeviceEnvelope&) = delete;

  [[nodiscard]] pipeline::Status admit(const pipeline::JobContext& job,
                                       const pipeline::Band& band) noexcept override;
  void page_completed(const pipeline::JobContext& job,
                      const pipeline::PageGeometry& page) noexcept override;
  void job_finished(const pipeline::JobContext& job,
                    const pipeline::Status& status) noexcept override;
  [[nodiscard]] pipeline::Result<std::unique_ptr<pipeline::ObjectWriter>> create_object(
      const pipeline::JobContext& job, std::string_view kind) noexcept override;
  [[nodiscard]] pipeline::Result<std::unique_ptr<pipeline::ObjectReader>> open_object(
      const pipeline::JobContext& job, const pipeline::ObjectRef& ref) noexcept override;
  void release_object(const pipeline::JobContext& job,
                      const pipeline::ObjectRef& ref) noexcept override;

  // Bands refused because their owner tag did not match their job.
  [[nodiscard]] std::uint64_t refused_bands() const noexcept { return refused_.load(); }
  // Objects still registered with unfinished jobs.
  [[nodiscard]] std::size_t live_objects() const noexcept;

 private:
  // Records a committed object of a job (called by the writer adapter).
  void register_object(std::uint64_t job_id, const std::string& id) noexcept;
  friend class SealedObjectWriter;

  audit::AuditSink& audit_;
  store::ObjectStore& store_;
  std::atomic<std::uint64_t> refused_{0};
  mutable std::mutex mu_;
  std::map<std::uint64_t, std::set<std::string>> objects_;  // job id -> object ids (hex)
};

}  // namespace mfp::security::envelope
