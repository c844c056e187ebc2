#include "pipeline/device/user_operations.h"

#include "pipeline/device/authorize.h"

namespace mfp::pipeline::device {

UserSummary UserOperations::summary_of(const security::auth::Account& account) const {
  return UserSummary{account.id,
                     account.login,
                     account.display_name,
                     account.roles,
                     core_.authenticator().locked(account.id),
                     account.must_change_password};
}

Result<std::vector<UserSummary>> UserOperations::list(const Caller& caller) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::users_list));
  MFP_ASSIGN_OR_RETURN(auto accounts, core_.accounts().list());
  std::vector<UserSummary> out;
  out.reserve(accounts.size());
  for (const auto& a : accounts) out.push_back(summary_of(a));
  return out;
}

Result<UserSummary> UserOperations::view(const Caller& caller, std::uint64_t id) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::user_view, id));
  MFP_ASSIGN_OR_RETURN(auto account, core_.accounts().get(id));
  return summary_of(account);
}

Result<std::uint64_t> UserOperations::add(const Caller& caller, const NewUser& user) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::user_add));
  return core_.accounts().add_user(caller.subject, user.login, user.name, user.roles,
                                   user.password.span(), audit_name(caller.interface));
}

Status UserOperations::edit(const Caller& caller, const UserEdit& edit) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::user_edit, edit.id));
  return core_.accounts().edit_user(caller.subject, edit.id, edit.name, edit.roles,
                                    audit_name(caller.interface));
}

Status UserOperations::remove(const Caller& caller, std::uint64_t id) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::user_delete, id));
  return core_.delete_user(caller.subject, id, audit_name(caller.interface));
}

Status UserOperations::unlock(const Caller& caller, std::uint64_t id) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::user_unlock, id));
  return core_.authenticator().unlock(caller.subject, id, audit_name(caller.interface));
}

Status UserOperations::set_password(const Caller& caller, std::uint64_t id,
                                    std::span<const std::uint8_t> password) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::user_set_password, id));
  return core_.accounts().reset_password(caller.subject, id, password,
                                         audit_name(caller.interface));
}

Status UserOperations::change_own_password(const Caller& caller,
                                           std::span<const std::uint8_t> current,
                                           std::span<const std::uint8_t> next) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::password_change_own));
  return core_.accounts().change_own_password(caller.subject, current, next,
                                              audit_name(caller.interface));
}

}  // namespace mfp::pipeline::device
