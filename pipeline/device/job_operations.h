#pragma once
// JobOperations: jobs as device-service operations (list with the Hide Job Details rule, view,
// submit, release, cancel, cancel one's own, change the number of copies). The gate checks
// the interface and, for the caller's own objects, AccessPolicy; the job manager asks the same
// policy with each job's recorded owner and applies Job Operation Restrictions and Hide Job
// Details. The request's origin becomes the caller's interface.
//
// Errors: the job manager's (permission_denied, not_found, conflict, invalid_argument, and a
// spool's). Borrows the core, which must outlive it.

#include <cstdint>
#include <vector>

#include "pipeline/device/caller.h"
#include "pipeline/device/device_core.h"

namespace mfp::pipeline::device {

struct JobQuery {
  bool include_history = true;  // finished jobs too
};

class JobOperations {
 public:
  explicit JobOperations(DeviceCore& core) : core_(core) {}

  [[nodiscard]] Result<std::vector<jobs::JobInfo>> list(const Caller& caller,
                                                        const JobQuery& query);
  // One page of the active jobs or the history, newest first (jobs::JobPage); as list().
  [[nodiscard]] Result<jobs::JobPage> page(const Caller& caller, const jobs::JobPageQuery& query);
  [[nodiscard]] Result<jobs::JobInfo> view(const Caller& caller, std::uint64_t id);
  // A verified request is submitted as the caller (its submitter is the caller's subject, its
  // user ID the caller's unless the front end gave one). The new job's id.
  [[nodiscard]] Result<std::uint64_t> submit(const Caller& caller, jobs::SubmitRequest request);
  // A job whose document follows (IPP Create-Job), as submit(); then its document and its
  // close (Send-Document, Close-Job) by the same caller and client (JobManager's rules).
  [[nodiscard]] Result<std::uint64_t> create(const Caller& caller, jobs::SubmitRequest request);
  [[nodiscard]] Status add_document(const Caller& caller, const jobs::JobClient& client,
                                    std::uint64_t id, jobs::SubmitDocument document, bool last);
  [[nodiscard]] Status close(const Caller& caller, const jobs::JobClient& client, std::uint64_t id);
  // Whether a created job awaiting its document was created by a logged-in user (a caller
  // without credentials is then asked to log in rather than refused). Reveals nothing else.
  [[nodiscard]] bool created_with_login(std::uint64_t id) const;
  // Aborts created jobs whose document never came (housekeeping; JobManager's timeout).
  void abort_stale_incoming() noexcept;
  // Jobs not finished (IPP queued-job-count).
  [[nodiscard]] std::size_t active_count() const;
  [[nodiscard]] Status hold(const Caller& caller, std::uint64_t id);
  [[nodiscard]] Status release(const Caller& caller, std::uint64_t id);
  [[nodiscard]] Status cancel(const Caller& caller, std::uint64_t id);
  // How many were canceled.
  [[nodiscard]] Result<std::size_t> cancel_own(const Caller& caller);
  [[nodiscard]] Status set_copies(const Caller& caller, std::uint64_t id, std::uint32_t copies);

 private:
  // A request submitted as `caller`: its submitter, user ID (when verified) and origin.
  void as_caller(const Caller& caller, jobs::SubmitRequest& request);

  DeviceCore& core_;
  security::ownership::AccessPolicy policy_;
};

}  // namespace mfp::pipeline::device
