#include "security/tls/tls_policy.h"

#include <algorithm>
#include <string_view>

#include "security/settings/setting_keys.h"
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
  // Both protocol-version values give TLS 1.2 as the minimum (see the header), so it is not
  // read here; an unreadable TLS 1.3 or FIPS switch reads as its secure value.
  TlsPolicy policy;
  policy.tls13_enabled = settings.read(settings::kTls13);
  policy.fips_mode = settings.read(settings::kFips140Mode);

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
