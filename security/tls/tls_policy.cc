#include "security/tls/tls_policy.h"

#include <algorithm>
#include <string_view>

#include "security/settings/tls_cipher_suites.h"
#include "security/tls/cipher_suite_name.h"

namespace mfp::security::tls {
namespace {

using pipeline::StatusCode;

// Lower ranks are preferred: ECDHE+GCM, ECDHE+CBC-SHA2, ECDHE+CBC-SHA1, RSA+SHA2, RSA+SHA1.
int preference_rank(const CipherSuiteName& suite) noexcept {
  if (suite.ecdhe) {
    if (suite.aead) return 0;
    return suite.sha1_mac ? 2 : 1;
  }
  return suite.sha1_mac ? 4 : 3;
}

}  // namespace

pipeline::Result<TlsPolicy> TlsPolicy::from_settings(const settings::SettingsRegistry& settings) {
  auto version = settings.get<std::string>("tls.protocol_version");
  if (!version.is_ok()) return version.status();
  // Both values give TLS 1.2 as the minimum (see the header); anything else is a bug upstream.
  if (version.value() != "tls1.0_or_later" && version.value() != "tls1.2_or_later") {
    return pipeline::make_error(StatusCode::invalid_argument,
                                "tls.protocol_version: unknown value " + version.value());
  }
  auto tls13 = settings.get<bool>("tls.tls13.enabled");
  if (!tls13.is_ok()) return tls13.status();
  auto fips = settings.get<bool>("tls.fips140_mode");
  if (!fips.is_ok()) return fips.status();

  TlsPolicy policy;
  policy.tls13_enabled = tls13.value();
  policy.fips_mode = fips.value();

  std::vector<CipherSuiteName> suites;
  for (std::string_view iana : settings::secure_tls_cipher_suites()) {
    std::optional<CipherSuiteName> row = find_cipher_suite(iana);
    if (!row) {
      return pipeline::make_error(StatusCode::internal,
                                  "TLS policy: no OpenSSL name for " + std::string(iana));
    }
    if (policy.fips_mode && !row->fips_approved) continue;
    suites.push_back(*row);
  }
  std::stable_sort(suites.begin(), suites.end(),
                   [](const CipherSuiteName& a, const CipherSuiteName& b) {
                     return preference_rank(a) < preference_rank(b);
                   });
  for (const CipherSuiteName& suite : suites) policy.tls12_suites.emplace_back(suite.openssl);
  if (policy.tls12_suites.empty()) {
    return pipeline::make_error(StatusCode::internal, "TLS policy: no cipher suite left");
  }
  return policy;
}

std::string TlsPolicy::tls12_cipher_list() const {
  std::string list;
  for (const std::string& suite : tls12_suites) {
    if (!list.empty()) list += ':';
    list += suite;
  }
  return list;
}

}  // namespace mfp::security::tls
