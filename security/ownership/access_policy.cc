#include "security/ownership/access_policy.h"

#include <string>

#include "security/ownership/access_rule.h"

namespace mfp::security::ownership {

namespace {

bool well_formed(const Subject& s) noexcept {
  if (s.roles.empty()) return false;
  if (s.roles.contains(Role::unauthenticated)) {
    return s.roles.only(Role::unauthenticated) && s.user_id == kUnauthenticatedUserId;
  }
  if (s.user_id == kUnauthenticatedUserId) return false;
  // The built-in Key Operator is exactly one account.
  return s.roles.contains(Role::key_operator) == (s.user_id == kKeyOperatorUserId);
}

// Denial reasons from most to least specific: the one closest to a grant is reported.
int specificity(DecisionReason reason) noexcept {
  switch (reason) {
    case DecisionReason::key_operator_account:
      return 3;
    case DecisionReason::not_owner:
      return 2;
    case DecisionReason::maintenance_disabled:
      return 1;
    default:
      return 0;
  }
}

}  // namespace

Decision AccessPolicy::decide(const Subject& subject, Operation operation,
                              const ObjectRef& object) const noexcept {
  if (!well_formed(subject)) return {false, DecisionReason::malformed_subject};
  const bool owns = object.owner_user_id == subject.user_id;
  DecisionReason denial = DecisionReason::no_permission;
  bool owner_grant = false;
  for (const AccessRule& rule : access_rules()) {
    if (rule.kind != object.kind || !rule.operations.contains(operation) ||
        !subject.roles.contains(rule.role)) {
      continue;
    }
    DecisionReason outcome = DecisionReason::no_permission;
    if (rule.condition == Condition::maintenance_allowed && !subject.maintenance_allowed) {
      outcome = DecisionReason::maintenance_disabled;
    } else {
      switch (rule.scope) {
        case Scope::any:
          return {true, DecisionReason::any_owner};
        case Scope::any_but_key_operator:
          if (object.owner_user_id != kKeyOperatorUserId) {
            return {true, DecisionReason::any_owner};
          }
          // The Key Operator's account: only its own rules (own scope) may still grant.
          outcome = owns ? DecisionReason::owner : DecisionReason::key_operator_account;
          break;
        case Scope::own:
          outcome = owns ? DecisionReason::owner : DecisionReason::not_owner;
          break;
      }
    }
    if (outcome == DecisionReason::owner) {
      owner_grant = true;
    } else if (specificity(outcome) > specificity(denial)) {
      denial = outcome;
    }
  }
  if (owner_grant) return {true, DecisionReason::owner};
  return {false, denial};
}

pipeline::Status AccessPolicy::require(const Subject& subject, Operation operation,
                                       const ObjectRef& object) const {
  const Decision decision = decide(subject, operation, object);
  if (decision.allowed) return pipeline::Status::ok();
  std::string message = "permission denied: ";
  message += to_string(operation);
  message += ' ';
  message += to_string(object.kind);
  message += ": ";
  message += decision.message();
  return pipeline::make_error(pipeline::StatusCode::permission_denied, std::move(message));
}

}  // namespace mfp::security::ownership
