#include "pipeline/jobs/receive_control.h"

#include "security/settings/setting_keys.h"

namespace mfp::pipeline::jobs {

namespace setting = security::settings;
using security::settings::JobLoginSuccess;
using security::settings::JobRule;
using security::settings::ReceiveControl;

ReceiveControlSettings ReceiveControlSettings::read(
    const security::settings::SettingsRegistry& settings) noexcept {
  ReceiveControlSettings s;
  s.control = settings.read(setting::kReceiveControl);
  s.login_success = settings.read(setting::kJobLoginSuccess);
  s.login_failure = settings.read(setting::kJobLoginFailure);
  s.without_user_id = settings.read(setting::kJobWithoutUserId);
  return s;
}

ReceiveDecision receive_control(const ReceiveControlSettings& settings,
                                Credential credential) noexcept {
  if (settings.control == ReceiveControl::print) return {};
  switch (credential) {
    case Credential::verified:
      return {settings.login_success == JobLoginSuccess::save_as_private_charge_print
                  ? Reception::hold
                  : Reception::print,
              {}};
    case Credential::failed:
      if (settings.login_failure == JobRule::print) return {};
      return {Reception::delete_, "Receive Control: job login failure"};
    case Credential::none:
      break;
  }
  if (settings.without_user_id == JobRule::print) return {};
  return {Reception::delete_, "Receive Control: job without user ID"};
}

}  // namespace mfp::pipeline::jobs
