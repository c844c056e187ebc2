#pragma once
// Account: one local user as Accounts reports it (never the password record).
#include <cstdint>
#include <string>

#include "security/ownership/role.h"

namespace mfp::security::auth {

struct Account {
  std::uint64_t id = 0;  // row id; the Key Operator is ownership::kKeyOperatorUserId
  std::string login;     // the guide's "User ID"
  std::string display_name;
  ownership::RoleSet roles;
  bool must_change_password = false;
};

}  // namespace mfp::security::auth
