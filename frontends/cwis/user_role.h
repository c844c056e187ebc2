#pragma once
// The role choice of the user account pages: a local account is a General User or a System
// Administrator (the guide's "User Role"); the Key Operator is built in. role_label() names a
// role set for people; role_from_form() reads the form's "role" field (nullopt for anything
// else: the Key Operator role is never granted from a form).

#include <optional>
#include <string>
#include <string_view>

#include "security/ownership/role.h"

namespace mfp::frontends::cwis {

[[nodiscard]] std::string role_label(security::ownership::RoleSet roles);
[[nodiscard]] std::optional<security::ownership::RoleSet> role_from_form(std::string_view value);

}  // namespace mfp::frontends::cwis
