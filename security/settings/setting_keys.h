#pragma once
// Every setting key code reads or names, declared once with the type it is read as. A test
// (tests/unit/security/settings/setting_keys_test.cc) checks each against the settings table:
// the key exists, the type matches, and an enumeration's names are exactly the row's allowed
// names. Front ends that pass a key typed by a person (mfpctl settings set KEY) use the table,
// not these constants.

#include <cstdint>
#include <string_view>
#include <vector>

#include "security/settings/setting_choices.h"
#include "security/settings/setting_key.h"
#include "security/settings/setting_value.h"

namespace mfp::security::settings {

// Security and the device.
inline constexpr SettingKey<bool> kDataEncryption{"system.data_encryption.enabled"};
inline constexpr SettingKey<OverwriteStorage> kOverwriteStorage{"security.overwrite_storage"};
inline constexpr SettingKey<bool> kSelfTest{"system.self_test.enabled"};
inline constexpr SettingKey<bool> kAuditLog{"system.audit_log.enabled"};
// The Home screen's apps.
inline constexpr SettingKey<bool> kScan{"home.scan.enabled"};
// Accounts and sessions.
inline constexpr SettingKey<std::int64_t> kPasswordMinLength{"auth.password_min_length"};
inline constexpr SettingKey<std::int64_t> kMaxLoginAttemptsAdministrator{
    "auth.max_login_attempts.administrator"};
inline constexpr SettingKey<std::int64_t> kMaxLoginAttemptsLocalUser{
    "auth.max_login_attempts.local_user"};
inline constexpr SettingKey<bool> kAutoClear{"panel.auto_clear.enabled"};
inline constexpr SettingKey<std::int64_t> kAutoClearSeconds{"panel.auto_clear.seconds"};
inline constexpr SettingKey<std::int64_t> kBrowserSessionTimeout{"cwis.session_timeout_minutes"};
// Jobs and Receive Control.
inline constexpr SettingKey<ReceiveControl> kReceiveControl{"print.private.receive_control"};
inline constexpr SettingKey<JobLoginSuccess> kJobLoginSuccess{"print.private.job_login_success"};
inline constexpr SettingKey<JobRule> kJobLoginFailure{"print.private.job_login_failure"};
inline constexpr SettingKey<JobRule> kJobWithoutUserId{"print.private.job_without_user_id"};
inline constexpr SettingKey<JobOperationRestrictions> kJobOperationRestrictions{
    "jobs.operation_restrictions"};
inline constexpr SettingKey<bool> kHideJobDetails{"jobs.active_jobs_view.hide_details"};
inline constexpr SettingKey<bool> kPjlFileSystemCommands{"print.pjl_file_system_commands.enabled"};
// Folders and fax.
inline constexpr SettingKey<FilesRetrieved> kFilesRetrievedByClient{
    "folder.files_retrieved_by_client"};
inline constexpr SettingKey<bool> kFaxFolderSelector{"fax.folder_selector.enabled"};
// Network and TLS.
inline constexpr SettingKey<bool> kTls{"tls.enabled"};
inline constexpr SettingKey<bool> kTls13{"tls.tls13.enabled"};
inline constexpr SettingKey<bool> kFips140Mode{"tls.fips140_mode"};
inline constexpr SettingKey<bool> kIpp{"network.ipp.enabled"};
inline constexpr SettingKey<bool> kPort9100{"network.port9100.enabled"};
inline constexpr SettingKey<IpMode> kIpMode{"network.tcpip.ip_mode"};
inline constexpr SettingKey<bool> kLpd{"network.lpd.enabled"};
// "CSRF Protection": shown and audited like every setting; the browser interface checks its
// CSRF token whatever it says.
inline constexpr SettingKey<bool> kCsrfProtection{"network.http.csrf_protection"};

// System Clock/Timers.
inline constexpr SettingKey<std::int64_t> kTimeZoneMinutes{"system.clock.time_zone_minutes"};
inline constexpr SettingKey<DateFormat> kDateFormat{"system.clock.date_format"};

// A declared key as the table test sees it.
struct DeclaredKey {
  std::string_view name;
  SettingType type = SettingType::boolean;
  std::vector<std::string_view> choices;  // an enumeration's names, in order
};

// Every key above (the test's table).
[[nodiscard]] std::vector<DeclaredKey> declared_keys();

}  // namespace mfp::security::settings
