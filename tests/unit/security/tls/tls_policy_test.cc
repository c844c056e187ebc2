#include "security/tls/tls_policy.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <set>
#include <string>

#include "security/ownership/subject.h"
#include "security/settings/tls_cipher_suites.h"
#include "security/tls/cipher_suite_name.h"
#include "security/tls/detail/openssl_ptr.h"
#include "tests/support/test_security.h"

namespace mfp::security::tls {
namespace {

const ownership::Subject kKeyOperator = ownership::Subject::user(
    ownership::kKeyOperatorUserId, ownership::RoleSet{ownership::Role::key_operator});

TEST(CipherSuiteName, CoversEveryGuideSuiteAndOpenSslAgreesOnEachName) {
  ASSERT_EQ(cipher_suite_names().size(), settings::secure_tls_cipher_suites().size());
  for (std::string_view iana : settings::secure_tls_cipher_suites()) {
    auto row = find_cipher_suite(iana);
    ASSERT_TRUE(row.has_value()) << iana;
    // OpenSSL parses the OpenSSL name to exactly one TLS 1.2 suite whose IANA name is the row's.
    detail::SslCtxPtr ctx(SSL_CTX_new(TLS_server_method()));
    ASSERT_EQ(SSL_CTX_set_cipher_list(ctx.get(), std::string(row->openssl).c_str()), 1) << iana;
    std::set<std::string> standard;
    const STACK_OF(SSL_CIPHER)* ciphers = SSL_CTX_get_ciphers(ctx.get());
    for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); ++i) {
      const SSL_CIPHER* c = sk_SSL_CIPHER_value(ciphers, i);
      if (std::string_view(SSL_CIPHER_get_version(c)) != "TLSv1.3") {
        standard.insert(SSL_CIPHER_standard_name(c));
      }
    }
    EXPECT_EQ(standard, std::set<std::string>{std::string(iana)});
  }
  EXPECT_FALSE(find_cipher_suite("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256").has_value());
}

TEST(TlsPolicy, SecureSettingsAreTls12OnlyAndFipsSuites) {
  mfp::testing::TestSecurity sec;
  auto policy = TlsPolicy::from_settings(sec.device().settings());
  ASSERT_TRUE(policy.is_ok()) << policy.status().to_string();
  EXPECT_FALSE(policy->tls13_enabled);  // the guide's "Enable TLS 1.3" off
  EXPECT_TRUE(policy->fips_mode);       // the guide's "FIPS140-2" on
  EXPECT_EQ(
      policy->tls12_suites,
      (std::vector<std::string>{"ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384",
                                "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384"}));
}

TEST(TlsPolicy, WithoutFipsExactlyTheGuideSuitesForwardSecretAeadFirst) {
  mfp::testing::TestSecurity sec;
  ASSERT_TRUE(sec.device().set_setting("tls.fips140_mode", false, kKeyOperator).is_ok());
  auto policy = TlsPolicy::from_settings(sec.device().settings());
  ASSERT_TRUE(policy.is_ok());
  std::set<std::string> expected;
  for (std::string_view iana : settings::secure_tls_cipher_suites()) {
    expected.insert(std::string(find_cipher_suite(iana)->openssl));
  }
  const std::set<std::string> actual(policy->tls12_suites.begin(), policy->tls12_suites.end());
  EXPECT_EQ(actual, expected);
  EXPECT_EQ(policy->tls12_suites.size(), expected.size());
  EXPECT_EQ(policy->tls12_suites.front(), "ECDHE-RSA-AES128-GCM-SHA256");
  EXPECT_EQ(policy->tls12_suites.back(), "AES256-SHA");  // static RSA with SHA-1 last
  EXPECT_EQ(policy->tls12_cipher_list().substr(0, 28), "ECDHE-RSA-AES128-GCM-SHA256:");
}

TEST(TlsPolicy, FactoryValuesStillMeanTls12MinimumAndTls13On) {
  mfp::testing::TestSecurity sec;
  ASSERT_TRUE(sec.device()
                  .set_setting("tls.protocol_version", std::string("tls1.0_or_later"), kKeyOperator)
                  .is_ok());
  ASSERT_TRUE(sec.device().set_setting("tls.tls13.enabled", true, kKeyOperator).is_ok());
  auto policy = TlsPolicy::from_settings(sec.device().settings());
  ASSERT_TRUE(policy.is_ok());
  EXPECT_TRUE(policy->tls13_enabled);
  // Nothing in the policy can express TLS 1.0/1.1: the server context always sets TLS 1.2 as
  // the minimum (handshake tests prove TLS 1.0 clients fail at this setting).
  EXPECT_EQ(TlsPolicy::tls13_ciphersuites(), "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256");
}

}  // namespace
}  // namespace mfp::security::tls
