#pragma once
// DeviceEnvelope: the security envelope's in-memory duties for every graph: it admits a band
// into a stage only under its own job's owner tag while the job is live, counts pages, and
// audits each job's completion ("Job Status" / job type / Completed, Canceled by User or
// Aborted). Band buffers are zeroed by the buffer pool whenever they are dropped, which the
// envelope relies on; stored-data duties (sealing, overwrite) come with security/store.

#include <atomic>
#include <cstdint>

#include "pipeline/envelope.h"
#include "security/audit/audit_sink.h"

namespace mfp::security::envelope {

class DeviceEnvelope final : public pipeline::Envelope {
 public:
  // `audit` must outlive the envelope.
  explicit DeviceEnvelope(audit::AuditSink& audit) noexcept : audit_(audit) {}

  [[nodiscard]] pipeline::Status admit(const pipeline::JobContext& job,
                                       const pipeline::Band& band) noexcept override;
  void page_completed(const pipeline::JobContext& job,
                      const pipeline::PageGeometry& page) noexcept override;
  void job_finished(const pipeline::JobContext& job,
                    const pipeline::Status& status) noexcept override;

  // Bands refused because their owner tag did not match their job.
  [[nodiscard]] std::uint64_t refused_bands() const noexcept { return refused_.load(); }

 private:
  audit::AuditSink& audit_;
  std::atomic<std::uint64_t> refused_{0};
};

}  // namespace mfp::security::envelope
