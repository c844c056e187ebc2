#pragma once
// Deviation: one setting whose current value does not satisfy the secure configuration, as
// listed by SettingsRegistry::conformance() for reports and the self-test.

#include <string>

namespace mfp::security::settings {

struct Deviation {
  std::string key;           // "network.port9100.enabled"
  std::string display_name;  // "Port 9100"
  std::string current;       // canonical text of the current value: "true"
  std::string secure;        // the requirement: "== false", "one of 1|3", ">= 9", "<= 6"
};

}  // namespace mfp::security::settings
