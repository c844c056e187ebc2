#include "pipeline/device/audit_operations.h"

#include "pipeline/device/authorize.h"
#include "security/settings/setting_keys.h"

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
                                                std::string_view device_address) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::audit_export));
  MFP_ASSIGN_OR_RETURN(auto events, core_.security().audit().events());
  const auto& settings = core_.security().settings();
  security::audit::ExportHeader header;
  header.ip_address = std::string(device_address);
  header.time_zone_minutes = static_cast<int>(settings.read(security::settings::kTimeZoneMinutes));
  switch (settings.read(security::settings::kDateFormat)) {
    case security::settings::DateFormat::yyyy_mm_dd:
      header.date_format = security::audit::DateFormat::yyyy_mm_dd;
      break;
    case security::settings::DateFormat::mm_dd_yyyy:
      header.date_format = security::audit::DateFormat::mm_dd_yyyy;
      break;
    case security::settings::DateFormat::dd_mm_yyyy:
      header.date_format = security::audit::DateFormat::dd_mm_yyyy;
      break;
  }
  return security::audit::export_v3(events, header);
}

}  // namespace mfp::pipeline::device
