#pragma once
// BasicCredentials: the user ID and password of an HTTP "Authorization: Basic" field
// (RFC 7617, UTF-8), parsed strictly and held so the password is zeroed when dropped.
//
// Failure: parse() returns nullopt for another scheme, bad base64, a missing ':', an empty
// user ID, control characters, or a field longer than kMaxFieldLength. Never throws except
// std::bad_alloc. The decoded bytes never reach a log or a Status message.

#include <optional>
#include <string>
#include <string_view>

#include "security/crypto/secure_bytes.h"

namespace mfp::frontends::http {

struct BasicCredentials {
  static constexpr std::size_t kMaxFieldLength = 1024;

  std::string user;
  security::crypto::SecureBytes password;

  // The credentials of an Authorization field value ("Basic dXNlcjpwYXNz").
  [[nodiscard]] static std::optional<BasicCredentials> parse(std::string_view field);
};

}  // namespace mfp::frontends::http
