#pragma once
// UserOperations: the local accounts as device-service operations (list, view, add, edit,
// delete, unlock, set a password, change one's own password). Each authorizes through
// authorize() (an account is its own owner) before the account service runs; the account
// service records the guide's Add/Edit/Delete User events.
//
// Errors: permission_denied, not_found, invalid_argument (password policy, bad login),
// conflict (duplicate login; unlocking an unlocked account). Thread-safe as the services below.
// Borrows the core, which must outlive it.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "pipeline/device/caller.h"
#include "pipeline/device/device_core.h"
#include "security/crypto/secure_bytes.h"
#include "security/ownership/role.h"

namespace mfp::pipeline::device {

struct UserSummary {
  std::uint64_t id = 0;
  std::string login;
  std::string name;
  security::ownership::RoleSet roles;
  bool locked = false;
  bool must_change_password = false;
};

struct NewUser {
  std::string login;
  std::string name;
  security::ownership::RoleSet roles;
  security::crypto::SecureBytes password;
};

struct UserEdit {
  std::uint64_t id = 0;
  std::string name;
  security::ownership::RoleSet roles;
};

class UserOperations {
 public:
  explicit UserOperations(DeviceCore& core) : core_(core) {}

  [[nodiscard]] Result<std::vector<UserSummary>> list(const Caller& caller);
  [[nodiscard]] Result<UserSummary> view(const Caller& caller, std::uint64_t id);
  // The new account's id.
  [[nodiscard]] Result<std::uint64_t> add(const Caller& caller, const NewUser& user);
  [[nodiscard]] Status edit(const Caller& caller, const UserEdit& edit);
  // With the user's folders and private jobs (DeviceCore::delete_user).
  [[nodiscard]] Status remove(const Caller& caller, std::uint64_t id);
  [[nodiscard]] Status unlock(const Caller& caller, std::uint64_t id);
  // An administrator sets another user's password; the user must change it at next login.
  [[nodiscard]] Status set_password(const Caller& caller, std::uint64_t id,
                                    std::span<const std::uint8_t> password);
  [[nodiscard]] Status change_own_password(const Caller& caller,
                                           std::span<const std::uint8_t> current,
                                           std::span<const std::uint8_t> next);

 private:
  [[nodiscard]] UserSummary summary_of(const security::auth::Account& account) const;

  DeviceCore& core_;
  security::ownership::AccessPolicy policy_;
};

}  // namespace mfp::pipeline::device
