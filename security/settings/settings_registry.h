#pragma once
// SettingsRegistry: the device's current settings, one value per row of the settings table,
// starting in the secure configuration (the device ships secure, not in factory defaults).
// Reads are typed; every change is validated against its row, authorized by the AccessPolicy
// (only the Key Operator and System Administrators may modify settings) and, for security
// settings, audited as "Device Settings / Change Security Setting" with the user and the key.
// conformance() lists the settings that deviate from the secure configuration.
//
// Failure: get/value: not_found for an unknown key, invalid_argument for the wrong type.
// set: not_found, invalid_argument (type, range, allowed names; the message says what is
// allowed), permission_denied (nothing changes, nothing is audited). Never throws.
//
// Audit user: "KO" for the Key Operator, otherwise the subject's decimal user id; the item
// "Setting" is the key. Every accepted set() of a security setting is recorded, also one
// that stores the value already held. Settings with `security == false` are not audited.
// Ownership and threads: `audit` must outlive the registry. All members are thread-safe.
// The registry is memory only; SettingsStore saves and loads it.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "pipeline/status.h"
#include "security/audit/audit_sink.h"
#include "security/ownership/access_policy.h"
#include "security/ownership/subject.h"
#include "security/settings/deviation.h"
#include "security/settings/setting_choices.h"
#include "security/settings/setting_definition.h"
#include "security/settings/setting_key.h"
#include "security/settings/setting_value.h"

namespace mfp::security::settings {

class SettingsRegistry {
 public:
  explicit SettingsRegistry(audit::AuditSink& audit) noexcept;
  SettingsRegistry(const SettingsRegistry&) = delete;
  SettingsRegistry& operator=(const SettingsRegistry&) = delete;

  // The current value of `key`.
  [[nodiscard]] pipeline::Result<SettingValue> value(std::string_view key) const;

  // The current value of `key` as T: bool, std::int64_t, or std::string (enumerations).
  template <typename T>
  [[nodiscard]] pipeline::Result<T> get(std::string_view key) const {
    static_assert(std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t> ||
                      std::is_same_v<T, std::string>,
                  "settings are bool, std::int64_t or std::string");
    auto v = value(key);
    if (!v.is_ok()) return v.status();
    if (const T* typed = std::get_if<T>(&v.value())) return *typed;
    return pipeline::make_error(pipeline::StatusCode::invalid_argument,
                                "setting " + std::string(key) + ": requested as the wrong type");
  }

  // The current value of `key` as its declared type (setting_keys.h), failing closed: when the
  // value cannot be read as that type or names no enumerator of it, the setting's secure value
  // (never the factory value). Never throws.
  template <typename T>
  [[nodiscard]] T read(SettingKey<T> key) const noexcept {
    try {
      if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t>) {
        auto v = get<T>(key.name);
        if (v.is_ok()) return v.value();
        return std::get<T>(secure_value_of(key.name));
      } else {
        auto v = get<std::string>(key.name);
        if (v.is_ok()) {
          if (auto e = choice_from_name<T>(v.value())) return *e;
        }
        const SettingValue secure = secure_value_of(key.name);
        if (auto e = choice_from_name<T>(std::get<std::string>(secure))) return *e;
      }
    } catch (...) {
      // Out of memory, or a key without a row (the key test rules that out): as below.
    }
    return fail_closed<T>();
  }

  // Changes `key` to `value` on behalf of `who` (see the contract above).
  // `interface` is the guide's name of the interface used, recorded with the change.
  [[nodiscard]] pipeline::Status set(std::string_view key, const SettingValue& value,
                                     const ownership::Subject& who,
                                     std::string_view interface = {});

  // The settings whose value does not satisfy their secure rule, in table order.
  [[nodiscard]] std::vector<Deviation> conformance() const;

  // Every setting to the guide's factory default (insecure) / to its secure value. Trusted
  // device operations (factory reset, first start, tests): not authorized, not audited.
  void reset_to_factory_defaults();
  void reset_to_secure();

  // All values as canonical text, by key (what SettingsStore saves).
  [[nodiscard]] std::map<std::string, std::string> snapshot() const;
  // Replaces every value from `stored` (canonical text by key), as SettingsStore loads it:
  // unknown keys are ignored; a missing key, or a value that does not parse or is not allowed
  // for its row, gets the secure value. Trusted: not authorized, not audited.
  void restore(const std::map<std::string, std::string>& stored);

 private:
  // The last resort of read(): a key without a row. Booleans read as false and numbers as 0;
  // an enumeration as its last enumerator, which setting_choices.h orders most restrictive.
  template <typename T>
  [[nodiscard]] static T fail_closed() noexcept {
    if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t>) {
      return T{};
    } else {
      return SettingChoice<T>::names.back().first;
    }
  }
  // The value reset_to_secure() gives `key`; throws std::out_of_range for a key without a row
  // (only read() calls it, inside its catch).
  [[nodiscard]] static SettingValue secure_value_of(std::string_view key);
  [[nodiscard]] static std::vector<SettingValue> values_from(bool secure);

  audit::AuditSink& audit_;
  ownership::AccessPolicy policy_;
  mutable std::mutex mu_;
  std::vector<SettingValue> values_;  // parallel to setting_table()
};

}  // namespace mfp::security::settings
