// parse_import() and the acceptance rules on imported files: good X.509 (PEM, DER), PKCS#7 and
// PKCS#12 files, then a table of hostile files, each refused with a clear Status.
#include "security/certs/certificate_import.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <string>

#include "security/certs/certificate_policy.h"
#include "security/certs/device_certificate.h"
#include "security/certs/trust_store.h"
#include "tests/unit/security/certs/test_pki.h"

namespace mfp::security::certs {
namespace {

using pipeline::StatusCode;
using testing::Bytes;
using testing::fixed_now;

// One small PKI shared by the tests of this file (keys are the slow part).
struct Pki {
  detail::EvpPkeyPtr ca_key = testing::ec_key("P-256");
  detail::X509Ptr ca = testing::self_signed(ca_key.get(), {.cn = "Test Root CA", .ca = true});
  detail::EvpPkeyPtr leaf_key = testing::ec_key("P-256");
  detail::X509Ptr leaf =
      testing::make_cert(leaf_key.get(), ca_key.get(), ca.get(), {.cn = "mfp.example.com"});
  detail::EvpPkeyPtr rsa_key = testing::rsa_key(2048);
};

Pki& pki() {
  static Pki p;  // destroyed at exit before OpenSSL's own atexit cleanup (registered earlier)
  return p;
}

TEST(CertificateImport, GoodX509Der) {
  auto r = parse_import(testing::der_of(pki().ca.get()), ImportFormat::x509, {});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_EQ(r->certificates.size(), 1u);
  EXPECT_EQ(r->certificates[0].subject_common_name(), "Test Root CA");
  EXPECT_FALSE(r->key.has_value());
}

TEST(CertificateImport, GoodX509PemChain) {
  Bytes pem = testing::pem_of(pki().leaf.get());
  const Bytes ca = testing::pem_of(pki().ca.get());
  pem.insert(pem.begin(), {'\r', '\n'});
  pem.insert(pem.end(), ca.begin(), ca.end());
  auto r = parse_import(pem, ImportFormat::x509, {});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_EQ(r->certificates.size(), 2u);
  EXPECT_EQ(r->certificates[0].subject_common_name(), "mfp.example.com");
  EXPECT_EQ(r->certificates[1].subject_common_name(), "Test Root CA");
}

TEST(CertificateImport, GoodPkcs7) {
  auto r =
      parse_import(testing::pkcs7_of({pki().leaf.get(), pki().ca.get()}), ImportFormat::pkcs7, {});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_EQ(r->certificates.size(), 2u);
}

TEST(CertificateImport, GoodPkcs12) {
  const std::string password(32, 'p');  // the guide's longest password
  auto r = parse_import(testing::pkcs12_of(password.c_str(), pki().leaf_key.get(), pki().leaf.get(),
                                           {pki().ca.get()}),
                        ImportFormat::pkcs12, password);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_EQ(r->certificates.size(), 2u);
  EXPECT_EQ(r->certificates[0].subject_common_name(), "mfp.example.com");
  ASSERT_TRUE(r->key.has_value());
  EXPECT_TRUE(r->key->matches(r->certificates[0]));
}

TEST(CertificateImport, Pkcs12WithEmptyPassword) {
  auto r = parse_import(testing::pkcs12_of("", pki().leaf_key.get(), pki().leaf.get()),
                        ImportFormat::pkcs12, "");
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_TRUE(r->key.has_value());
}

// ---- hostile files --------------------------------------------------------------------------

struct HostileCase {
  const char* name;
  std::function<Bytes()> bytes;
  ImportFormat format;
  std::string password;
  // What is done with it: parse only, import as the device certificate (PKCS#12), or import as
  // trust anchors.
  enum class Use { parse, device, trust } use;
  StatusCode expected;
};

Bytes random_bytes(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Bytes out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(rng());
  return out;
}

Bytes truncated(Bytes b) {
  b.resize(b.size() * 2 / 3);
  return b;
}

Bytes ca_with(const testing::CertSpec& spec, EVP_PKEY* key) {
  return testing::der_of(testing::self_signed(key, spec).get());
}

Bytes rsa1024_ca() {
  auto k = testing::rsa_key(1024);
  return ca_with({.cn = "weak", .ca = true}, k.get());
}

Bytes p12_device(const testing::CertSpec& spec) {
  auto cert = testing::make_cert(pki().leaf_key.get(), pki().ca_key.get(), pki().ca.get(), spec);
  return testing::pkcs12_of("pw", pki().leaf_key.get(), cert.get());
}

Bytes long_der_chain() {
  Bytes b = testing::der_of(pki().ca.get());
  b.push_back(0x00);  // trailing byte after the certificate
  return b;
}

// A PKCS#12 whose MAC asks for 8,388,607 iterations: made with 65,536 (a 3-byte INTEGER, the
// last field of the file), then patched to 0x7fffff in place.
Bytes huge_mac_iterations() {
  Bytes b = testing::pkcs12_of("pw", pki().leaf_key.get(), pki().leaf.get(), {}, 0x010000);
  const Bytes tail = {0x02, 0x03, 0x01, 0x00, 0x00};
  testing::require(b.size() > tail.size() && std::equal(tail.begin(), tail.end(), b.end() - 5),
                   "MAC iteration field");
  b[b.size() - 3] = 0x7f;
  b[b.size() - 2] = 0xff;
  b[b.size() - 1] = 0xff;
  return b;
}

using Use = HostileCase::Use;

class HostileImport : public ::testing::TestWithParam<HostileCase> {};

TEST_P(HostileImport, RefusedWithAClearStatus) {
  const HostileCase& c = GetParam();
  const Bytes bytes = c.bytes();
  pipeline::Status s;
  switch (c.use) {
    case Use::parse:
      s = parse_import(bytes, c.format, c.password).status();
      break;
    case Use::device:
      s = DeviceCertificate::import_pkcs12(bytes, c.password, fixed_now()).status();
      break;
    case Use::trust: {
      TrustStore store;
      s = store.import(bytes, c.format, c.password, fixed_now()).status();
      EXPECT_TRUE(store.list().empty());
      break;
    }
  }
  EXPECT_EQ(s.code(), c.expected) << s.to_string();
  EXPECT_FALSE(s.message().empty());
  if (!c.password.empty()) {
    EXPECT_EQ(s.message().find(c.password), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, HostileImport,
    ::testing::Values(
        HostileCase{"pkcs12_wrong_password",
                    [] { return testing::pkcs12_of("right", pki().leaf_key.get(), pki().leaf.get()); },
                    ImportFormat::pkcs12, "wrong-horse", Use::parse,
                    StatusCode::permission_denied},
        HostileCase{"pkcs12_password_33",
                    [] { return testing::pkcs12_of("x", pki().leaf_key.get(), pki().leaf.get()); },
                    ImportFormat::pkcs12, std::string(33, 'x'), Use::parse,
                    StatusCode::invalid_argument},
        HostileCase{"pkcs12_mac_iterations_huge", huge_mac_iterations, ImportFormat::pkcs12,
                    "pw", Use::parse, StatusCode::unsupported},
        HostileCase{"pkcs12_truncated",
                    [] {
                      return truncated(
                          testing::pkcs12_of("pw", pki().leaf_key.get(), pki().leaf.get()));
                    },
                    ImportFormat::pkcs12, "pw", Use::parse, StatusCode::malformed_data},
        HostileCase{"pkcs12_random", [] { return random_bytes(600, 1); }, ImportFormat::pkcs12,
                    "pw", Use::parse, StatusCode::malformed_data},
        HostileCase{"x509_der_truncated",
                    [] { return truncated(testing::der_of(pki().ca.get())); }, ImportFormat::x509,
                    "", Use::parse, StatusCode::malformed_data},
        HostileCase{"x509_der_trailing_byte", long_der_chain, ImportFormat::x509, "", Use::parse,
                    StatusCode::malformed_data},
        HostileCase{"x509_random", [] { return random_bytes(700, 2); }, ImportFormat::x509, "",
                    Use::parse, StatusCode::malformed_data},
        HostileCase{"x509_empty", [] { return Bytes{}; }, ImportFormat::x509, "", Use::parse,
                    StatusCode::malformed_data},
        HostileCase{"x509_pem_damaged",
                    [] {
                      Bytes pem = testing::pem_of(pki().ca.get());
                      pem[70] = pem[70] == 'A' ? 'B' : 'A';
                      pem.erase(pem.begin() + 80, pem.begin() + 140);
                      return pem;
                    },
                    ImportFormat::x509, "", Use::parse, StatusCode::malformed_data},
        HostileCase{"x509_pem_no_certificate",
                    [] {
                      const std::string s = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
                      return Bytes(s.begin(), s.end());
                    },
                    ImportFormat::x509, "", Use::parse, StatusCode::malformed_data},
        HostileCase{"pkcs7_truncated",
                    [] { return truncated(testing::pkcs7_of({pki().ca.get()})); },
                    ImportFormat::pkcs7, "", Use::parse, StatusCode::malformed_data},
        HostileCase{"pkcs7_random", [] { return random_bytes(300, 3); }, ImportFormat::pkcs7, "",
                    Use::parse, StatusCode::malformed_data},
        HostileCase{"pkcs7_without_certificates", [] { return testing::pkcs7_of({}); },
                    ImportFormat::pkcs7, "", Use::parse, StatusCode::malformed_data},
        HostileCase{"x509_given_as_pkcs7", [] { return testing::der_of(pki().ca.get()); },
                    ImportFormat::pkcs7, "", Use::parse, StatusCode::malformed_data},
        HostileCase{"oversized", [] { return Bytes((1u << 20) + 1, 0x30); }, ImportFormat::x509,
                    "", Use::parse, StatusCode::limit_exceeded},
        HostileCase{"rsa1024_anchor", rsa1024_ca, ImportFormat::x509, "", Use::trust,
                    StatusCode::unsupported},
        HostileCase{"sha1_anchor",
                    [] {
                      return ca_with({.cn = "sha1", .md = EVP_sha1(), .ca = true},
                                     pki().rsa_key.get());
                    },
                    ImportFormat::x509, "", Use::trust, StatusCode::unsupported},
        // OpenSSL 3.0's default provider still signs with MD5 (security levels apply to TLS,
        // not to X509_sign), so the MD5 certificate is made directly.
        HostileCase{"md5_anchor",
                    [] {
                      return ca_with({.cn = "md5", .md = EVP_md5(), .ca = true},
                                     pki().rsa_key.get());
                    },
                    ImportFormat::x509, "", Use::trust, StatusCode::unsupported},
        HostileCase{"expired_anchor",
                    [] {
                      return ca_with({.cn = "old", .not_before_days = -400, .not_after_days = -1,
                                      .ca = true},
                                     pki().ca_key.get());
                    },
                    ImportFormat::x509, "", Use::trust, StatusCode::invalid_argument},
        HostileCase{"not_yet_valid_anchor",
                    [] {
                      return ca_with({.cn = "future", .not_before_days = 2, .not_after_days = 400,
                                      .ca = true},
                                     pki().ca_key.get());
                    },
                    ImportFormat::x509, "", Use::trust, StatusCode::invalid_argument},
        HostileCase{"non_ca_anchor", [] { return testing::der_of(pki().leaf.get()); },
                    ImportFormat::x509, "", Use::trust, StatusCode::invalid_argument},
        HostileCase{"non_ca_in_pkcs7_bundle",
                    [] { return testing::pkcs7_of({pki().ca.get(), pki().leaf.get()}); },
                    ImportFormat::pkcs7, "", Use::trust, StatusCode::invalid_argument},
        HostileCase{"expired_device_pkcs12",
                    [] { return p12_device({.cn = "old", .not_before_days = -30, .not_after_days = -2}); },
                    ImportFormat::pkcs12, "pw", Use::device, StatusCode::invalid_argument},
        HostileCase{"not_yet_valid_device_pkcs12",
                    [] { return p12_device({.cn = "soon", .not_before_days = 1, .not_after_days = 30}); },
                    ImportFormat::pkcs12, "pw", Use::device, StatusCode::invalid_argument},
        HostileCase{"sha1_device_pkcs12",
                    [] { return p12_device({.cn = "sha1", .md = EVP_sha1()}); },
                    ImportFormat::pkcs12, "pw", Use::device, StatusCode::unsupported},
        HostileCase{"rsa1024_device_pkcs12",
                    [] {
                      auto k = testing::rsa_key(1024);
                      auto c = testing::self_signed(k.get(), {.cn = "weak"});
                      return testing::pkcs12_of("pw", k.get(), c.get());
                    },
                    ImportFormat::pkcs12, "pw", Use::device, StatusCode::unsupported}),
    [](const auto& info) { return std::string(info.param.name); });

// Every prefix of every good file is refused or parsed, never a crash (ASan run).
TEST(CertificateImport, EveryTruncationIsHandled) {
  const Bytes files[] = {testing::der_of(pki().ca.get()), testing::pkcs7_of({pki().ca.get()}),
                         testing::pkcs12_of("pw", pki().leaf_key.get(), pki().leaf.get())};
  const ImportFormat formats[] = {ImportFormat::x509, ImportFormat::pkcs7, ImportFormat::pkcs12};
  for (int f = 0; f < 3; ++f) {
    for (std::size_t n = 0; n < files[f].size(); n += 3) {
      auto r = parse_import(std::span(files[f]).first(n), formats[f], "pw");
      EXPECT_FALSE(r.is_ok()) << f << " " << n;
    }
  }
}

}  // namespace
}  // namespace mfp::security::certs
