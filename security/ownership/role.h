#pragma once
// Role and RoleSet: the guide's user roles ("User Authentication") and a small set of them, as
// held by one authenticated subject.

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace mfp::security::ownership {

enum class Role : std::uint8_t {
  key_operator,          // "KO": the built-in system administrator, pre-configured in factory
  system_administrator,  // users given the System Administrator role
  general_user,          // every registered user's initial role
  unauthenticated,       // not logged in: may only submit a job (held or deleted later)
  customer_engineer,     // "CE": device maintenance only, when the device allows it
};

inline constexpr std::array<Role, 5> kAllRoles = {Role::key_operator, Role::system_administrator,
                                                  Role::general_user, Role::unauthenticated,
                                                  Role::customer_engineer};

// Stable name, as used in audit records and logs ("KO", "CE" as in the guide's audit log).
[[nodiscard]] constexpr std::string_view to_string(Role role) noexcept {
  switch (role) {
    case Role::key_operator:
      return "KO";
    case Role::system_administrator:
      return "system_administrator";
    case Role::general_user:
      return "general_user";
    case Role::unauthenticated:
      return "unauthenticated";
    case Role::customer_engineer:
      return "CE";
  }
  return "unknown";
}

// A set of roles (a user may hold more than one, e.g. general user and system administrator).
class RoleSet {
 public:
  constexpr RoleSet() noexcept = default;
  constexpr RoleSet(std::initializer_list<Role> roles) noexcept {
    for (Role r : roles) add(r);
  }
  constexpr void add(Role role) noexcept { bits_ |= bit(role); }
  [[nodiscard]] constexpr bool contains(Role role) const noexcept {
    return (bits_ & bit(role)) != 0;
  }
  [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
  [[nodiscard]] constexpr bool only(Role role) const noexcept { return bits_ == bit(role); }
  friend constexpr bool operator==(RoleSet, RoleSet) noexcept = default;

 private:
  static constexpr std::uint8_t bit(Role role) noexcept {
    return static_cast<std::uint8_t>(1u << static_cast<unsigned>(role));
  }
  std::uint8_t bits_ = 0;
};

}  // namespace mfp::security::ownership
