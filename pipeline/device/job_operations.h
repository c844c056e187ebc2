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
  [[nodiscard]] Result<jobs::JobInfo> view(const Caller& caller, std::uint64_t id);
  // A verified request is submitted as the caller (its submitter is replaced by the caller's
  // subject). The new job's id.
  [[nodiscard]] Result<std::uint64_t> submit(const Caller& caller, jobs::SubmitRequest request);
  [[nodiscard]] Status release(const Caller& caller, std::uint64_t id);
  [[nodiscard]] Status cancel(const Caller& caller, std::uint64_t id);
  // How many were canceled.
  [[nodiscard]] Result<std::size_t> cancel_own(const Caller& caller);
  [[nodiscard]] Status set_copies(const Caller& caller, std::uint64_t id, std::uint32_t copies);

 private:
  DeviceCore& core_;
  security::ownership::AccessPolicy policy_;
};

}  // namespace mfp::pipeline::device
