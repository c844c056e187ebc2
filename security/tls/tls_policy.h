#pragma once
// TlsPolicy: what every TLS endpoint of the device offers and accepts, derived from the settings
// registry ("Set TLS", "Set FIPS140-2") and the guide's cipher suite list
// (settings::secure_tls_cipher_suites()).
//
// Protocol versions: TLS 1.2 is always the minimum. "tls.protocol_version" offers
// "tls1.0_or_later" (the guide's factory value) and "tls1.2_or_later" (the secure value);
// OpenMFP never goes below TLS 1.2 even at the factory value: TLS 1.0/1.1 (RFC 8996, deprecated)
// are never negotiated, so both values mean the same policy and the setting only records what
// the administrator chose. TLS 1.3 is offered only when "tls.tls13.enabled" is on (the guide's
// secure configuration turns it off).
//
// Suites: TLS 1.2 exactly the guide's suites, as OpenSSL names (cipher_suite_name.h), in
// OpenMFP's preference order (the server's order wins): ECDHE + AES-GCM, then ECDHE + CBC with
// SHA-256/384, ECDHE + CBC with SHA-1, static RSA with SHA-256, static RSA with SHA-1; the
// guide's order within each rank. Forward secrecy and AEAD come first whenever the client
// offers them. TLS 1.3 (configured separately in OpenSSL): TLS_AES_256_GCM_SHA384 and
// TLS_AES_128_GCM_SHA256 (the guide lists no TLS 1.3 suite; ChaCha20-Poly1305 is left out so
// the AES-GCM-only policy holds in both versions and in FIPS mode).
//
// FIPS 140 Validation Mode ("tls.fips140_mode"): only the suites marked fips_approved (ECDHE
// with AES-GCM, SHA-256/384) and the AES-GCM TLS 1.3 suites; make_server_context() runs the
// crypto known-answer tests first. Honest limit: Debian's OpenSSL 3 has no FIPS provider, so no
// FIPS 140-validated cryptographic module is present; the mode restricts the algorithms to
// approved ones and self-tests, it does not make the device FIPS 140 validated.
//
// Failure: from_settings: the registry's status for a missing or mistyped key; invalid_argument
// for an unknown "tls.protocol_version" value; internal when a guide suite has no OpenSSL name
// in the table. Never throws except std::bad_alloc. Value type; copy freely.

#include <string>
#include <vector>

#include "pipeline/status.h"
#include "security/settings/settings_registry.h"

namespace mfp::security::tls {

struct TlsPolicy {
  // The TLS 1.3 suites OpenMFP offers when TLS 1.3 is on, in preference order (OpenSSL syntax).
  static constexpr const char* kTls13Suites = "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256";

  bool tls13_enabled = false;
  bool fips_mode = false;
  // TLS 1.2 suites as OpenSSL names, in preference order (see above); never empty.
  std::vector<std::string> tls12_suites;

  // The policy of the device's current settings (see the contract above).
  [[nodiscard]] static pipeline::Result<TlsPolicy> from_settings(
      const settings::SettingsRegistry& settings);

  // "A:B:C" for SSL_CTX_set_cipher_list (TLS 1.2 and below).
  [[nodiscard]] std::string tls12_cipher_list() const;
  // "A:B" for SSL_CTX_set_ciphersuites (TLS 1.3).
  [[nodiscard]] static std::string tls13_ciphersuites() { return kTls13Suites; }
};

}  // namespace mfp::security::tls
