#include "pipeline/device/job_operations.h"

#include <string>

#include "pipeline/device/authorize.h"

namespace mfp::pipeline::device {

Result<std::vector<jobs::JobInfo>> JobOperations::list(const Caller& caller,
                                                       const JobQuery& query) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::jobs_list));
  return core_.jobs().list(caller.subject, query.include_history);
}

Result<jobs::JobInfo> JobOperations::view(const Caller& caller, std::uint64_t id) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::job_view));
  return core_.jobs().get(caller.subject, id);
}

Result<std::uint64_t> JobOperations::submit(const Caller& caller, jobs::SubmitRequest request) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::job_submit));
  if (request.credential == jobs::Credential::verified) request.submitter = caller.subject;
  request.origin = std::string(to_string(caller.interface));
  return core_.jobs().submit(std::move(request));
}

Status JobOperations::release(const Caller& caller, std::uint64_t id) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::job_release));
  return core_.jobs().release(caller.subject, id);
}

Status JobOperations::cancel(const Caller& caller, std::uint64_t id) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::job_cancel));
  return core_.jobs().cancel(caller.subject, id);
}

Result<std::size_t> JobOperations::cancel_own(const Caller& caller) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::jobs_cancel_own));
  return core_.jobs().cancel_own(caller.subject);
}

Status JobOperations::set_copies(const Caller& caller, std::uint64_t id, std::uint32_t copies) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::job_set_copies));
  return core_.jobs().set_copies(caller.subject, id, copies);
}

}  // namespace mfp::pipeline::device
