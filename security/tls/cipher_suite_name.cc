#include "security/tls/cipher_suite_name.h"

#include <array>

namespace mfp::security::tls {
namespace {

// {iana, openssl, ecdhe, aead, sha1_mac, fips_approved}
constexpr std::array<CipherSuiteName, 16> kNames = {{
    {"TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA", false, false, true, false},
    {"TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA", false, false, true, false},
    {"TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256", false, false, false, false},
    {"TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256", false, false, false, false},
    {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA", true, false, true, false},
    {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA", true, false, true, false},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA", true, false, true, false},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA", true, false, true, false},
    {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256", true, false, false, false},
    {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384", true, false, false, false},
    {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", true, true, false,
     true},
    {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384", true, true, false,
     true},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", true, true, false,
     true},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384", true, true, false,
     true},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256", true, false, false,
     false},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384", true, false, false,
     false},
}};

}  // namespace

std::span<const CipherSuiteName> cipher_suite_names() noexcept {
  return kNames;
}

std::optional<CipherSuiteName> find_cipher_suite(std::string_view iana) noexcept {
  for (const CipherSuiteName& row : kNames) {
    if (row.iana == iana) return row;
  }
  return std::nullopt;
}

}  // namespace mfp::security::tls
