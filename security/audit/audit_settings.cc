#include "security/audit/audit_settings.h"

#include <exception>
#include <string>

#include "security/settings/setting_keys.h"
namespace mfp::security::audit {

pipeline::Status apply_audit_settings(const settings::SettingsRegistry& settings, AuditLog& log,
                                      std::string_view user) noexcept {
  try {
    return log.set_enabled(settings.read(settings::kAuditLog), std::string(user));
  } catch (...) {
    return pipeline::current_exception_status("audit settings");
  }
}

}  // namespace mfp::security::audit
