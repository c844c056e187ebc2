#include "security/crypto/openssl_error.h"

#include <openssl/err.h>

#include <new>
#include <string>

namespace mfp::security::crypto {

pipeline::Status openssl_error(pipeline::StatusCode code, std::string_view what) noexcept {
  const unsigned long first = ERR_get_error();
  ERR_clear_error();
  try {
    std::string message(what);
    if (first != 0) {
      char reason[256];
      ERR_error_string_n(first, reason, sizeof reason);
      message += " (";
      message += reason;
      message += ')';
    }
    return pipeline::Status(code, std::move(message));
  } catch (...) {
    return pipeline::Status(code, std::string());  // SSO: an empty string never allocates
  }
}

void clear_openssl_errors() noexcept {
  ERR_clear_error();
}

}  // namespace mfp::security::crypto
