#pragma once
// decode_base64(): standard base64 (RFC 4648 section 4, with padding) into bytes that are
// zeroed when dropped (credentials travel base64-encoded: HTTP Basic, the guide's LOGIN.CMD).
// nullopt for a length that is not a multiple of 4, a character outside the alphabet, or
// misplaced padding. Never throws except std::bad_alloc.

#include <optional>
#include <string_view>

#include "security/crypto/secure_bytes.h"

namespace mfp::frontends::http {

[[nodiscard]] std::optional<security::crypto::SecureBytes> decode_base64(std::string_view text);

}  // namespace mfp::frontends::http
