#pragma once
// DeviceEnvelope: the security envelope around every graph (DESIGN.md section 4). It admits a
// band into a stage only under its own job's owner tag while the job is live; seals whatever a
// stage stores into the ObjectStore as objects owned by the job (AES-256-GCM, per-object keys)
// and opens them only for that job; releases every object of a job when the job ends, whatever
// way it ends (the release journaled at once; the key destroyed and the bytes overwritten per
// "Overwrite Storage" by a background release worker, so a job's end never waits for its
// overwrite, which a power loss cannot skip since resume() finishes the journal); and
// audits each job's completion ("Job Status" / job type / Completed, Canceled by User or
// Aborted). Band buffers are zeroed by the buffer pool whenever they are dropped.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "pipeline/envelope.h"
#include "security/audit/audit_sink.h"
#include "security/erase/eraser.h"
#include "security/store/object_store.h"

namespace mfp::security::envelope {

class DeviceEnvelope final : public pipeline::Envelope {
 public:
  // `audit`, `store` and `eraser` (the store's) must outlive the envelope and every object it
  // opened. Starts the release worker.
  DeviceEnvelope(audit::AuditSink& audit, store::ObjectStore& store, erase::Eraser& eraser);
  DeviceEnvelope(const DeviceEnvelope&) = delete;
  DeviceEnvelope& operator=(const DeviceEnvelope&) = delete;
  // Stops the release worker after it has finished every release requested.
  ~DeviceEnvelope() override;

  [[nodiscard]] pipeline::Status admit(const pipeline::JobContext& job,
                                       const pipeline::Band& band) noexcept override;
  void page_completed(const pipeline::JobContext& job,
                      const pipeline::PageGeometry& page) noexcept override;
  void job_finished(const pipeline::JobContext& job,
                    const pipeline::Status& status) noexcept override;
  [[nodiscard]] pipeline::Result<std::unique_ptr<pipeline::ObjectWriter>> create_object(
      const pipeline::JobContext& job, std::string_view kind,
      pipeline::Persistence persistence = pipeline::Persistence::durable) noexcept override;
  [[nodiscard]] pipeline::Result<std::unique_ptr<pipeline::ObjectReader>> open_object(
      const pipeline::JobContext& job, const pipeline::ObjectRef& ref) noexcept override;
  void release_object(const pipeline::JobContext& job,
                      const pipeline::ObjectRef& ref) noexcept override;

  // Registers a committed object found in storage with `job` (a held job's spooled documents
  // after a restart), so the job may open it and its end releases it. permission_denied when
  // the object's authenticated owner tag is not the job's; not_found or integrity_error from
  // the store.
  [[nodiscard]] pipeline::Status adopt_object(const pipeline::JobContext& job,
                                              const pipeline::ObjectRef& ref) noexcept;
  // Bands refused because their owner tag did not match their job.
  [[nodiscard]] std::uint64_t refused_bands() const noexcept { return refused_.load(); }
  // Objects still registered with unfinished jobs.
  [[nodiscard]] std::size_t live_objects() const noexcept;
  // Waits until every release requested so far has been overwritten (or has failed and stays
  // pending in the eraser's journal).
  void wait_for_releases() noexcept;

 private:
  // Records a committed object of a job (called by the writer adapter).
  void register_object(std::uint64_t job_id, const std::string& id) noexcept;
  // Journals the release of an object and wakes the release worker.
  void release(const std::string& hex_id) noexcept;
  void release_loop() noexcept;
  friend class SealedObjectWriter;

  audit::AuditSink& audit_;
  store::ObjectStore& store_;
  erase::Eraser& eraser_;
  std::mutex release_mu_;
  std::condition_variable release_cv_;
  std::uint64_t releases_requested_ = 0;  // guarded by release_mu_
  std::uint64_t releases_done_ = 0;       // guarded by release_mu_
  bool stopping_ = false;                 // guarded by release_mu_
  std::thread releaser_;
  std::atomic<std::uint64_t> refused_{0};
  mutable std::mutex mu_;
  std::map<std::uint64_t, std::set<std::string>> objects_;  // job id -> object ids (hex)
};

}  // namespace mfp::security::envelope
