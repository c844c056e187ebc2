#pragma once
// Session: what SessionManager hands a front end at login: the session ID (64 hex characters
// from 32 Drbg bytes; the front end's cookie or panel handle), the CSRF token bound to it
// (browser sessions; 64 hex characters), and who it is for. Both strings are secrets: never
// log them.
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
};

}  // namespace mfp::security::auth
