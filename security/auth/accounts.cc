#include "security/auth/accounts.h"

#include <new>
#include <string>
#include <utility>

#include "security/audit/audit_events.h"
#include "security/ownership/access_policy.h"

namespace mfp::security::auth {
namespace {

using ownership::Operation;
using ownership::Role;
using ownership::RoleSet;
using ownership::Subject;
using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

constexpr std::string_view kSchema =
    "CREATE TABLE IF NOT EXISTS users ("
    " id INTEGER PRIMARY KEY,"
    " user_id TEXT NOT NULL UNIQUE,"
    " display_name TEXT NOT NULL,"
    " roles INTEGER NOT NULL,"
    " password_record BLOB NOT NULL,"
    " must_change_password INTEGER NOT NULL)";

constexpr std::int64_t kBitGeneral = 1;
constexpr std::int64_t kBitAdmin = 2;
constexpr std::int64_t kBitKeyOperator = 4;

// Unambiguous alphabet (no 0/O, 1/l/I) for the one-time password.
constexpr std::string_view kAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

std::int64_t encode_roles(RoleSet r) {
  std::int64_t bits = 0;
  if (r.contains(Role::general_user)) bits |= kBitGeneral;
  if (r.contains(Role::system_administrator)) bits |= kBitAdmin;
  if (r.contains(Role::key_operator)) bits |= kBitKeyOperator;
  return bits;
}

RoleSet decode_roles(std::int64_t bits) {
  RoleSet r;
  if (bits & kBitGeneral) r.add(Role::general_user);
  if (bits & kBitAdmin) r.add(Role::system_administrator);
  if (bits & kBitKeyOperator) r.add(Role::key_operator);
  return r;
}

// Roles that may be given to a user: General User always, optionally System Administrator.
Result<RoleSet> user_roles(RoleSet requested) {
  for (Role r : ownership::kAllRoles) {
    if (requested.contains(r) && r != Role::general_user && r != Role::system_administrator) {
      return make_error(StatusCode::invalid_argument,
                        "users may hold only the General User and System Administrator roles");
    }
  }
  RoleSet out{Role::general_user};
  if (requested.contains(Role::system_administrator)) out.add(Role::system_administrator);
  return out;
}

Status check_login(std::string_view login) {
  if (login.empty() || login.size() > 32) {
    return make_error(StatusCode::invalid_argument, "user ID must be 1..32 characters");
  }
  for (char c : login) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-' || c == '@';
    if (!ok) {
      return make_error(StatusCode::invalid_argument,
                        "user ID may contain only letters, digits and . _ - @");
    }
  }
  return Status::ok();
}

Status check_display_name(std::string_view name) {
  if (name.size() > 64) {
    return make_error(StatusCode::invalid_argument, "display name must be at most 64 bytes");
  }
  return Status::ok();
}

// AccessPolicy's decision on `actor` doing `op` to an object of `kind` owned by `owner`.
ownership::Decision policy_decision(const Subject& actor, ownership::Operation op,
                                    ownership::ObjectKind kind, std::uint64_t owner) {
  return ownership::AccessPolicy{}.decide(actor, op, ownership::ObjectRef{kind, owner});
}

// May `actor` do `op` to the account of user `id` (AccessPolicy, the one decision)?
bool allowed(const Subject& actor, ownership::Operation op, std::uint64_t id) {
  return static_cast<bool>(policy_decision(actor, op, ownership::ObjectKind::user_account, id));
}

Status denied(std::string_view what) {
  return make_error(StatusCode::permission_denied, std::string(what));
}

}  // namespace

Accounts::Accounts(store::MetadataDb& db, crypto::Drbg& drbg, audit::AuditSink& audit,
                   PasswordHasher hasher, PasswordPolicy policy) noexcept
    : db_(db), drbg_(drbg), audit_(audit), hasher_(std::move(hasher)), policy_(policy) {}

Result<std::unique_ptr<Accounts>> Accounts::open(store::MetadataDb& db, crypto::Drbg& drbg,
                                                 audit::AuditSink& audit,
                                                 AccountsOptions options) noexcept {
  MFP_ASSIGN_OR_RETURN(PasswordHasher hasher, PasswordHasher::create(options.hasher, drbg));
  {
    auto lock = db.lock();
    MFP_RETURN_IF_ERROR(db.exec(kSchema));
  }
  std::unique_ptr<Accounts> accounts(
      new (std::nothrow) Accounts(db, drbg, audit, std::move(hasher), options.policy));
  if (!accounts) return make_error(StatusCode::resource_exhausted, "accounts: out of memory");
  {
    MFP_ASSIGN_OR_RETURN(crypto::SecureBytes random, drbg.bytes(16));
    MFP_ASSIGN_OR_RETURN(accounts->decoy_record_, accounts->hasher_.hash(random.span()));
  }
  auto ko = accounts->get(ownership::kKeyOperatorUserId);
  if (!ko.is_ok()) {
    if (ko.status().code() != StatusCode::not_found) return ko.status();
    MFP_RETURN_IF_ERROR(accounts->create_key_operator());
  }
  return accounts;
}

