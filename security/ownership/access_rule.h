#pragma once
// AccessRule: one row of the access policy's table: a role may perform a set of operations on
// one kind of object, within a scope (its own objects, or every owner's), possibly only under
// a condition. access_rules() is the whole table, the single source of every authorization
// decision (AccessPolicy reads it; nothing else grants access).

#include <cstdint>
#include <span>
#include <string_view>

#include "security/ownership/object_kind.h"
#include "security/ownership/operation.h"
#include "security/ownership/role.h"

namespace mfp::security::ownership {

enum class Scope : std::uint8_t {
  own,                   // only objects whose owner is the subject
  any,                   // every owner's objects
  any_but_key_operator,  // every owner's, except the Key Operator's own account
};

enum class Condition : std::uint8_t {
  none,
  maintenance_allowed,  // Subject::maintenance_allowed must be true
};

struct AccessRule {
  Role role;
  ObjectKind kind;
  OperationSet operations;
  Scope scope;
  Condition condition;
  std::string_view basis;  // the guide's statement the rule implements
};

// The table, in the order written in access_rule.cc. Static storage; never empty.
[[nodiscard]] std::span<const AccessRule> access_rules() noexcept;

}  // namespace mfp::security::ownership
