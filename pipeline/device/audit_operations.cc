#include "pipeline/device/audit_operations.h"

#include "pipeline/device/authorize.h"

namespace mfp::pipeline::device {

Result<std::vector<security::audit::StoredEvent>> AuditOperations::list(const Caller& caller,
                                                                        std::size_t last) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::audit_list));
  MFP_ASSIGN_OR_RETURN(auto events, core_.security().audit().events());
  if (events.size() > last) {
    events.erase(events.begin(), events.end() - static_cast<std::ptrdiff_t>(last));
  }
  return events;
}

Result<std::string> AuditOperations::export_log(const Caller& caller,
                                                const security::audit::ExportHeader& header) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::audit_export));
  MFP_ASSIGN_OR_RETURN(auto events, core_.security().audit().events());
  return security::audit::export_v3(events, header);
}

}  // namespace mfp::pipeline::device
