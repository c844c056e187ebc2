#include "security/audit/audit_settings.h"

#include <exception>
#include <string>

namespace mfp::security::audit {

pipeline::Status apply_audit_settings(const settings::SettingsRegistry& settings, AuditLog& log,
                                      std::string_view user) noexcept {
  try {
    MFP_ASSIGN_OR_RETURN(const bool enabled, settings.get<bool>(kAuditLogEnabledSetting));
    return log.set_enabled(enabled, std::string(user));
  } catch (const std::exception&) {
    return pipeline::make_error(pipeline::StatusCode::resource_exhausted,
                                "audit settings: out of memory");
  }
}

}  // namespace mfp::security::audit
