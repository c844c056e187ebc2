#include "security/settings/setting_keys.h"

#include <type_traits>

namespace mfp::security::settings {
namespace {

template <typename T>
DeclaredKey describe(SettingKey<T> key) {
  DeclaredKey d;
  d.name = key.name;
  if constexpr (std::is_same_v<T, bool>) {
    d.type = SettingType::boolean;
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    d.type = SettingType::integer;
  } else {
    d.type = SettingType::enumeration;
    for (const auto& [value, name] : SettingChoice<T>::names) d.choices.push_back(name);
  }
  return d;
}

}  // namespace

std::vector<DeclaredKey> declared_keys() {
  return {describe(kDataEncryption),
          describe(kOverwriteStorage),
          describe(kSelfTest),
          describe(kAuditLog),
          describe(kScan),
          describe(kPasswordMinLength),
          describe(kMaxLoginAttemptsAdministrator),
          describe(kMaxLoginAttemptsLocalUser),
          describe(kAutoClear),
          describe(kAutoClearSeconds),
          describe(kBrowserSessionTimeout),
          describe(kReceiveControl),
          describe(kJobLoginSuccess),
          describe(kJobLoginFailure),
          describe(kJobWithoutUserId),
          describe(kJobOperationRestrictions),
          describe(kHideJobDetails),
          describe(kPjlFileSystemCommands),
          describe(kFilesRetrievedByClient),
          describe(kFaxFolderSelector),
          describe(kTls),
          describe(kTls13),
          describe(kFips140Mode),
          describe(kIpp),
          describe(kPort9100),
          describe(kIpMode),
          describe(kLpd),
          describe(kCsrfProtection),
          describe(kTimeZoneMinutes),
          describe(kDateFormat)};
}

}  // namespace mfp::security::settings
