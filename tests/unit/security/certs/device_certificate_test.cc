// DeviceCertificate: self-signed for every key kind and digest (parsed back), PKCS#12 import,
// the sealed-bytes round trip and hostile sealed bytes.
#include "security/certs/device_certificate.h"

#include <gtest/gtest.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <string>

#include "security/certs/certificate_policy.h"
#include "security/certs/detail/sealed_container.h"
#include "tests/unit/security/certs/test_pki.h"

namespace mfp::security::certs {
namespace {

using pipeline::StatusCode;
using testing::fixed_now;

struct SelfSignedCase {
  const char* name;
  KeyKind key;
  SignatureDigest digest;
  const char* algorithm;
  int bits;
  const char* curve;
  const char* digest_name;
};

class SelfSigned : public ::testing::TestWithParam<SelfSignedCase> {};

TEST_P(SelfSigned, ParsesBackWithTheChosenParameters) {
  const SelfSignedCase& c = GetParam();
  SelfSignedOptions options;
  options.key = c.key;
  options.digest = c.digest;
  options.common_name = "mfp-7070.example.com";
  options.validity_days = 30;
  auto made = make_self_signed(options, fixed_now());
  ASSERT_TRUE(made.is_ok()) << made.status().to_string();
  // Parse the DER back as an outsider would.
  auto parsed = Certificate::from_der(made->leaf().der());
  ASSERT_TRUE(parsed.is_ok());
  const Certificate& cert = parsed.value();
  EXPECT_EQ(cert.public_key().algorithm, c.algorithm);
  EXPECT_EQ(cert.public_key().bits, c.bits);
  EXPECT_EQ(cert.public_key().curve, c.curve);
  EXPECT_EQ(cert.signature_digest(), c.digest_name);
  EXPECT_EQ(cert.subject_common_name(), "mfp-7070.example.com");
  EXPECT_EQ(cert.issuer_common_name(), "mfp-7070.example.com");
  EXPECT_EQ(cert.not_before(), fixed_now());
  EXPECT_EQ(cert.not_after() - cert.not_before(), std::chrono::hours(24 * 30));
  EXPECT_FALSE(cert.is_ca());
  EXPECT_EQ(X509_verify(cert.native(), X509_get0_pubkey(cert.native())), 1);
  EXPECT_TRUE(made->key().matches(cert));
  EXPECT_TRUE(check_certificate(cert, fixed_now()).is_ok());
  EXPECT_NE(made->certificate_pem().find("-----BEGIN CERTIFICATE-----"), std::string::npos);
  EXPECT_EQ(made->certificate_pem().find("PRIVATE"), std::string::npos);
}

// Every digest with ECDSA P-256 and RSA-2048, each curve once more, and RSA-3072 once (slow).
INSTANTIATE_TEST_SUITE_P(
    Table, SelfSigned,
    ::testing::Values(SelfSignedCase{"ec256_sha256", KeyKind::ecdsa_p256, SignatureDigest::sha256,
                                     "EC", 256, "P-256", "SHA256"},
                      SelfSignedCase{"ec256_sha384", KeyKind::ecdsa_p256, SignatureDigest::sha384,
                                     "EC", 256, "P-256", "SHA384"},
                      SelfSignedCase{"ec256_sha512", KeyKind::ecdsa_p256, SignatureDigest::sha512,
                                     "EC", 256, "P-256", "SHA512"},
                      SelfSignedCase{"ec384_sha384", KeyKind::ecdsa_p384, SignatureDigest::sha384,
                                     "EC", 384, "P-384", "SHA384"},
                      SelfSignedCase{"ec521_sha512", KeyKind::ecdsa_p521, SignatureDigest::sha512,
                                     "EC", 521, "P-521", "SHA512"},
                      SelfSignedCase{"rsa2048_sha256", KeyKind::rsa_2048, SignatureDigest::sha256,
                                     "RSA", 2048, "", "SHA256"},
                      SelfSignedCase{"rsa2048_sha384", KeyKind::rsa_2048, SignatureDigest::sha384,
                                     "RSA", 2048, "", "SHA384"},
                      SelfSignedCase{"rsa2048_sha512", KeyKind::rsa_2048, SignatureDigest::sha512,
                                     "RSA", 2048, "", "SHA512"},
                      SelfSignedCase{"rsa3072_sha384", KeyKind::rsa_3072, SignatureDigest::sha384,
                                     "RSA", 3072, "", "SHA384"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(SelfSignedOptionsRefused, LongIssuerAndValidityOutOfRange) {
  SelfSignedOptions o;
  o.common_name = std::string(65, 'x');
  EXPECT_EQ(make_self_signed(o, fixed_now()).status().code(), StatusCode::invalid_argument);
  o.common_name = "OpenMFP";
  o.validity_days = 0;
  EXPECT_EQ(make_self_signed(o, fixed_now()).status().code(), StatusCode::invalid_argument);
  o.validity_days = 10000;
  EXPECT_EQ(make_self_signed(o, fixed_now()).status().code(), StatusCode::invalid_argument);
  o.validity_days = 9999;
  auto longest = make_self_signed(o, fixed_now());
  ASSERT_TRUE(longest.is_ok()) << longest.status().to_string();
  EXPECT_EQ(longest->leaf().not_after() - longest->leaf().not_before(),
            std::chrono::hours(24 * 9999));
}

// The names a browser checks: subjectAltName DNS and IP entries (X509_check_host/_ip_asc are
// what OpenSSL clients use; browsers look only at subjectAltName too).
TEST(SelfSignedAltNames, CarriesEveryHostNameAndAddress) {
  SelfSignedOptions o;
  o.dns_names = {"localhost", "printer.example"};
  o.ip_addresses = {"127.0.0.1", "::1", "192.0.2.7"};
  auto made = make_self_signed(o, fixed_now());
  ASSERT_TRUE(made.is_ok()) << made.status().to_string();
  X509* x = made->leaf().native();
  for (const char* host : {"localhost", "printer.example"}) {
    EXPECT_EQ(X509_check_host(x, host, 0, 0, nullptr), 1) << host;
  }
  EXPECT_EQ(X509_check_host(x, "other.example", 0, 0, nullptr), 0);
  for (const char* ip : {"127.0.0.1", "::1", "192.0.2.7"}) {
    EXPECT_EQ(X509_check_ip_asc(x, ip, 0), 1) << ip;
  }
  EXPECT_EQ(X509_check_ip_asc(x, "192.0.2.8", 0), 0);
  // Without names: no subjectAltName at all.
  auto bare = make_self_signed(SelfSignedOptions{}, fixed_now());
  ASSERT_TRUE(bare.is_ok());
  EXPECT_EQ(X509_get_ext_by_NID(bare->leaf().native(), NID_subject_alt_name, -1), -1);
}

TEST(SelfSignedAltNames, RefusesWhatIsNotAHostNameOrAnAddress) {
  for (const char* bad : {"", "a,DNS:evil.example", "-x", "under_score", "sp ace"}) {
    SelfSignedOptions o;
    o.dns_names = {bad};
    EXPECT_EQ(make_self_signed(o, fixed_now()).status().code(), StatusCode::invalid_argument)
        << bad;
  }
  for (const char* bad : {"", "127.0.0.1,IP:10.0.0.1", "999.1.1.1", "localhost"}) {
    SelfSignedOptions o;
    o.ip_addresses = {bad};
    EXPECT_EQ(make_self_signed(o, fixed_now()).status().code(), StatusCode::invalid_argument)
        << bad;
  }
  SelfSignedOptions many;
  many.dns_names.assign(65, "localhost");
  EXPECT_EQ(make_self_signed(many, fixed_now()).status().code(), StatusCode::invalid_argument);
}

TEST(DeviceCertificateSealed, RoundTrip) {
  auto made = make_self_signed(SelfSignedOptions::first_start_defaults(), fixed_now());
  ASSERT_TRUE(made.is_ok());
  auto sealed = made->to_sealed_bytes();
  ASSERT_TRUE(sealed.is_ok());
  auto back = DeviceCertificate::from_sealed_bytes(sealed->span());
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(back->leaf().sha256_fingerprint(), made->leaf().sha256_fingerprint());
  EXPECT_TRUE(back->key().matches(made->leaf()));
  EXPECT_EQ(back->chain().size(), 1u);
}

TEST(DeviceCertificateSealed, HostileBytesRefused) {
  auto made = make_self_signed(SelfSignedOptions::first_start_defaults(), fixed_now());
  ASSERT_TRUE(made.is_ok());
  auto sealed = made->to_sealed_bytes();
  ASSERT_TRUE(sealed.is_ok());
  const auto all = sealed->span();
  // Every truncation is refused, never read past.
  for (std::size_t n = 0; n < all.size(); n += 7) {
    EXPECT_FALSE(DeviceCertificate::from_sealed_bytes(all.first(n)).is_ok()) << n;
  }
  // A trailing byte is refused.
  std::vector<std::uint8_t> longer(all.begin(), all.end());
  longer.push_back(0);
  EXPECT_EQ(DeviceCertificate::from_sealed_bytes(longer).status().code(),
            StatusCode::malformed_data);
  // A key from another certificate is refused.
  auto other = make_self_signed(SelfSignedOptions::first_start_defaults(), fixed_now());
  ASSERT_TRUE(other.is_ok());
  detail::SealedContainer mixed;
  mixed.key_pkcs8 = other->key().to_pkcs8_der().value();
  mixed.certificates_der.push_back(made->leaf().der());
  auto mixed_bytes = mixed.encode();
  ASSERT_TRUE(mixed_bytes.is_ok());
  EXPECT_EQ(DeviceCertificate::from_sealed_bytes(mixed_bytes->span()).status().code(),
            StatusCode::invalid_argument);
}

TEST(DeviceCertificateImport, Pkcs12WithChain) {
  auto ca_key = testing::ec_key("P-384");
  auto ca = testing::self_signed(ca_key.get(), {.cn = "Test CA", .ca = true});
  auto key = testing::ec_key();
  auto leaf = testing::make_cert(key.get(), ca_key.get(), ca.get(), {.cn = "mfp"});
  const auto p12 = testing::pkcs12_of("s3cret", key.get(), leaf.get(), {ca.get()});
  auto imported = DeviceCertificate::import_pkcs12(p12, "s3cret", fixed_now());
  ASSERT_TRUE(imported.is_ok()) << imported.status().to_string();
  EXPECT_EQ(imported->leaf().subject_common_name(), "mfp");
  ASSERT_EQ(imported->chain().size(), 2u);
  EXPECT_EQ(imported->chain()[1].subject_common_name(), "Test CA");
  // The whole chain survives the sealed round trip.
  auto sealed = imported->to_sealed_bytes();
  ASSERT_TRUE(sealed.is_ok());
  auto back = DeviceCertificate::from_sealed_bytes(sealed->span());
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(back->chain().size(), 2u);
  EXPECT_NE(back->chain_pem().find("-----END CERTIFICATE-----"), std::string::npos);
}

TEST(DeviceCertificateImport, MismatchedKeyRefused) {
  auto key = testing::ec_key();
  auto other_key = testing::ec_key();
  auto cert = testing::self_signed(other_key.get(), {.cn = "other"});
  // PKCS12_create will not pair a key with a foreign certificate as such, so the foreign
  // certificate rides as an extra one and the key has no certificate of its own.
  const auto p12 = testing::pkcs12_of("pw", key.get(), nullptr, {cert.get()});
  auto imported = DeviceCertificate::import_pkcs12(p12, "pw", fixed_now());
  EXPECT_EQ(imported.status().code(), StatusCode::invalid_argument)
      << imported.status().to_string();
  // And directly.
  auto generated = PrivateKey::generate(KeyKind::ecdsa_p256);
  ASSERT_TRUE(generated.is_ok());
  std::vector<Certificate> chain{Certificate::from_native(cert.get())};
  EXPECT_EQ(DeviceCertificate::assemble(std::move(generated.value()), std::move(chain), fixed_now())
                .status()
                .code(),
            StatusCode::invalid_argument);
}

TEST(DeviceCertificateImport, Pkcs12WithoutKeyRefused) {
  auto key = testing::ec_key();
  auto cert = testing::self_signed(key.get(), {.cn = "no key"});
  const auto p12 = testing::pkcs12_of("pw", nullptr, cert.get());
  EXPECT_EQ(DeviceCertificate::import_pkcs12(p12, "pw", fixed_now()).status().code(),
            StatusCode::invalid_argument);
}

}  // namespace
}  // namespace mfp::security::certs
