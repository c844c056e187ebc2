#pragma once
// make_server_context: the OpenSSL server context of every TLS endpoint of the device (IPPS,
// HTTPS), built from a TlsPolicy and the device certificate.
//
// The context: TLS 1.2 minimum, TLS 1.2 maximum unless policy.tls13_enabled (then 1.3);
// exactly policy.tls12_suites (checked after OpenSSL parsed the list) and the TLS 1.3 AES-GCM
// suites; the server's order wins (SSL_OP_CIPHER_SERVER_PREFERENCE); key exchange groups P-256
// and P-384 only; security level 2; no renegotiation (SSL_OP_NO_RENEGOTIATION: a client's
// renegotiation request is refused); no TLS compression (CRIME).
// No session resumption at all: no session tickets (SSL_OP_NO_TICKET, and no TLS 1.3 tickets)
// and no server-side session cache. Every connection makes a full handshake with fresh ECDHE:
// there is no long-lived ticket key in memory whose theft would expose past sessions, and the
// cost (one ECDHE + signature per connection) is small for a printer's connection rate.
// The device key and chain are loaded (leaf first, then chain()[1..] as extra chain
// certificates) and the key is checked against the leaf.
// FIPS mode: crypto::Drbg::known_answer_test() runs first; the suites are already narrowed by
// the policy. See tls_policy.h for why this is not a FIPS-validated module.
//
// Failure: integrity_error when a known-answer test fails (no context: fail closed); internal
// when OpenSSL refuses a setting, the key or a certificate (the message names the step, never
// key material). The OpenSSL error queue of this thread is left empty. Never throws except
// std::bad_alloc. The context holds its own references to the key and certificates; it is
// safe to create SSL objects from it on several threads once it is built.

#include "pipeline/status.h"
#include "security/certs/device_certificate.h"
#include "security/tls/detail/openssl_ptr.h"
#include "security/tls/tls_policy.h"

namespace mfp::security::tls {

// Key exchange groups the server accepts, in OpenSSL's list syntax.
inline constexpr const char* kServerGroups = "P-256:P-384";

[[nodiscard]] pipeline::Result<detail::SslCtxPtr> make_server_context(
    const TlsPolicy& policy, const certs::DeviceCertificate& certificate);

}  // namespace mfp::security::tls
