#pragma once
// SettingOperations: the device settings as device-service operations (list with the secure
// value and deviation, get, set, conformance check, set the secure configuration). Viewing is
// audited here as the guide's "View Security Setting" with the interface used; a change is
// validated, authorized and audited ("Change Security Setting") by the settings registry and
// applied by the device core. A setting the guide changes only at the panel or only in the browser
// is refused at the other (the maintenance tool may change every one).
//
// Errors: permission_denied, not_found (no such key), invalid_argument (a value of the wrong
// type or out of range, named without echoing it). Borrows the core, which must outlive it.

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/device/caller.h"
#include "pipeline/device/device_core.h"
#include "security/settings/deviation.h"

namespace mfp::pipeline::device {

struct SettingRow {
  std::string key;     // "network.port9100.enabled"
  std::string name;    // the guide's name: "Port 9100"
  std::string value;   // canonical text
  std::string secure;  // the value the secure configuration sets
  bool deviates = false;
  bool needs_restart = false;
};

struct SettingChange {
  std::string key;
  std::string value;  // canonical text ("true", "30", "according_to_print_accounting")
};

struct SettingChanged {
  bool needs_restart = false;  // takes effect at the next start
};

// What apply_secure() did.
struct SecureApplied {
  std::vector<std::string> changed;    // keys set to their secure value, in table order
  std::vector<std::string> elsewhere;  // deviating keys this interface does not change
  bool needs_restart = false;          // a changed key takes effect at the next start
};

class SettingOperations {
 public:
  explicit SettingOperations(DeviceCore& core) : core_(core) {}

  [[nodiscard]] Result<std::vector<SettingRow>> list(const Caller& caller);
  [[nodiscard]] Result<SettingRow> get(const Caller& caller, std::string_view key);
  [[nodiscard]] Result<SettingChanged> set(const Caller& caller, const SettingChange& change);
  [[nodiscard]] Result<std::vector<security::settings::Deviation>> check(const Caller& caller);
  // Sets every deviating setting that the caller's interface changes to its secure value, one
  // set() each (each validated, applied and audited as a change). Stops at the first failure
  // with its status; the settings changed before it stay changed (each change is whole).
  [[nodiscard]] Result<SecureApplied> apply_secure(const Caller& caller);

 private:
  void audit_viewed(const Caller& caller);

  DeviceCore& core_;
  security::ownership::AccessPolicy policy_;
};

}  // namespace mfp::pipeline::device