Status Accounts::create_key_operator() noexcept {
  crypto::SecureBytes password(kInitialPasswordLength);
  // Rejection sampling keeps every alphabet character equally likely.
  const unsigned limit = 256 - (256 % kAlphabet.size());
  std::size_t filled = 0;
  while (filled < password.size()) {
    MFP_ASSIGN_OR_RETURN(crypto::SecureBytes random, drbg_.bytes(32));
    for (std::uint8_t b : random.span()) {
      if (b >= limit || filled == password.size()) continue;
      password.data()[filled++] = static_cast<std::uint8_t>(kAlphabet[b % kAlphabet.size()]);
    }
  }
  MFP_ASSIGN_OR_RETURN(std::string record, hasher_.hash(password.span()));
  auto db_lock = db_.lock();
  MFP_ASSIGN_OR_RETURN(auto insert,
                       db_.prepare("INSERT INTO users (id, user_id, display_name, roles, "
                                   "password_record, must_change_password) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, 1)"));
  MFP_RETURN_IF_ERROR(
      insert.bind_int64(1, static_cast<std::int64_t>(ownership::kKeyOperatorUserId)));
  MFP_RETURN_IF_ERROR(insert.bind_text(2, kKeyOperatorLogin));
  MFP_RETURN_IF_ERROR(insert.bind_text(3, "System Administrator"));
  MFP_RETURN_IF_ERROR(insert.bind_int64(4, kBitKeyOperator | kBitAdmin));
  MFP_RETURN_IF_ERROR(insert.bind_text(5, record));
  MFP_RETURN_IF_ERROR(insert.run());
  std::lock_guard lock(mu_);
  initial_password_ = std::move(password);
  return Status::ok();
}

crypto::SecureBytes Accounts::take_initial_password() noexcept {
  std::lock_guard lock(mu_);
  return std::move(initial_password_);
}

namespace {

// The account of a row selected as (id, user_id, display_name, roles, must_change_password).
Account account_of_row(const store::MetadataDb::Statement& stmt) {
  Account a;
  a.id = static_cast<std::uint64_t>(stmt.column_int64(0));
  a.login = stmt.column_text(1);
  a.display_name = stmt.column_text(2);
  a.roles = decode_roles(stmt.column_int64(3));
  a.must_change_password = stmt.column_int64(4) != 0;
  return a;
}

}  // namespace

Result<Account> Accounts::load(std::string_view where, std::string_view login,
                               std::uint64_t id) noexcept {
  MFP_ASSIGN_OR_RETURN(auto stmt,
                       db_.prepare("SELECT id, user_id, display_name, roles, must_change_password "
                                   "FROM users WHERE " +
                                   std::string(where)));
  if (where.starts_with("id")) {
    MFP_RETURN_IF_ERROR(stmt.bind_int64(1, static_cast<std::int64_t>(id)));
  } else {
    MFP_RETURN_IF_ERROR(stmt.bind_text(1, login));
  }
  MFP_ASSIGN_OR_RETURN(bool row, stmt.step());
  if (!row) return make_error(StatusCode::not_found, "no such user");
  return account_of_row(stmt);
}

Result<Account> Accounts::find(std::string_view login) noexcept {
  auto db_lock = db_.lock();
  return load("user_id = ?1", login, 0);
}

Result<Account> Accounts::get(std::uint64_t id) noexcept {
  auto db_lock = db_.lock();
  return load("id = ?1", {}, id);
}

Result<std::vector<Account>> Accounts::list() noexcept {
  try {
    auto db_lock = db_.lock();
    MFP_ASSIGN_OR_RETURN(auto stmt, db_.prepare("SELECT id, user_id, display_name, roles, "
                                                "must_change_password FROM users ORDER BY id"));
    std::vector<Account> out;
    for (;;) {
      MFP_ASSIGN_OR_RETURN(bool row, stmt.step());
      if (!row) break;
      out.push_back(account_of_row(stmt));
    }
    return out;
  } catch (...) {
    return pipeline::current_exception_status("accounts");
  }
}

Result<std::string> Accounts::record_of(std::uint64_t id) noexcept {
  MFP_ASSIGN_OR_RETURN(auto stmt, db_.prepare("SELECT password_record FROM users WHERE id = ?1"));
  MFP_RETURN_IF_ERROR(stmt.bind_int64(1, static_cast<std::int64_t>(id)));
  MFP_ASSIGN_OR_RETURN(bool row, stmt.step());
  if (!row) return make_error(StatusCode::not_found, "no such user");
  return stmt.column_text(0);
}

