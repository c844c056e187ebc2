#include "security/tls/handshake_failure.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <string_view>

namespace mfp::security::tls {
namespace {

// Fixed words for the libssl reasons an administrator sees most (nullptr: not one of them).
const char* known_reason(int reason) noexcept {
  switch (reason) {
    case SSL_R_UNSUPPORTED_PROTOCOL:
    case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
    case SSL_R_VERSION_TOO_LOW:
    case SSL_R_VERSION_TOO_HIGH:
      return "protocol version";
    case SSL_R_NO_SHARED_CIPHER:
    case SSL_R_NO_CIPHERS_AVAILABLE:
      return "no shared cipher";
    case SSL_R_NO_SHARED_GROUPS:
      return "no shared group";
    case SSL_R_NO_RENEGOTIATION:
    case SSL_R_UNSAFE_LEGACY_RENEGOTIATION_DISABLED:
      return "renegotiation refused";
    case SSL_R_HTTP_REQUEST:
    case SSL_R_HTTPS_PROXY_REQUEST:
    case SSL_R_WRONG_VERSION_NUMBER:
    case SSL_R_PACKET_LENGTH_TOO_LONG:
    case SSL_R_RECORD_LENGTH_MISMATCH:
      return "not TLS";
    default:
      return nullptr;
  }
}

// Keeps printable ASCII only and caps the length.
std::string sanitized(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (out.size() >= kMaxFailureReasonLength) break;
    out.push_back(ch >= 0x20 && ch < 0x7f ? ch : '?');
  }
  return out;
}

}  // namespace

std::string describe_handshake_failure(int ssl_error) {
  // The earliest libssl error is the cause; later entries are consequences.
  unsigned long cause = 0;
  unsigned long first = 0;
  for (unsigned long code = ERR_get_error(); code != 0; code = ERR_get_error()) {
    if (first == 0) first = code;
    if (cause == 0 && ERR_GET_LIB(code) == ERR_LIB_SSL) cause = code;
  }
  ERR_clear_error();
  if (cause == 0) cause = first;
  if (cause == 0) {
    switch (ssl_error) {
      case SSL_ERROR_SYSCALL:
      case SSL_ERROR_ZERO_RETURN:
        return "connection closed";
      case SSL_ERROR_WANT_READ:
      case SSL_ERROR_WANT_WRITE:
        return "handshake incomplete";
      default:
        return "handshake failed";
    }
  }
  return describe_handshake_error(cause);
}

std::string describe_handshake_error(unsigned long error_code) {
  if (error_code == 0) return "connection closed";
  // Reason strings are only there once libssl's are loaded (idempotent, cheap after the first).
  OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS | OPENSSL_INIT_LOAD_CRYPTO_STRINGS, nullptr);
  const int reason = ERR_GET_REASON(error_code);
  if (ERR_GET_LIB(error_code) == ERR_LIB_SSL) {
    if (const char* words = known_reason(reason)) return words;
  }
  const char* text = ERR_reason_error_string(error_code);
  if (text == nullptr) return "handshake failed: OpenSSL error " + std::to_string(reason);
  // Alerts received from the peer: OpenSSL names them "sslv3 alert ..." / "tlsv1 alert ...".
  constexpr std::string_view kSsl3 = "sslv3 alert ";
  constexpr std::string_view kTls1 = "tlsv1 alert ";
  std::string_view view(text);
  if (view.starts_with(kSsl3)) return sanitized("peer alert: " + std::string(view.substr(12)));
  if (view.starts_with(kTls1)) return sanitized("peer alert: " + std::string(view.substr(12)));
  return sanitized("handshake failed: " + std::string(view));
}

}  // namespace mfp::security::tls
