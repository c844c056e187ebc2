#include "security/tls/server_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <string>
#include <string_view>

#include "security/crypto/drbg.h"

namespace mfp::security::tls {
namespace {

using pipeline::StatusCode;

// An internal error naming `step` and OpenSSL's reason (static library text, no data); clears
// this thread's error queue.
pipeline::Status openssl_failure(const char* step) {
  std::string message = std::string("TLS server context: ") + step;
  const unsigned long code = ERR_peek_last_error();
  if (code != 0) {
    const char* reason = ERR_reason_error_string(code);
    if (reason != nullptr) message += std::string(": ") + reason;
  }
  ERR_clear_error();
  return pipeline::make_error(StatusCode::internal, std::move(message));
}

// Number of TLS 1.2-and-below suites the context ended up with.
int tls12_suite_count(const SSL_CTX* ctx) {
  const STACK_OF(SSL_CIPHER)* ciphers = SSL_CTX_get_ciphers(ctx);
  int count = 0;
  for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); ++i) {
    // TLS 1.3 suites (SSL_CTX_set_ciphersuites) share the stack; OpenSSL names their version.
    const char* version = SSL_CIPHER_get_version(sk_SSL_CIPHER_value(ciphers, i));
    if (std::string_view(version) != "TLSv1.3") ++count;
  }
  return count;
}

}  // namespace

pipeline::Result<detail::SslCtxPtr> make_server_context(
    const TlsPolicy& policy, const certs::DeviceCertificate& certificate) {
  if (policy.fips_mode) {
    pipeline::Status kat = crypto::Drbg::known_answer_test();
    if (!kat.is_ok()) {
      return pipeline::make_error(StatusCode::integrity_error,
                                  "FIPS mode self-test failed: " + kat.message());
    }
  }
  if (policy.tls12_suites.empty()) {
    return pipeline::make_error(StatusCode::internal, "TLS server context: empty suite list");
  }

  detail::SslCtxPtr ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx) return openssl_failure("SSL_CTX_new");
  SSL_CTX* c = ctx.get();

  SSL_CTX_set_security_level(c, 2);
  if (SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION) != 1) {
    return openssl_failure("minimum protocol version");
  }
  const int max_version = policy.tls13_enabled ? TLS1_3_VERSION : TLS1_2_VERSION;
  if (SSL_CTX_set_max_proto_version(c, max_version) != 1) {
    return openssl_failure("maximum protocol version");
  }
  const std::string list = policy.tls12_cipher_list();
  if (SSL_CTX_set_cipher_list(c, list.c_str()) != 1) return openssl_failure("cipher list");
  // OpenSSL skips names it does not know: insist that every suite of the policy is in force.
  if (tls12_suite_count(c) != static_cast<int>(policy.tls12_suites.size())) {
    ERR_clear_error();
    return pipeline::make_error(
        StatusCode::internal, "TLS server context: OpenSSL did not accept every suite of " + list);
  }
  const std::string tls13 = TlsPolicy::tls13_ciphersuites();
  if (SSL_CTX_set_ciphersuites(c, tls13.c_str()) != 1) {
    return openssl_failure("TLS 1.3 ciphersuites");
  }
  if (SSL_CTX_set1_groups_list(c, kServerGroups) != 1) return openssl_failure("groups");

  SSL_CTX_set_options(c, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION |
                             SSL_OP_NO_COMPRESSION | SSL_OP_NO_TICKET);
  if (SSL_CTX_set_num_tickets(c, 0) != 1) return openssl_failure("TLS 1.3 tickets");
  SSL_CTX_set_session_cache_mode(c, SSL_SESS_CACHE_OFF);

  if (SSL_CTX_use_certificate(c, certificate.leaf().native()) != 1) {
    return openssl_failure("device certificate");
  }
  const auto& chain = certificate.chain();
  for (std::size_t i = 1; i < chain.size(); ++i) {
    if (SSL_CTX_add1_chain_cert(c, chain[i].native()) != 1) {
      return openssl_failure("certificate chain");
    }
  }
  if (SSL_CTX_use_PrivateKey(c, certificate.key().native()) != 1) {
    return openssl_failure("device key");
  }
  if (SSL_CTX_check_private_key(c) != 1) return openssl_failure("device key check");
  ERR_clear_error();
  return ctx;
}

}  // namespace mfp::security::tls
