#pragma once
// Authenticator: checks a login name and password presented at the control panel, the browser
// (CentreWare Internet Services) or IPP Basic, and returns the authenticated Subject or one
// generic failure ("login failed: user ID or password is incorrect", permission_denied) that is
// the same for an unknown user, a wrong password and a locked account. An unknown login still
// runs one KDF (against a decoy record) so timing does not tell which it was.
//
// Every failure is audited per interface (events::login_failed: Invalid UserID with user "-" or
// Invalid Password with the user's name; for IPP the catalog's Printer Driver row). "Set Limit
// Login Attempts": failures are counted per account across every interface; at the limit
// (1..10, secure 5; the administrator limit for the Key Operator and System Administrators, the
// local-user limit for others) the account locks, which is audited (the failure event carries
// {"Account", "Locked"}), and then even the right password gets the generic failure until an
// administrator calls unlock() or the device restarts; the Key Operator is unlocked only by a
// restart. Lockout state is in memory on purpose: the guide clears it at restart. A success
// resets the account's count.
//
// Per-source throttle (SourceThrottle): failures from one source address are counted too; at
// the throttle limit the source is refused (resource_exhausted, "too many failed logins from
// this address; try again later") without checking, counting or auditing anything, for the
// block time; the failure that starts a block is audited with {"Source", "Throttled"}. The
// control panel is not throttled (it has no network source; physical presence is its limit).
//
// IPP Basic cache (CredentialCache): successful IPP Basic logins are remembered 60 s (HMAC'd
// key, invalidated by a password change/edit/delete or a lockout) so a CUPS exchange costs one
// KDF. A user whose must_change_password is set cannot log in over IPP Basic (permission_denied,
// "password change required"); panel and browser logins return the flag for the front end to
// force the change.
//
// Failure: Status/Result, never throws; store errors pass through as internal-kind failures
// without details of the credentials. Ownership: borrows Accounts, the audit sink, the clock and
// (at create) the Drbg. Thread-safe; KDF runs happen outside the lock.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "engine_hw/clock.h"
#include "pipeline/status.h"
#include "security/audit/audit_sink.h"
#include "security/auth/accounts.h"
#include "security/auth/credential_cache.h"
#include "security/auth/source_throttle.h"
#include "security/ownership/subject.h"

namespace mfp::security::auth {

enum class Interface : std::uint8_t { panel, browser, ipp_basic };

inline constexpr std::uint32_t kMinLoginAttempts = 1;
inline constexpr std::uint32_t kMaxLoginAttempts = 10;
inline constexpr std::string_view kLoginFailedMessage =
    "login failed: user ID or password is incorrect";

struct AuthenticatorOptions {
  std::uint32_t administrator_max_attempts = 5;  // "Limit Login Attempts of System Administrator"
  std::uint32_t local_user_max_attempts = 5;     // "Limit Login Attempts of Local User"
  SourceThrottleOptions throttle;
  engine_hw::Clock::Duration ipp_cache_ttl = std::chrono::seconds(60);
};

struct LoginResult {
  ownership::Subject subject;
  std::string login;
  bool must_change_password = false;
};

class Authenticator {
 public:
  // invalid_argument when a login-attempt limit is outside 1..10.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<Authenticator>> create(
      Accounts& accounts, audit::AuditSink& audit, const engine_hw::Clock& clock,
      crypto::Drbg& drbg, AuthenticatorOptions options = {}) noexcept;
  Authenticator(const Authenticator&) = delete;
  Authenticator& operator=(const Authenticator&) = delete;

  [[nodiscard]] pipeline::Result<LoginResult> verify(std::string_view login,
                                                     std::span<const std::uint8_t> password,
                                                     Interface where,
                                                     std::string_view source) noexcept;
  // Administrators only; conflict for the Key Operator (restart only) or an unlocked account.
  [[nodiscard]] pipeline::Status unlock(const ownership::Subject& actor, std::uint64_t user_id,
                                        std::string_view interface = {}) noexcept;
  // "Set Limit Login Attempts" (administrators only; each 1..10).
  [[nodiscard]] pipeline::Status set_limits(const ownership::Subject& actor,
                                            std::uint32_t administrator_max_attempts,
                                            std::uint32_t local_user_max_attempts) noexcept;
  // Trusted path for apply_auth_settings() (auth_settings.h) only: set_limits() without
  // authorization or audit, because the settings registry has already authorized the actor and
  // audited the change under the actor's own name. invalid_argument unless each is 1..10 (the
  // limits are then unchanged). Failure counts so far are kept: a lowered limit applies from
  // the next failure.
  [[nodiscard]] pipeline::Status apply_limits(std::uint32_t administrator_max_attempts,
                                              std::uint32_t local_user_max_attempts) noexcept;
  [[nodiscard]] bool locked(std::uint64_t user_id) const noexcept;
  // Drops every cached IPP credential of `user_id` (callers may call it after a change).
  void forget(std::uint64_t user_id) noexcept;
  // Sets the function called when an account is locked out (the device core ends the user's
  // sessions with it). Called with the authenticator's lock held: it must not call back into
  // the authenticator. Set once at start-up.
  void on_lockout(std::function<void(std::uint64_t user_id)> listener) noexcept {
    lockout_ = std::move(listener);
  }

 private:
  Authenticator(Accounts& accounts, audit::AuditSink& audit, const engine_hw::Clock& clock,
                AuthenticatorOptions options, std::unique_ptr<CredentialCache> cache) noexcept;
  [[nodiscard]] pipeline::Status fail(const Account* account, Interface where,
                                      std::string_view source, bool counts);

  Accounts& accounts_;
  audit::AuditSink& audit_;
  const engine_hw::Clock& clock_;
  AuthenticatorOptions options_;
  mutable std::mutex mu_;
  std::unique_ptr<CredentialCache> cache_;
  SourceThrottle throttle_;
  std::unordered_map<std::uint64_t, std::uint32_t> failures_;
  std::unordered_set<std::uint64_t> locked_;
  std::function<void(std::uint64_t)> lockout_;
  // Accounts whose IPP Basic password check (the slow KDF) is running: a burst of requests with
  // the same credentials (a CUPS queue, 50 clients at once) waits for that one check and then
  // finds the cache filled, instead of running 50 KDFs at once.
  std::unordered_set<std::uint64_t> checking_;
  std::condition_variable checked_;
};

}  // namespace mfp::security::auth