Result<bool> Accounts::check_password(std::uint64_t id,
                                      std::span<const std::uint8_t> password) noexcept {
  std::string record;
  {
    auto db_lock = db_.lock();
    MFP_ASSIGN_OR_RETURN(record, record_of(id));
  }
  return hasher_.verify(password, record);
}

void Accounts::equalize_timing(std::span<const std::uint8_t> password) noexcept {
  hasher_.verify(password, decoy_record_).status().ignore();
}

Subject Accounts::subject_of(const Account& a) noexcept {
  RoleSet roles = a.roles;
  if (a.id != ownership::kKeyOperatorUserId && roles.contains(Role::key_operator)) {
    roles = RoleSet{Role::general_user};  // never happens: only id 1 is stored with the KO bit
  }
  return Subject::user(a.id, roles);
}

std::string Accounts::audit_name(std::uint64_t id) noexcept {
  if (id == ownership::kKeyOperatorUserId) return "KO";
  auto a = get(id);
  return a.is_ok() ? a->login : std::string("-");
}

void Accounts::bump(std::uint64_t id) noexcept {
  {
    std::lock_guard lock(mu_);
    ++generations_[id];
  }
  if (credentials_changed_) credentials_changed_(id);
}

std::uint64_t Accounts::credential_generation(std::uint64_t id) const noexcept {
  std::lock_guard lock(mu_);
  auto it = generations_.find(id);
  return it == generations_.end() ? 0 : it->second;
}

PasswordPolicy Accounts::policy() const noexcept {
  std::lock_guard lock(mu_);
  return policy_;
}

Result<std::uint64_t> Accounts::add_user(const Subject& actor, std::string_view login,
                                         std::string_view display_name, RoleSet roles,
                                         std::span<const std::uint8_t> password,
                                         std::string_view interface) noexcept {
  if (!allowed(actor, Operation::create, ownership::kUnauthenticatedUserId)) {
    return denied("only administrators may add users");
  }
  MFP_RETURN_IF_ERROR(check_login(login));
  MFP_RETURN_IF_ERROR(check_display_name(display_name));
  MFP_ASSIGN_OR_RETURN(RoleSet given, user_roles(roles));
  MFP_RETURN_IF_ERROR(policy().check(password));
  MFP_ASSIGN_OR_RETURN(std::string record, hasher_.hash(password));
  const std::string actor_name = audit_name(actor.user_id);
  std::uint64_t id = 0;
  {
    auto db_lock = db_.lock();
    if (load("user_id = ?1", login, 0).is_ok()) {
      return make_error(StatusCode::conflict, "a user with this user ID exists");
    }
    MFP_ASSIGN_OR_RETURN(auto insert,
                         db_.prepare("INSERT INTO users (user_id, display_name, roles, "
                                     "password_record, must_change_password) "
                                     "VALUES (?1, ?2, ?3, ?4, 0)"));
    MFP_RETURN_IF_ERROR(insert.bind_text(1, login));
    MFP_RETURN_IF_ERROR(insert.bind_text(2, display_name));
    MFP_RETURN_IF_ERROR(insert.bind_int64(3, encode_roles(given)));
    MFP_RETURN_IF_ERROR(insert.bind_text(4, record));
    MFP_RETURN_IF_ERROR(insert.run());
    id = static_cast<std::uint64_t>(db_.last_insert_rowid());
  }
  audit_.record(audit::events::user_added(actor_name, std::string(login), std::string(interface)));
  return id;
}

Status Accounts::edit_user(const Subject& actor, std::uint64_t id, std::string_view display_name,
                           RoleSet roles, std::string_view interface) noexcept {
  if (!allowed(actor, Operation::modify, id)) return denied("only administrators may edit users");
  if (id == ownership::kKeyOperatorUserId) {
    return denied("the Key Operator account cannot be edited");
  }
  MFP_RETURN_IF_ERROR(check_display_name(display_name));
  MFP_ASSIGN_OR_RETURN(RoleSet given, user_roles(roles));
  const std::string actor_name = audit_name(actor.user_id);
  std::string target;
  {
    auto db_lock = db_.lock();
    MFP_ASSIGN_OR_RETURN(Account a, load("id = ?1", {}, id));
    target = a.login;
    MFP_ASSIGN_OR_RETURN(
        auto update, db_.prepare("UPDATE users SET display_name = ?1, roles = ?2 WHERE id = ?3"));
    MFP_RETURN_IF_ERROR(update.bind_text(1, display_name));
    MFP_RETURN_IF_ERROR(update.bind_int64(2, encode_roles(given)));
    MFP_RETURN_IF_ERROR(update.bind_int64(3, static_cast<std::int64_t>(id)));
    MFP_RETURN_IF_ERROR(update.run());
  }
  bump(id);  // without the database lock: listeners may use the accounts
  audit_.record(audit::events::user_edited(actor_name, target, std::string(interface)));
  return Status::ok();
}

