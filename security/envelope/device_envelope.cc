#include "security/envelope/device_envelope.h"

#include <algorithm>
#include <string>
#include <vector>

#include "security/audit/audit_events.h"
#include "security/store/object_reader.h"
#include "security/store/object_writer.h"

namespace mfp::security::envelope {

using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

// Adapts a store writer to the pipeline's ObjectWriter and registers the object with its job
// when it commits.
class SealedObjectWriter final : public pipeline::ObjectWriter {
 public:
  SealedObjectWriter(DeviceEnvelope& envelope, std::uint64_t job_id,
                     std::unique_ptr<store::ObjectWriter> writer) noexcept
      : envelope_(envelope), job_id_(job_id), writer_(std::move(writer)) {}
  Status write(std::span<const std::uint8_t> bytes) noexcept override {
    return writer_->write(bytes);
  }
  Result<pipeline::ObjectRef> commit() noexcept override {
    MFP_RETURN_IF_ERROR(writer_->commit());
    try {
      pipeline::ObjectRef ref{writer_->id().hex(), writer_->owner(), writer_->size()};
      envelope_.register_object(job_id_, ref.id);
      return ref;
    } catch (...) {
      return pipeline::current_exception_status("envelope");
    }
  }

 private:
  DeviceEnvelope& envelope_;
  std::uint64_t job_id_;
  std::unique_ptr<store::ObjectWriter> writer_;
};

namespace {

// Audits a tampered or corrupted sealed object once (by kind and random id only).
void audit_integrity(audit::AuditSink& sink, const std::string& target,
                     const Status& status) noexcept {
  try {
    sink.record(audit::events::stored_data_integrity_failure(target, status.message()));
  } catch (...) {
    // Allocation failure: the reader still returns the integrity error to the job.
  }
}

class SealedObjectReader final : public pipeline::ObjectReader {
 public:
  SealedObjectReader(std::unique_ptr<store::ObjectReader> reader, audit::AuditSink& audit,
                     std::string target) noexcept
      : reader_(std::move(reader)), audit_(audit), target_(std::move(target)) {}
  Result<std::size_t> read(std::span<std::uint8_t> out) noexcept override {
    auto r = reader_->read(out);
    if (!r && r.status().code() == StatusCode::integrity_error && !audited_) {
      audited_ = true;
      audit_integrity(audit_, target_, r.status());
    }
    return r;
  }

