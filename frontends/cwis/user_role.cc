#include "frontends/cwis/user_role.h"

namespace mfp::frontends::cwis {

using security::ownership::Role;
using security::ownership::RoleSet;

std::string role_label(RoleSet roles) {
  if (roles.contains(Role::key_operator)) return "Key Operator";
  if (roles.contains(Role::system_administrator)) return "System Administrator";
  if (roles.contains(Role::customer_engineer)) return "Customer Engineer";
  return "General User";
}

std::optional<RoleSet> role_from_form(std::string_view value) {
  if (value == "general_user") return RoleSet{Role::general_user};
  if (value == "system_administrator") {
    return RoleSet{Role::general_user, Role::system_administrator};
  }
  return std::nullopt;
}

}  // namespace mfp::frontends::cwis
