#include "pipeline/device/job_operations.h"

#include <string>

#include "pipeline/device/authorize.h"

namespace mfp::pipeline::device {

void JobOperations::as_caller(const Caller& caller, jobs::SubmitRequest& request) {
  if (request.credential == jobs::Credential::verified) {
    request.submitter = caller.subject;
    // The user ID the job and the audit log show, unless the front end has the one given.
    if (request.user_name.empty()) {
      request.user_name = core_.accounts().audit_name(caller.subject.user_id);
    }
  }
  request.origin = std::string(to_string(caller.interface));
}

Result<std::vector<jobs::JobInfo>> JobOperations::list(const Caller& caller,
                                                       const JobQuery& query) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::jobs_list));
  return core_.jobs().list(caller.subject, query.include_history);
}

Result<jobs::JobPage> JobOperations::page(const Caller& caller, const jobs::JobPageQuery& query) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::jobs_list));
  return core_.jobs().list_page(caller.subject, query);
}

Result<jobs::JobInfo> JobOperations::view(const Caller& caller, std::uint64_t id) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::job_view));
  return core_.jobs().get(caller.subject, id);
}

Result<std::uint64_t> JobOperations::submit(const Caller& caller, jobs::SubmitRequest request) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::job_submit));
  as_caller(caller, request);
  return core_.jobs().submit(std::move(request));
}

Result<std::uint64_t> JobOperations::create(const Caller& caller, jobs::SubmitRequest request) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::job_submit));
  as_caller(caller, request);
  return core_.jobs().create(std::move(request));
}

Status JobOperations::add_document(const Caller& caller, const jobs::JobClient& client,
                                   std::uint64_t id, jobs::SubmitDocument document, bool last) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::job_submit));
  return core_.jobs().add_document(caller.subject, client, id, std::move(document), last);
}

Status JobOperations::close(const Caller& caller, const jobs::JobClient& client, std::uint64_t id) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::job_submit));
  return core_.jobs().close(caller.subject, client, id);
}

bool JobOperations::created_with_login(std::uint64_t id) const {
  return core_.jobs().created_with_login(id);
}

void JobOperations::abort_stale_incoming() noexcept {
  core_.jobs().abort_stale_incoming();
}

std::size_t JobOperations::active_count() const {
  return core_.jobs().active_count();
}

Status JobOperations::hold(const Caller& caller, std::uint64_t id) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::job_hold));
  return core_.jobs().hold(caller.subject, id);
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