Status Accounts::delete_user(const Subject& actor, std::uint64_t id,
                             std::string_view interface) noexcept {
  if (!allowed(actor, Operation::delete_, id)) {
    return denied("only administrators may delete users");
  }
  if (id == ownership::kKeyOperatorUserId) {
    return denied("the Key Operator account cannot be deleted");
  }
  const std::string actor_name = audit_name(actor.user_id);
  std::string target;
  {
    auto db_lock = db_.lock();
    MFP_ASSIGN_OR_RETURN(Account a, load("id = ?1", {}, id));
    target = a.login;
    MFP_ASSIGN_OR_RETURN(auto del, db_.prepare("DELETE FROM users WHERE id = ?1"));
    MFP_RETURN_IF_ERROR(del.bind_int64(1, static_cast<std::int64_t>(id)));
    MFP_RETURN_IF_ERROR(del.run());
  }
  bump(id);
  audit_.record(audit::events::user_deleted(actor_name, target, std::string(interface)));
  return Status::ok();
}

Status Accounts::store_password(std::uint64_t id, std::span<const std::uint8_t> next,
                                bool must_change) noexcept {
  MFP_ASSIGN_OR_RETURN(std::string record, hasher_.hash(next));
  {
    auto db_lock = db_.lock();
    MFP_ASSIGN_OR_RETURN(auto update, db_.prepare("UPDATE users SET password_record = ?1, "
                                                  "must_change_password = ?2 WHERE id = ?3"));
    MFP_RETURN_IF_ERROR(update.bind_text(1, record));
    MFP_RETURN_IF_ERROR(update.bind_int64(2, must_change ? 1 : 0));
    MFP_RETURN_IF_ERROR(update.bind_int64(3, static_cast<std::int64_t>(id)));
    MFP_RETURN_IF_ERROR(update.run());
    if (db_.changes() != 1) return make_error(StatusCode::not_found, "no such user");
  }
  bump(id);  // without the database lock: listeners may use the accounts
  return Status::ok();
}

Status Accounts::change_own_password(const Subject& actor, std::span<const std::uint8_t> current,
                                     std::span<const std::uint8_t> next,
                                     std::string_view interface) noexcept {
  if (actor.user_id == ownership::kUnauthenticatedUserId) {
    return denied("log in to change a password");
  }
  MFP_RETURN_IF_ERROR(policy().check(next));
  MFP_ASSIGN_OR_RETURN(bool matches, check_password(actor.user_id, current));
  if (!matches) return denied("the current password is incorrect");
  if (current.size() == next.size() && crypto::constant_time_equal(current, next)) {
    return make_error(StatusCode::invalid_argument,
                      "the new password must differ from the current one");
  }
  MFP_RETURN_IF_ERROR(store_password(actor.user_id, next, false));
  const std::string name = audit_name(actor.user_id);
  audit_.record(audit::events::user_edited(name, name, std::string(interface)));
  return Status::ok();
}

Status Accounts::reset_password(const Subject& actor, std::uint64_t id,
                                std::span<const std::uint8_t> next,
                                std::string_view interface) noexcept {
  if (id == ownership::kKeyOperatorUserId && actor.user_id != ownership::kKeyOperatorUserId) {
    return denied("only the Key Operator may change the Key Operator's password");
  }
  if (id == actor.user_id) {
    return denied("change your own password with your current password");
  }
  // Another user's password is an administrator's change of that account.
  if (!allowed(actor, Operation::modify, id)) {
    return denied("a General User may change only their own password");
  }
  MFP_RETURN_IF_ERROR(policy().check(next));
  MFP_RETURN_IF_ERROR(store_password(id, next, true));
  audit_.record(audit::events::user_edited(audit_name(actor.user_id), audit_name(id),
                                           std::string(interface)));
  return Status::ok();
}

Status Accounts::set_minimum_password_length(const Subject& actor, std::size_t minimum) noexcept {
  if (!static_cast<bool>(policy_decision(actor, Operation::modify, ownership::ObjectKind::setting,
                                         ownership::kUnauthenticatedUserId))) {
    return denied("only administrators may change the password policy");
  }
  MFP_RETURN_IF_ERROR(apply_minimum_password_length(minimum));
  audit_.record(audit::events::security_setting_changed(audit_name(actor.user_id),
                                                        "User Password Minimum Length"));
  return Status::ok();
}

Status Accounts::apply_minimum_password_length(std::size_t minimum) noexcept {
  MFP_ASSIGN_OR_RETURN(PasswordPolicy p, PasswordPolicy::with_minimum_length(minimum));
  std::lock_guard lock(mu_);
  policy_ = p;
  return Status::ok();
}

}  // namespace mfp::security::auth
