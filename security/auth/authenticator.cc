#include "security/auth/authenticator.h"

#include <new>
#include <string>
#include <utility>

#include "security/audit/audit_events.h"
#include "security/ownership/access_policy.h"

namespace mfp::security::auth {
namespace {

using ownership::Role;
using ownership::Subject;
using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

audit::events::LoginInterface audit_interface(Interface where) {
  switch (where) {
    case Interface::panel:
      return audit::events::LoginInterface::control_panel;
    case Interface::browser:
      return audit::events::LoginInterface::web;
    case Interface::ipp_basic:
      break;
  }
  return audit::events::LoginInterface::printer_driver;
}

Status generic_failure() {
  return make_error(StatusCode::permission_denied, std::string(kLoginFailedMessage));
}

bool valid_limit(std::uint32_t n) {
  return n >= kMinLoginAttempts && n <= kMaxLoginAttempts;
}

bool administrator_account(const Account& a) {
  return a.id == ownership::kKeyOperatorUserId || a.roles.contains(Role::key_operator) ||
         a.roles.contains(Role::system_administrator);
}

}  // namespace

Authenticator::Authenticator(Accounts& accounts, audit::AuditSink& audit,
                             const engine_hw::Clock& clock, AuthenticatorOptions options,
                             std::unique_ptr<CredentialCache> cache) noexcept
    : accounts_(accounts),
      audit_(audit),
      clock_(clock),
      options_(options),
      cache_(std::move(cache)),
      throttle_(options.throttle) {}

Result<std::unique_ptr<Authenticator>> Authenticator::create(
    Accounts& accounts, audit::AuditSink& audit, const engine_hw::Clock& clock, crypto::Drbg& drbg,
    AuthenticatorOptions options) noexcept {
  if (!valid_limit(options.administrator_max_attempts) ||
      !valid_limit(options.local_user_max_attempts)) {
    return make_error(StatusCode::invalid_argument, "login attempts must be 1..10");
  }
  MFP_ASSIGN_OR_RETURN(auto cache, CredentialCache::create(drbg, options.ipp_cache_ttl));
  std::unique_ptr<Authenticator> auth(
      new (std::nothrow) Authenticator(accounts, audit, clock, options, std::move(cache)));
  if (!auth) return make_error(StatusCode::resource_exhausted, "authenticator: out of memory");
  return auth;
}

// Called with mu_ held. Audits the failure, counts it for the source and (when `counts`) the
// account, locks the account at its limit.
Status Authenticator::fail(const Account* account, Interface where, std::string_view source,
                           bool counts) {
  const auto now = clock_.now();
  auto event = audit::events::login_failed(
      audit_interface(where),
      account == nullptr ? audit::events::LoginFailure::invalid_user_id
                         : audit::events::LoginFailure::invalid_password,
      account == nullptr
          ? std::string("-")
          : (account->id == ownership::kKeyOperatorUserId ? std::string("KO") : account->login));
  if (account != nullptr) {
    if (locked_.contains(account->id)) {
      event.items.emplace_back("Account", "Locked");
    } else if (counts) {
      const std::uint32_t limit = administrator_account(*account)
                                      ? options_.administrator_max_attempts
                                      : options_.local_user_max_attempts;
      if (++failures_[account->id] >= limit) {
        locked_.insert(account->id);
        failures_.erase(account->id);
        cache_->drop_user(account->id);
        event.items.emplace_back("Account", "Locked");
        if (lockout_) lockout_(account->id);
      }
    }
  }
  if (where != Interface::panel && throttle_.record_failure(source, now)) {
    event.items.emplace_back("Source", "Throttled");
  }
  audit_.record(std::move(event));
  return generic_failure();
}

Result<LoginResult> Authenticator::verify(std::string_view login,
                                          std::span<const std::uint8_t> password, Interface where,
                                          std::string_view source) noexcept {
  const bool throttled_interface = where != Interface::panel;
  {
    std::lock_guard lock(mu_);
    if (throttled_interface && throttle_.blocked(source, clock_.now())) {
      return make_error(StatusCode::resource_exhausted,
                        "too many failed logins from this address; try again later");
    }
  }
  auto found = accounts_.find(login);
  if (!found.is_ok()) {
    if (found.status().code() != StatusCode::not_found) {
      return make_error(StatusCode::internal, "login failed: account store unavailable");
    }
    accounts_.equalize_timing(password);
    std::lock_guard lock(mu_);
    return fail(nullptr, where, source, true);
  }
  const Account account = std::move(found).value();
  const std::uint64_t generation = accounts_.credential_generation(account.id);

  bool ok = false;
  bool from_cache = false;
  bool checking = false;  // this call holds the account's slot in checking_
  if (where == Interface::ipp_basic) {
    std::unique_lock lock(mu_);
    // One KDF at a time per account; the others wait for it and look in the cache again.
    checked_.wait(lock, [&] { return !checking_.contains(account.id); });
    if (!locked_.contains(account.id)) {
      auto hit = cache_->lookup(login, password, clock_.now(), [this](std::uint64_t id) {
        return accounts_.credential_generation(id);
      });
      from_cache = ok = hit.has_value() && *hit == account.id;
    }
    if (!from_cache) {
      try {
        checking = checking_.insert(account.id).second;
      } catch (...) {
        return pipeline::current_exception_status("login failed");
      }
    }
  }
  // Releases the account's slot however this call ends.
  struct Release {
    Authenticator* self;
    std::uint64_t id;
    bool held;
    ~Release() {
      if (!held) return;
      {
        std::lock_guard lock(self->mu_);
        self->checking_.erase(id);
      }
      self->checked_.notify_all();
    }
  } release{this, account.id, checking};
  if (!from_cache) {
    auto checked = accounts_.check_password(account.id, password);
    if (!checked.is_ok()) {
      if (checked.status().code() == StatusCode::not_found) {
        std::lock_guard lock(mu_);
        return fail(nullptr, where, source, true);
      }
      return make_error(StatusCode::internal, "login failed: account store unavailable");
    }
    ok = *checked;
  }

  std::lock_guard lock(mu_);
  if (!ok || locked_.contains(account.id)) return fail(&account, where, source, !ok);
  failures_.erase(account.id);
  if (where == Interface::ipp_basic) {
    if (account.must_change_password) {
      return make_error(StatusCode::permission_denied, "password change required");
    }
    if (!from_cache) cache_->insert(login, password, account.id, generation, clock_.now());
  }
  return LoginResult{Accounts::subject_of(account), account.login, account.must_change_password};
}

Status Authenticator::unlock(const Subject& actor, std::uint64_t user_id,
                             std::string_view interface) noexcept {
  // The Key Operator's own lock first: nobody may lift it, so the answer is the same for all.
  if (user_id == ownership::kKeyOperatorUserId) {
    if (!ownership::AccessPolicy{}.decide(
            actor, ownership::Operation::list,
            ownership::ObjectRef{ownership::ObjectKind::user_account, user_id})) {
      return make_error(StatusCode::permission_denied, "only administrators may unlock accounts");
    }
    return make_error(StatusCode::conflict,
                      "the Key Operator account is unlocked only by restarting the device");
  }
  if (!ownership::AccessPolicy{}.decide(
          actor, ownership::Operation::modify,
          ownership::ObjectRef{ownership::ObjectKind::user_account, user_id})) {
    return make_error(StatusCode::permission_denied, "only administrators may unlock accounts");
  }
  {
    std::lock_guard lock(mu_);
    if (locked_.erase(user_id) == 0) {
      return make_error(StatusCode::conflict, "the account is not locked");
    }
    failures_.erase(user_id);
  }
  audit_.record(audit::events::user_edited(accounts_.audit_name(actor.user_id),
                                           accounts_.audit_name(user_id), std::string(interface)));
  return Status::ok();
}

Status Authenticator::set_limits(const Subject& actor, std::uint32_t administrator_max_attempts,
                                 std::uint32_t local_user_max_attempts) noexcept {
  if (!ownership::AccessPolicy{}.decide(actor, ownership::Operation::modify,
                                        ownership::ObjectRef{ownership::ObjectKind::setting,
                                                             ownership::kUnauthenticatedUserId})) {
    return make_error(StatusCode::permission_denied,
                      "only administrators may change login attempt limits");
  }
  MFP_RETURN_IF_ERROR(apply_limits(administrator_max_attempts, local_user_max_attempts));
  audit_.record(audit::events::security_setting_changed(accounts_.audit_name(actor.user_id),
                                                        "Limit Login Attempts"));
  return Status::ok();
}

Status Authenticator::apply_limits(std::uint32_t administrator_max_attempts,
                                   std::uint32_t local_user_max_attempts) noexcept {
  if (!valid_limit(administrator_max_attempts) || !valid_limit(local_user_max_attempts)) {
    return make_error(StatusCode::invalid_argument, "login attempts must be 1..10");
  }
  std::lock_guard lock(mu_);
  options_.administrator_max_attempts = administrator_max_attempts;
  options_.local_user_max_attempts = local_user_max_attempts;
  return Status::ok();
}

bool Authenticator::locked(std::uint64_t user_id) const noexcept {
  std::lock_guard lock(mu_);
  return locked_.contains(user_id);
}

void Authenticator::forget(std::uint64_t user_id) noexcept {
  std::lock_guard lock(mu_);
  cache_->drop_user(user_id);
}

}  // namespace mfp::security::auth
