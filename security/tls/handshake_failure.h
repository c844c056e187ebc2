#pragma once
// describe_handshake_failure: why a TLS handshake just failed, as the "Reason" item of the audit
// event "Communication / Trusted Communication / Failed"
// (audit::events::trusted_communication_failed(protocol, destination, reason)).
//
// Call it on the thread whose SSL_accept/SSL_connect/SSL_do_handshake failed, with
// SSL_get_error()'s result. It reads this thread's OpenSSL error queue (the earliest libssl
// error is the cause, including an alert the peer sent, e.g. "tlsv1 alert protocol version")
// and leaves the queue empty. Well-known causes get fixed words:
//   "protocol version"          the peer offered only versions below TLS 1.2 (or above the max)
//   "no shared cipher"          no suite of the policy in the peer's list
//   "no shared group"           no P-256/P-384 key exchange group
//   "renegotiation refused"
//   "not TLS"                   plain HTTP or another protocol on the TLS port
//   "peer alert: <alert>"       the peer aborted with an alert (OpenSSL's alert name)
//   "connection closed"         the peer went away mid-handshake
//   "handshake failed: <OpenSSL's reason text>" otherwise.
// The text is built only from fixed strings and OpenSSL's static reason strings — never the
// error's data string, peer bytes, names, keys or passwords — printable ASCII, at most 128
// characters. Never throws except std::bad_alloc.

#include <cstddef>
#include <string>

namespace mfp::security::tls {

inline constexpr std::size_t kMaxFailureReasonLength = 128;

[[nodiscard]] std::string describe_handshake_failure(int ssl_error);

// The same words for one OpenSSL packed error code, for callers whose TLS layer already took
// the code off the queue (Asio reports the earliest one as its error_code value). 0 means the
// peer closed the connection. Never throws except std::bad_alloc.
[[nodiscard]] std::string describe_handshake_error(unsigned long error_code);

}  // namespace mfp::security::tls
