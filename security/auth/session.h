#pragma once
// Session: what SessionManager hands a front end at login: the session ID (64 hex characters
// from 32 Drbg bytes; the front end's cookie or panel handle), the CSRF token bound to it
// (browser sessions; 64 hex characters), and who it is for. Both strings are secrets: never
// log them. A session also carries the login name it was opened with and whether the
// account must change its password first.
#include <cstdint>
#include <string>

#include "security/ownership/subject.h"

namespace mfp::security::auth {

enum class SessionKind : std::uint8_t { browser, panel };

struct Session {
  std::string id;
  std::string csrf_token;  // empty for panel sessions
  SessionKind kind = SessionKind::browser;
  ownership::Subject subject;
  std::string login;  // the login name the session was opened with (shown on the pages)
  // The account must set a new password before anything else (the Key Operator's one-time
  // password); the change ends the session, so the flag never needs clearing.
  bool must_change_password = false;
};

}  // namespace mfp::security::auth