 private:
  std::unique_ptr<store::ObjectReader> reader_;
  audit::AuditSink& audit_;
  std::string target_;
  bool audited_ = false;
};

}  // namespace

DeviceEnvelope::DeviceEnvelope(audit::AuditSink& audit, store::ObjectStore& store,
                               erase::Eraser& eraser)
    : audit_(audit), store_(store), eraser_(eraser), releaser_([this] { release_loop(); }) {}

DeviceEnvelope::~DeviceEnvelope() {
  {
    std::lock_guard lock(release_mu_);
    stopping_ = true;
  }
  release_cv_.notify_all();
  releaser_.join();
}

void DeviceEnvelope::release(const std::string& hex_id) noexcept {
  auto id = store::ObjectId::from_hex(hex_id);
  if (!id) return;
  // Journaled now: from here a power loss cannot skip the overwrite. A journal failure falls
  // back to releasing on this thread (the eraser audits whatever happens).
  if (!store_.remove_later(*id).is_ok()) {
    store_.remove(*id).ignore();
    return;
  }
  {
    std::lock_guard lock(release_mu_);
    ++releases_requested_;
  }
  release_cv_.notify_all();
}

void DeviceEnvelope::release_loop() noexcept {
  std::unique_lock lock(release_mu_);
  while (true) {
    release_cv_.wait(lock, [&] { return stopping_ || releases_done_ < releases_requested_; });
    if (releases_done_ == releases_requested_ && stopping_) break;
    const std::uint64_t target = releases_requested_;
    lock.unlock();
    // Overwrites every journaled release, including ones requested while this runs; a failure
    // stays pending in the journal for the next run or the next start.
    eraser_.run_pending().ignore();
    lock.lock();
    releases_done_ = std::max(releases_done_, target);
    release_cv_.notify_all();
  }
}

void DeviceEnvelope::wait_for_releases() noexcept {
  std::unique_lock lock(release_mu_);
  release_cv_.wait(lock, [&] { return releases_done_ >= releases_requested_; });
}

Status DeviceEnvelope::admit(const pipeline::JobContext& job, const pipeline::Band& band) noexcept {
  if (!(band.owner == job.owner())) {
    refused_.fetch_add(1, std::memory_order_relaxed);
    return make_error(StatusCode::permission_denied,
                      "band owner tag does not match job " + std::to_string(job.id()));
  }
  if (!band.page) {
    return make_error(StatusCode::internal, "band without page geometry");
  }
  if (job.is_cancelled()) return make_error(StatusCode::cancelled, "job cancelled");
  return Status::ok();
}

void DeviceEnvelope::page_completed(const pipeline::JobContext& /*job*/,
                                    const pipeline::PageGeometry& /*page*/) noexcept {
  // Page-level audit items are carried in the job completion event (pages printed).
}

Result<std::unique_ptr<pipeline::ObjectWriter>> DeviceEnvelope::create_object(
    const pipeline::JobContext& job, std::string_view kind,
    pipeline::Persistence persistence) noexcept {
  if (!job.live()) return make_error(StatusCode::cancelled, "job is not live");
  MFP_ASSIGN_OR_RETURN(auto writer, store_.create(job.owner(), kind,
                                                  persistence == pipeline::Persistence::durable
                                                      ? store::Durability::durable
                                                      : store::Durability::transient));
  try {
    return std::unique_ptr<pipeline::ObjectWriter>(
        std::make_unique<SealedObjectWriter>(*this, job.id(), std::move(writer)));
  } catch (...) {
    return pipeline::current_exception_status("envelope");
  }
}

Result<std::unique_ptr<pipeline::ObjectReader>> DeviceEnvelope::open_object(
    const pipeline::JobContext& job, const pipeline::ObjectRef& ref) noexcept {
  if (!(ref.owner == job.owner())) {
    return make_error(StatusCode::permission_denied,
                      "object does not belong to job " + std::to_string(job.id()));
  }
  {
    std::lock_guard lock(mu_);
    auto it = objects_.find(job.id());
    if (it == objects_.end() || it->second.count(ref.id) == 0) {
      return make_error(StatusCode::permission_denied,
                        "object is not registered with job " + std::to_string(job.id()));
    }
  }
  auto id = store::ObjectId::from_hex(ref.id);
  if (!id) return make_error(StatusCode::invalid_argument, "malformed object id");
  auto reader = store_.open_object(*id, job.owner());
  if (!reader) {
    if (reader.status().code() == StatusCode::integrity_error) {
      audit_integrity(audit_, "object " + ref.id, reader.status());
    }
    return reader.status();
  }
  try {
    return std::unique_ptr<pipeline::ObjectReader>(std::make_unique<SealedObjectReader>(
        std::move(reader).value(), audit_, "object " + ref.id));
  } catch (...) {
    return pipeline::current_exception_status("envelope");
  }
}

pipeline::Status DeviceEnvelope::adopt_object(const pipeline::JobContext& job,
                                              const pipeline::ObjectRef& ref) noexcept {
  auto id = store::ObjectId::from_hex(ref.id);
  if (!id) return make_error(StatusCode::invalid_argument, "malformed object id");
  auto info = store_.info(*id);
  if (!info) {
    if (info.status().code() == StatusCode::integrity_error) {
      audit_integrity(audit_, "object " + ref.id, info.status());
    }
    return info.status();
  }
  if (!(info.value().owner == job.owner())) {
    return make_error(StatusCode::permission_denied,
                      "object does not belong to job " + std::to_string(job.id()));
  }
  register_object(job.id(), ref.id);
  return pipeline::Status::ok();
}

void DeviceEnvelope::register_object(std::uint64_t job_id, const std::string& id) noexcept {
  try {
    std::lock_guard lock(mu_);
    objects_[job_id].insert(id);
  } catch (...) {
    // Unregistered objects are still found and erased by the store's own release paths.
  }
}

void DeviceEnvelope::release_object(const pipeline::JobContext& job,
                                    const pipeline::ObjectRef& ref) noexcept {
  {
    std::lock_guard lock(mu_);
    auto it = objects_.find(job.id());
    if (it == objects_.end() || it->second.erase(ref.id) == 0) return;  // not this job's
    if (it->second.empty()) objects_.erase(it);
  }
  release(ref.id);
}

std::size_t DeviceEnvelope::live_objects() const noexcept {
  std::lock_guard lock(mu_);
  std::size_t n = 0;
  for (const auto& [job, ids] : objects_) n += ids.size();
  return n;
}

void DeviceEnvelope::job_finished(const pipeline::JobContext& job, const Status& status) noexcept {
  // Release whatever the job still has in storage: spooled documents, unprinted pages.
  std::set<std::string> left;
  {
    std::lock_guard lock(mu_);
    auto it = objects_.find(job.id());
    if (it != objects_.end()) {
      left = std::move(it->second);
      objects_.erase(it);
    }
  }
  for (const auto& hex : left) release(hex);
  try {
    audit::AuditEvent e;
    e.id = audit::AuditEventId::job_status;
    e.name = "Job Status";
    e.user = job.user();
    e.description = std::string(pipeline::to_string(job.type()));
    if (status.is_ok()) {
      e.status = "Completed";
    } else if (status.code() == StatusCode::cancelled) {
      e.status = "Canceled by User";
    } else {
      e.status = "Aborted";
    }
    e.items.emplace_back("Job ID", std::to_string(job.id()));
    e.items.emplace_back("Job Name", job.name());
    e.items.emplace_back("Pages", std::to_string(job.pages()));
    audit_.record(std::move(e));
  } catch (...) {
    // Allocation failure while building the event; the sink is never bypassed otherwise.
  }
}

}  // namespace mfp::security::envelope
