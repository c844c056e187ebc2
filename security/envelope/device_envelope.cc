#include "security/envelope/device_envelope.h"

#include <string>

namespace mfp::security::envelope {

using pipeline::make_error;
using pipeline::Status;
using pipeline::StatusCode;

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

void DeviceEnvelope::job_finished(const pipeline::JobContext& job, const Status& status) noexcept {
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
