#pragma once
// Subject: who is asking: an authenticated user's id and roles (or the unauthenticated
// subject), as established by a front end's login and session.

#include <cstdint>

#include "security/ownership/role.h"

namespace mfp::security::ownership {

// The user id of "nobody": unauthenticated subjects, and objects without an owner (settings,
// the audit log, the device). Jobs submitted without authentication are owned by it.
inline constexpr std::uint64_t kUnauthenticatedUserId = 0;
// The built-in Key Operator account's user id. Only this account may hold Role::key_operator,
// and it always does; the policy treats anything else as a malformed subject.
inline constexpr std::uint64_t kKeyOperatorUserId = 1;

struct Subject {
  std::uint64_t user_id = kUnauthenticatedUserId;
  RoleSet roles{Role::unauthenticated};
  // Customer engineer only: true when "Service Representative Restricted Operation" does not
  // forbid this engineer's maintenance session (set by the session layer from that setting).
  // In the secure configuration it is false and a CE may do nothing.
  bool maintenance_allowed = false;

  [[nodiscard]] static Subject unauthenticated() noexcept { return Subject{}; }
  [[nodiscard]] static Subject user(std::uint64_t id, RoleSet roles) noexcept {
    return Subject{id, roles, false};
  }
};

}  // namespace mfp::security::ownership
