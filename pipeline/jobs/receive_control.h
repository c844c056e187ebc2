#pragma once
// Receive Control ("Set Private Print"): what becomes of a job as it arrives, as a pure
// function of the settings and of what the submitter's credentials came to. With "According to
// Print Accounting", a job whose login succeeded is saved as a Private Charge Print job (held
// for its owner) or printed, as "Job Login Success" says; a job whose login failed and a job
// without a user ID are printed or deleted, as "Job Login Failure" and "Job Without User ID"
// say. With the factory value "Print" every job prints at once. Never fails, never throws.

#include <string_view>

#include "security/settings/setting_choices.h"
#include "security/settings/settings_registry.h"

namespace mfp::pipeline::jobs {

// What the submitter's credentials came to (the front end verified them).
enum class Credential : std::uint8_t {
  verified,  // a user ID and password that the Authenticator accepted
  failed,    // a user ID was given but the login failed
  none,      // no user ID at all
};

// The four settings Receive Control reads.
struct ReceiveControlSettings {
  security::settings::ReceiveControl control = security::settings::ReceiveControl::print;
  security::settings::JobLoginSuccess login_success = security::settings::JobLoginSuccess::print;
  security::settings::JobRule login_failure = security::settings::JobRule::print;
  security::settings::JobRule without_user_id = security::settings::JobRule::print;

  // The current values (failing closed, as SettingsRegistry::read() does).
  [[nodiscard]] static ReceiveControlSettings read(
      const security::settings::SettingsRegistry& settings) noexcept;
};

enum class Reception : std::uint8_t {
  print,   // queued at once
  hold,    // saved as a Private Charge Print job for its owner
  delete_  // deleted (the caller audits it with `reason`)
};

struct ReceiveDecision {
  Reception reception = Reception::print;
  // Why a job is deleted, as the audit record says it: "Receive Control: job login failure".
  std::string_view reason;
};

[[nodiscard]] ReceiveDecision receive_control(const ReceiveControlSettings& settings,
                                              Credential credential) noexcept;

}  // namespace mfp::pipeline::jobs
