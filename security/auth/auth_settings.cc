#include "security/auth/auth_settings.h"

#include <exception>
#include <string>
#include <string_view>

#include "security/settings/setting_keys.h"
namespace mfp::security::auth {
namespace {

using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

// SessionManager's accepted ranges (session_manager.h), checked here so that nothing is applied
// unless everything can be.
constexpr std::int64_t kBrowserIdleMinMinutes = 1;
constexpr std::int64_t kBrowserIdleMaxMinutes = 240;
constexpr std::int64_t kPanelIdleMinSeconds = 10;
constexpr std::int64_t kPanelIdleMaxSeconds = 900;
static_assert(kPanelIdleWhenAutoClearOff.count() == kPanelIdleMaxSeconds);

// The integer setting `key`, invalid_argument unless lo <= value <= hi.
Result<std::int64_t> integer(const settings::SettingsRegistry& settings,
                             settings::SettingKey<std::int64_t> key, std::int64_t lo,
                             std::int64_t hi) {
  const std::int64_t value = settings.read(key);
  if (value < lo || value > hi) {
    return make_error(StatusCode::invalid_argument, "setting " + std::string(key.name) +
                                                        " must be " + std::to_string(lo) + ".." +
                                                        std::to_string(hi) + " to be applied");
  }
  return value;
}

struct AuthValues {
  std::size_t password_min_length = kPasswordMinLengthSecure;
  std::uint32_t administrator_attempts = 5;
  std::uint32_t local_user_attempts = 5;
  std::chrono::minutes browser_idle{6};
  std::chrono::seconds panel_idle{30};
};

Result<AuthValues> read_values(const settings::SettingsRegistry& settings) {
  AuthValues v;
  // 0 is the guide's "Off"; the policy's floor is 1 (see the header).
  MFP_ASSIGN_OR_RETURN(const std::int64_t min_length,
                       integer(settings, settings::kPasswordMinLength, 0,
                               static_cast<std::int64_t>(kPasswordMaxLength)));
  v.password_min_length = min_length == 0 ? 1 : static_cast<std::size_t>(min_length);
  MFP_ASSIGN_OR_RETURN(const std::int64_t admin,
                       integer(settings, settings::kMaxLoginAttemptsAdministrator,
                               kMinLoginAttempts, kMaxLoginAttempts));
  v.administrator_attempts = static_cast<std::uint32_t>(admin);
  MFP_ASSIGN_OR_RETURN(const std::int64_t local,
                       integer(settings, settings::kMaxLoginAttemptsLocalUser, kMinLoginAttempts,
                               kMaxLoginAttempts));
  v.local_user_attempts = static_cast<std::uint32_t>(local);
  MFP_ASSIGN_OR_RETURN(const std::int64_t browser,
                       integer(settings, settings::kBrowserSessionTimeout, kBrowserIdleMinMinutes,
                               kBrowserIdleMaxMinutes));
  v.browser_idle = std::chrono::minutes(browser);
  const bool auto_clear = settings.read(settings::kAutoClear);
  MFP_ASSIGN_OR_RETURN(
      const std::int64_t panel,
      integer(settings, settings::kAutoClearSeconds, kPanelIdleMinSeconds, kPanelIdleMaxSeconds));
  v.panel_idle = auto_clear ? std::chrono::seconds(panel) : kPanelIdleWhenAutoClearOff;
  return v;
}

Status apply(const settings::SettingsRegistry& settings, Accounts& accounts,
             Authenticator& authenticator, SessionManager& sessions) {
  MFP_ASSIGN_OR_RETURN(const AuthValues v, read_values(settings));
  // Every value was range-checked above, so these cannot fail short of a bug; the first error
  // is still returned rather than ignored.
  MFP_RETURN_IF_ERROR(accounts.apply_minimum_password_length(v.password_min_length));
  MFP_RETURN_IF_ERROR(authenticator.apply_limits(v.administrator_attempts, v.local_user_attempts));
  MFP_RETURN_IF_ERROR(sessions.set_browser_timeout(v.browser_idle));
  return sessions.set_panel_timeout(v.panel_idle);
}

}  // namespace

Status apply_auth_settings(const settings::SettingsRegistry& settings, Accounts& accounts,
                           Authenticator& authenticator, SessionManager& sessions) noexcept {
  try {
    return apply(settings, accounts, authenticator, sessions);
  } catch (...) {
    return pipeline::current_exception_status("auth settings");
  }
}

}  // namespace mfp::security::auth
