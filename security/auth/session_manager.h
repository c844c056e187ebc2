#pragma once
// SessionManager: server-side login sessions for the browser (CentreWare Internet Services)
// and the control panel. start() makes a new session with a fresh random ID (and ends the
// session the client presented, if any, so an ID is never carried across a login); touch()
// validates an ID and extends its idle timer; sessions end at logout (end()), when their user's
// password changes or the user is deleted or locked (end_user()), and after the "Auto Clear"
// idle time: browser 1..240 min (secure 6 min, "Set Browser Session Timeout"), panel 10..900 s
// (secure 30 s, "Set Auto Clear"). One panel session at a time (the panel is one screen): a new
// one ends the old. Browser sessions carry a CSRF token checked with check_csrf() in constant
// time ("Set CSRF").
//
// Only SHA-256 digests of session IDs are kept as map keys; the ID itself is not stored.
// Failure: Status/Result, never throws: permission_denied "session expired or unknown" for any
// unknown, expired or wrong-kind ID, permission_denied "CSRF token mismatch", invalid_argument
// for a timeout out of range, resource_exhausted when max_sessions live sessions exist (expired
// ones are purged first). Ownership: borrows the clock and the Drbg. Thread-safe (one mutex).
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "engine_hw/clock.h"
#include "pipeline/status.h"
#include "security/auth/session.h"
#include "security/crypto/digest.h"
#include "security/crypto/drbg.h"

namespace mfp::security::auth {

inline constexpr std::size_t kSessionIdBytes = 32;

struct SessionOptions {
  std::chrono::minutes browser_idle{6};  // "Auto Clear (Internet Services)": 1..240 min
  std::chrono::seconds panel_idle{30};   // "Auto Clear" (control panel): 10..900 s
  std::size_t max_sessions = 1024;
};

class SessionManager {
 public:
  // invalid_argument for a timeout out of range.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<SessionManager>> create(
      const engine_hw::Clock& clock, crypto::Drbg& drbg, SessionOptions options = {}) noexcept;
  SessionManager(const SessionManager&) = delete;
  SessionManager& operator=(const SessionManager&) = delete;

  // A new session for an authenticated `subject`; `previous_id` (the client's old cookie, may
  // be empty) is ended first.
  // `login` and `must_change_password` are kept with the session (Session).
  [[nodiscard]] pipeline::Result<Session> start(SessionKind kind, const ownership::Subject& subject,
                                                std::string_view previous_id = {},
                                                std::string_view login = {},
                                                bool must_change_password = false) noexcept;
  // The session's subject if `id` is a live session of `kind`; extends its idle timer.
  [[nodiscard]] pipeline::Result<ownership::Subject> touch(std::string_view id,
                                                           SessionKind kind) noexcept;
  // The live session `id` of `kind` (its CSRF token, subject, login), as touch() does.
  [[nodiscard]] pipeline::Result<Session> resume(std::string_view id, SessionKind kind) noexcept;
  // ok when `token` is the CSRF token of live browser session `id` (constant-time compare).
  [[nodiscard]] pipeline::Status check_csrf(std::string_view id, std::string_view token) noexcept;
  // Logout. Unknown IDs are ignored.
  void end(std::string_view id) noexcept;
  // Ends every session of `user_id` (password change, delete, lockout).
  void end_user(std::uint64_t user_id) noexcept;
  [[nodiscard]] pipeline::Status set_browser_timeout(std::chrono::minutes idle) noexcept;
  [[nodiscard]] pipeline::Status set_panel_timeout(std::chrono::seconds idle) noexcept;
  [[nodiscard]] std::size_t live() noexcept;

 private:
  struct Entry {
    SessionKind kind = SessionKind::browser;
    ownership::Subject subject;
    std::string csrf_token;
    engine_hw::Clock::TimePoint last_activity{};
    std::string login;
    bool must_change_password = false;
  };
  SessionManager(const engine_hw::Clock& clock, crypto::Drbg& drbg, SessionOptions o) noexcept
      : clock_(clock), drbg_(drbg), options_(o) {}
  [[nodiscard]] bool expired(const Entry& e, engine_hw::Clock::TimePoint now) const noexcept;
  void purge(engine_hw::Clock::TimePoint now) noexcept;
  [[nodiscard]] pipeline::Result<std::string> random_hex() noexcept;
  // The live entry of `id` and `kind` with its idle timer extended (mu_ held), or null.
  [[nodiscard]] Entry* live_entry(std::string_view id, SessionKind kind) noexcept;
  [[nodiscard]] static crypto::Sha256Digest key(std::string_view id) noexcept;

  const engine_hw::Clock& clock_;
  crypto::Drbg& drbg_;
  std::mutex mu_;
  SessionOptions options_;
  std::map<crypto::Sha256Digest, Entry> sessions_;
};

}  // namespace mfp::security::auth
