#pragma once
// apply_auth_settings: puts the authentication settings of the registry into force on the
// services that enforce them. The device core calls it at start-up, after the settings are
// loaded, and after every successful settings change (re-applying unchanged values is harmless).
//
//   auth.password_min_length              -> Accounts' password policy minimum length
//   auth.max_login_attempts.administrator -> Authenticator lockout limit, administrators
//   auth.max_login_attempts.local_user    -> Authenticator lockout limit, local users
//   cwis.session_timeout_minutes          -> SessionManager browser idle timeout
//   panel.auto_clear.enabled / .seconds   -> SessionManager panel idle timeout
//
// Trust: the registry has already authorized whoever changed a setting and audited the change
// under that actor's name, so the values are applied through the services' trusted, non-
// authorizing, non-auditing paths (Accounts::apply_minimum_password_length,
// Authenticator::apply_limits, SessionManager's setters). Acting as the Key Operator through
// the authorizing setters instead would write a second "Change Security Setting" record for
// every call, falsely attributed to the Key Operator, each time any setting changes.
//
// Values the services cannot express, and what happens instead (never a silent weakening below
// what the administrator chose; the registry's conformance() reports every deviation from the
// secure configuration either way):
//   * password minimum length 0 (the guide's "Off", no length rule): the policy's floor is 1
//     character (an empty password is never accepted), so 0 is applied as 1, the weakest rule
//     the device has and exactly "Off" but for empty passwords. 1..63 are applied as they are
//     (below the secure 9 is the administrator's choice, reported as a deviation). A tightened
//     minimum applies to passwords set from now on; stored passwords are not re-checked.
//   * Auto Clear off: panel sessions cannot be made immortal (an unattended, logged-in panel
//     would stay open forever), so the panel gets the longest idle time the SessionManager
//     allows, 900 s; when on, panel.auto_clear.seconds applies.
// A lowered login-attempt limit applies from an account's next failure; a shorter timeout
// applies to live sessions at once.
//
// Failure: all values are read and checked before any is applied, so on error nothing changed:
// the registry's status for a missing or wrongly typed setting, invalid_argument for a value
// outside what the services accept (the registry's ranges make that a bug). Never throws.
// Ownership: borrows its arguments for the call only; each service is thread-safe.

#include <chrono>
#include <cstdint>

#include "pipeline/status.h"
#include "security/auth/accounts.h"
#include "security/auth/authenticator.h"
#include "security/auth/session_manager.h"
#include "security/settings/settings_registry.h"

namespace mfp::security::auth {

// The panel idle time used while Auto Clear is off (SessionManager's maximum).
inline constexpr std::chrono::seconds kPanelIdleWhenAutoClearOff{900};

[[nodiscard]] pipeline::Status apply_auth_settings(const settings::SettingsRegistry& settings,
                                                   Accounts& accounts, Authenticator& authenticator,
                                                   SessionManager& sessions) noexcept;

}  // namespace mfp::security::auth
