#include "security/auth/session_manager.h"

#include <new>
#include <utility>

#include "security/crypto/secure_bytes.h"

namespace mfp::security::auth {
namespace {

using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

Status unknown_session() {
  return make_error(StatusCode::permission_denied, "session expired or unknown");
}

bool browser_ok(std::chrono::minutes m) {
  return m.count() >= 1 && m.count() <= 240;
}
bool panel_ok(std::chrono::seconds s) {
  return s.count() >= 10 && s.count() <= 900;
}

std::span<const std::uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

Result<std::unique_ptr<SessionManager>> SessionManager::create(const engine_hw::Clock& clock,
                                                               crypto::Drbg& drbg,
                                                               SessionOptions options) noexcept {
  if (!browser_ok(options.browser_idle) || !panel_ok(options.panel_idle)) {
    return make_error(StatusCode::invalid_argument,
                      "session timeouts: browser 1..240 min, panel 10..900 s");
  }
  std::unique_ptr<SessionManager> sessions(new (std::nothrow) SessionManager(clock, drbg, options));
  if (!sessions) return make_error(StatusCode::resource_exhausted, "sessions: out of memory");
  return sessions;
}

crypto::Sha256Digest SessionManager::key(std::string_view id) noexcept {
  return crypto::sha256(as_bytes(id));
}

Result<std::string> SessionManager::random_hex() noexcept {
  MFP_ASSIGN_OR_RETURN(crypto::SecureBytes b, drbg_.bytes(kSessionIdBytes));
  return crypto::to_hex(b.span());
}

bool SessionManager::expired(const Entry& e, engine_hw::Clock::TimePoint now) const noexcept {
  const engine_hw::Clock::Duration idle = e.kind == SessionKind::browser
                                              ? engine_hw::Clock::Duration(options_.browser_idle)
                                              : engine_hw::Clock::Duration(options_.panel_idle);
  return now - e.last_activity >= idle;
}

void SessionManager::purge(engine_hw::Clock::TimePoint now) noexcept {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = expired(it->second, now) ? sessions_.erase(it) : std::next(it);
  }
}

Result<Session> SessionManager::start(SessionKind kind, const ownership::Subject& subject,
                                      std::string_view previous_id, std::string_view login,
                                      bool must_change_password) noexcept {
  if (subject.user_id == ownership::kUnauthenticatedUserId) {
    return make_error(StatusCode::permission_denied, "sessions are for authenticated users");
  }
  MFP_ASSIGN_OR_RETURN(std::string id, random_hex());
  std::string csrf;
  if (kind == SessionKind::browser) {
    MFP_ASSIGN_OR_RETURN(csrf, random_hex());
  }
  std::lock_guard lock(mu_);
  const auto now = clock_.now();
  if (!previous_id.empty()) sessions_.erase(key(previous_id));
  if (kind == SessionKind::panel) {
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      it = it->second.kind == SessionKind::panel ? sessions_.erase(it) : std::next(it);
    }
  }
  purge(now);
  if (sessions_.size() >= options_.max_sessions) {
    return make_error(StatusCode::resource_exhausted, "too many sessions");
  }
  try {
    sessions_[key(id)] = Entry{kind, subject, csrf, now, std::string(login), must_change_password};
    return Session{std::move(id), std::move(csrf),    kind,
                   subject,       std::string(login), must_change_password};
  } catch (...) {
    return pipeline::current_exception_status("session start");
  }
}

SessionManager::Entry* SessionManager::live_entry(std::string_view id, SessionKind kind) noexcept {
  const auto now = clock_.now();
  auto it = sessions_.find(key(id));
  if (it == sessions_.end()) return nullptr;
  if (expired(it->second, now)) {
    sessions_.erase(it);
    return nullptr;
  }
  if (it->second.kind != kind) return nullptr;
  it->second.last_activity = now;
  return &it->second;
}

Result<Session> SessionManager::resume(std::string_view id, SessionKind kind) noexcept {
  std::lock_guard lock(mu_);
  const Entry* e = live_entry(id, kind);
  if (e == nullptr) return unknown_session();
  try {
    return Session{std::string(id), e->csrf_token, kind,
                   e->subject,      e->login,      e->must_change_password};
  } catch (...) {
    return pipeline::current_exception_status("session resume");
  }
}

Result<ownership::Subject> SessionManager::touch(std::string_view id, SessionKind kind) noexcept {
  std::lock_guard lock(mu_);
  const Entry* e = live_entry(id, kind);
  if (e == nullptr) return unknown_session();
  return e->subject;
}

Status SessionManager::check_csrf(std::string_view id, std::string_view token) noexcept {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(key(id));
  if (it == sessions_.end() || it->second.kind != SessionKind::browser ||
      expired(it->second, clock_.now())) {
    return unknown_session();
  }
  const std::string& want = it->second.csrf_token;
  if (want.empty() || token.size() != want.size() ||
      !crypto::constant_time_equal(as_bytes(token), as_bytes(want))) {
    return make_error(StatusCode::permission_denied, "CSRF token mismatch");
  }
  return Status::ok();
}

void SessionManager::end(std::string_view id) noexcept {
  std::lock_guard lock(mu_);
  sessions_.erase(key(id));
}

void SessionManager::end_user(std::uint64_t user_id) noexcept {
  std::lock_guard lock(mu_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.subject.user_id == user_id ? sessions_.erase(it) : std::next(it);
  }
}

Status SessionManager::set_browser_timeout(std::chrono::minutes idle) noexcept {
  if (!browser_ok(idle)) {
    return make_error(StatusCode::invalid_argument, "browser session timeout must be 1..240 min");
  }
  std::lock_guard lock(mu_);
  options_.browser_idle = idle;
  return Status::ok();
}

Status SessionManager::set_panel_timeout(std::chrono::seconds idle) noexcept {
  if (!panel_ok(idle)) {
    return make_error(StatusCode::invalid_argument, "panel auto clear must be 10..900 s");
  }
  std::lock_guard lock(mu_);
  options_.panel_idle = idle;
  return Status::ok();
}

std::size_t SessionManager::live() noexcept {
  std::lock_guard lock(mu_);
  purge(clock_.now());
  return sessions_.size();
}

}  // namespace mfp::security::auth
