#pragma once
// Decision: the access policy's answer, allow or deny, with a reason that names a rule, never
// a user.

#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/status.h"

namespace mfp::security::ownership {

enum class DecisionReason : std::uint8_t {
  // allowed
  owner,      // the subject owns the object and its role may do this to its own objects
  any_owner,  // the subject's role may do this whoever owns the object
  // denied
  not_owner,             // the role may do this only to its own objects
  key_operator_account,  // a system administrator may not change the Key Operator's account
  maintenance_disabled,  // customer engineer while Service Representative Restricted Operation
                         // forbids maintenance
  no_permission,         // no role of the subject may do this to this kind of object
  malformed_subject,     // no roles, an authenticated role without a user id, or a Key
                         // Operator role on another account
};

[[nodiscard]] constexpr std::string_view to_string(DecisionReason reason) noexcept {
  switch (reason) {
    case DecisionReason::owner:
      return "allowed: owner";
    case DecisionReason::any_owner:
      return "allowed: role may act on every owner's objects";
    case DecisionReason::not_owner:
      return "denied: only the owner may do this";
    case DecisionReason::key_operator_account:
      return "denied: the Key Operator's account is changed only by the Key Operator";
    case DecisionReason::maintenance_disabled:
      return "denied: Service Representative Restricted Operation forbids maintenance";
    case DecisionReason::no_permission:
      return "denied: the role may not do this";
    case DecisionReason::malformed_subject:
      return "denied: malformed subject";
  }
  return "denied";
}

struct [[nodiscard]] Decision {
  bool allowed = false;
  DecisionReason reason = DecisionReason::no_permission;

  explicit operator bool() const noexcept { return allowed; }
  [[nodiscard]] std::string_view message() const noexcept { return to_string(reason); }
  // ok, or permission_denied with the reason (no user data).
  [[nodiscard]] pipeline::Status to_status() const {
    if (allowed) return pipeline::Status::ok();
    return pipeline::make_error(pipeline::StatusCode::permission_denied, std::string(message()));
  }
};

}  // namespace mfp::security::ownership
