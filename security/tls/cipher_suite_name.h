#pragma once
// CipherSuiteName: one TLS 1.2 cipher suite as the guide names it (IANA) and as OpenSSL's
// cipher-list syntax names it, with the facts the TLS policy orders and filters by. The table
// cipher_suite_names() covers every suite of settings::secure_tls_cipher_suites(); a guide
// suite missing from it is a bug that TlsPolicy::from_settings() reports as `internal`.
//
// IANA name                                   OpenSSL name                    kx     AEAD FIPS
// TLS_RSA_WITH_AES_128_CBC_SHA                AES128-SHA                      RSA    no   no
// TLS_RSA_WITH_AES_256_CBC_SHA                AES256-SHA                      RSA    no   no
// TLS_RSA_WITH_AES_128_CBC_SHA256             AES128-SHA256                   RSA    no   no
// TLS_RSA_WITH_AES_256_CBC_SHA256             AES256-SHA256                   RSA    no   no
// TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA          ECDHE-RSA-AES128-SHA            ECDHE  no   no
// TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA          ECDHE-RSA-AES256-SHA            ECDHE  no   no
// TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA        ECDHE-ECDSA-AES128-SHA          ECDHE  no   no
// TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA        ECDHE-ECDSA-AES256-SHA          ECDHE  no   no
// TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256       ECDHE-RSA-AES128-SHA256         ECDHE  no   no
// TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384       ECDHE-RSA-AES256-SHA384         ECDHE  no   no
// TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256       ECDHE-RSA-AES128-GCM-SHA256     ECDHE  yes  yes
// TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384       ECDHE-RSA-AES256-GCM-SHA384     ECDHE  yes  yes
// TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256     ECDHE-ECDSA-AES128-GCM-SHA256   ECDHE  yes  yes
// TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384     ECDHE-ECDSA-AES256-GCM-SHA384   ECDHE  yes  yes
// TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256     ECDHE-ECDSA-AES128-SHA256       ECDHE  no   no
// TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384     ECDHE-ECDSA-AES256-SHA384       ECDHE  no   no
//
// "FIPS" marks the suites OpenMFP keeps with "FIPS 140 Validation Mode" on: ECDHE key exchange
// (forward secrecy, SP 800-56A curves P-256/P-384) with AES-GCM and SHA-256/384 (SP 800-52r2's
// preferred TLS 1.2 suites). The CBC suites are not offered in FIPS mode. Static data.

#include <optional>
#include <span>
#include <string_view>

namespace mfp::security::tls {

struct CipherSuiteName {
  std::string_view iana;     // "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
  std::string_view openssl;  // "ECDHE-ECDSA-AES128-GCM-SHA256"
  bool ecdhe = false;        // forward-secret key exchange (else static RSA key transport)
  bool aead = false;         // AES-GCM (else AES-CBC with HMAC)
  bool sha1_mac = false;     // CBC with HMAC-SHA1
  bool fips_approved = false;
};

// Every known TLS 1.2 suite of the guide, in the table's order above.
[[nodiscard]] std::span<const CipherSuiteName> cipher_suite_names() noexcept;

// The row of `iana`, or nullopt when the table does not know it.
[[nodiscard]] std::optional<CipherSuiteName> find_cipher_suite(std::string_view iana) noexcept;

}  // namespace mfp::security::tls
