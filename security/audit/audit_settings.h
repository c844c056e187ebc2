#pragma once
// apply_audit_settings: puts the "Audit Log" setting (system.audit_log.enabled; guide,
// "Settings for the Secure Operation 3", secure value enabled, factory default disabled) into
// force on the AuditLog. The device core calls it at start-up, after the settings are loaded,
// and after every settings change; a call that finds the log already in the setting's position
// changes and records nothing, so calling it after unrelated changes is harmless.
//
// On a transition the log records "Audit Policy / Audit Log / Enable|Disable" for `user` (see
// AuditLog::set_enabled: a switch-off is refused, the log staying on, if that record cannot be
// written). `user` is the audit user name of whoever changed the setting ("KO", a user ID), or
// "-" at start-up when the stored setting is applied by the device itself.
//
// Failure: the registry's status when the setting cannot be read (the log is then unchanged),
// or AuditLog::set_enabled()'s. Never throws. Ownership: borrows its arguments for the call.

#include <string_view>

#include "pipeline/status.h"
#include "security/audit/audit_log.h"
#include "security/settings/settings_registry.h"

namespace mfp::security::audit {

[[nodiscard]] pipeline::Status apply_audit_settings(const settings::SettingsRegistry& settings,
                                                    AuditLog& log, std::string_view user) noexcept;

}  // namespace mfp::security::audit
