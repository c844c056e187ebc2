// make_csr() for every key kind (parsed back and verified), refused options, and accept() of the
// CA's answer as X.509 (PEM, DER) and PKCS#7.
#include "security/certs/certificate_request.h"

#include <openssl/pem.h>

#include <gtest/gtest.h>

#include <string>

#include "tests/support/certificate_requests.h"
#include "tests/unit/security/certs/test_pki.h"

namespace mfp::security::certs {
namespace {

using pipeline::StatusCode;
using testing::fixed_now;

CertificateRequestOptions options_for(KeyKind key, SignatureDigest digest) {
  CertificateRequestOptions o = mfp::testing::valid_csr_options();
  o.key = key;
  o.digest = digest;
  return o;
}

detail::X509ReqPtr parse_csr(const std::string& pem) {
  detail::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return detail::X509ReqPtr(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
}

std::string entry(X509_NAME* name, int nid) {
  char buf[300] = {};
  const int n = X509_NAME_get_text_by_NID(name, nid, buf, sizeof buf);
  return n < 0 ? std::string() : std::string(buf, static_cast<std::size_t>(n));
}

struct CsrCase {
  const char* name;
  KeyKind key;
  SignatureDigest digest;
  int bits;
  int md_nid;
};

class Csr : public ::testing::TestWithParam<CsrCase> {};

TEST_P(Csr, ParsesBackSignedWithTheSubject) {
  const CsrCase& c = GetParam();
  auto csr = make_csr(options_for(c.key, c.digest));
  ASSERT_TRUE(csr.is_ok()) << csr.status().to_string();
  EXPECT_EQ(csr->pem().rfind("-----BEGIN CERTIFICATE REQUEST-----", 0), 0u);
  EXPECT_EQ(csr->pem().find("PRIVATE"), std::string::npos);
  auto req = parse_csr(csr->pem());
  ASSERT_NE(req, nullptr);
  EVP_PKEY* pub = X509_REQ_get0_pubkey(req.get());
  ASSERT_NE(pub, nullptr);
  EXPECT_EQ(X509_REQ_verify(req.get(), pub), 1);
  EXPECT_EQ(EVP_PKEY_get_bits(pub), c.bits);
  EXPECT_EQ(EVP_PKEY_eq(pub, csr->pending_key().native()), 1);
  EXPECT_EQ(X509_REQ_get_signature_nid(req.get()), c.md_nid);
  X509_NAME* subject = X509_REQ_get_subject_name(req.get());
  EXPECT_EQ(entry(subject, NID_countryName), "JP");
  EXPECT_EQ(entry(subject, NID_stateOrProvinceName), "Kanagawa");
  EXPECT_EQ(entry(subject, NID_localityName), "Yokohama");
  EXPECT_EQ(entry(subject, NID_organizationName), "Example Corp.");
  EXPECT_EQ(entry(subject, NID_organizationalUnitName), "IT");
  EXPECT_EQ(entry(subject, NID_commonName), "mfp1.example.com");
  EXPECT_EQ(entry(subject, NID_pkcs9_emailAddress), "mfp1@example.com");
}

// RSA-3072 is covered by the self-signed suite (its keygen is slow); the CSR path is the same.
INSTANTIATE_TEST_SUITE_P(
    Table, Csr,
    ::testing::Values(CsrCase{"ec256_sha256", KeyKind::ecdsa_p256, SignatureDigest::sha256, 256,
                              NID_ecdsa_with_SHA256},
                      CsrCase{"ec384_sha384", KeyKind::ecdsa_p384, SignatureDigest::sha384, 384,
                              NID_ecdsa_with_SHA384},
                      CsrCase{"ec521_sha512", KeyKind::ecdsa_p521, SignatureDigest::sha512, 521,
                              NID_ecdsa_with_SHA512},
                      CsrCase{"rsa2048_sha256", KeyKind::rsa_2048, SignatureDigest::sha256, 2048,
                              NID_sha256WithRSAEncryption}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(CsrRefused, OptionsOutOfLimits) {
  auto o = options_for(KeyKind::ecdsa_p256, SignatureDigest::sha256);
  o.subject.common_name = std::string(65, 'c');
  EXPECT_EQ(make_csr(o).status().code(), StatusCode::invalid_argument);
  o = options_for(KeyKind::ecdsa_p256, SignatureDigest::sha256);
  o.subject.country = "Japan";
  EXPECT_EQ(make_csr(o).status().code(), StatusCode::invalid_argument);
}

TEST(CsrOptionalFields, LeftOut) {
  auto o = options_for(KeyKind::ecdsa_p256, SignatureDigest::sha256);
  o.subject.state.clear();
  o.subject.locality.clear();
  o.subject.email.clear();
  auto csr = make_csr(o);
  ASSERT_TRUE(csr.is_ok());
  auto req = parse_csr(csr->pem());
  ASSERT_NE(req, nullptr);
  EXPECT_EQ(X509_NAME_entry_count(X509_REQ_get_subject_name(req.get())), 4);
}

// The CA issues a certificate for the CSR's key (the test plays the CA).
struct Issued {
  detail::EvpPkeyPtr ca_key = testing::ec_key();
  detail::X509Ptr ca = testing::self_signed(ca_key.get(), {.cn = "Issuing CA", .ca = true});
  detail::X509Ptr leaf;
};

Issued issue_for(const CertificateRequest& csr) {
  Issued out;
  out.leaf = testing::make_cert(csr.pending_key().native(), out.ca_key.get(), out.ca.get(),
                                {.cn = "mfp1.example.com"});
  return out;
}

TEST(CsrAccept, X509DerPemAndPkcs7) {
  for (ImportFormat format : {ImportFormat::x509, ImportFormat::pkcs7}) {
    for (bool pem : {false, true}) {
      if (format == ImportFormat::pkcs7 && pem) continue;
      auto csr = make_csr(options_for(KeyKind::ecdsa_p256, SignatureDigest::sha256));
      ASSERT_TRUE(csr.is_ok());
      Issued issued = issue_for(csr.value());
      testing::Bytes bytes;
      if (format == ImportFormat::pkcs7) {
        // CA first: accept() finds the leaf by its key, not its position.
        bytes = testing::pkcs7_of({issued.ca.get(), issued.leaf.get()});
      } else {
        bytes = pem ? testing::pem_of(issued.leaf.get()) : testing::der_of(issued.leaf.get());
      }
      auto device = csr->accept(bytes, format, fixed_now());
      ASSERT_TRUE(device.is_ok()) << device.status().to_string();
      EXPECT_EQ(device->leaf().subject_common_name(), "mfp1.example.com");
      EXPECT_EQ(device->chain().size(), format == ImportFormat::pkcs7 ? 2u : 1u);
      EXPECT_TRUE(device->key().matches(device->leaf()));
    }
  }
}

TEST(CsrAccept, ForeignCertificateRefusedAndKeyKept) {
  auto csr = make_csr(options_for(KeyKind::ecdsa_p256, SignatureDigest::sha256));
  ASSERT_TRUE(csr.is_ok());
  auto other = testing::ec_key();
  auto foreign = testing::self_signed(other.get(), {.cn = "foreign"});
  auto r = csr->accept(testing::der_of(foreign.get()), ImportFormat::x509, fixed_now());
  EXPECT_EQ(r.status().code(), StatusCode::invalid_argument);
  // An expired issue is refused too, and the pending key is still there for the right one.
  Issued issued = issue_for(csr.value());
  auto expired =
      testing::make_cert(csr->pending_key().native(), issued.ca_key.get(), issued.ca.get(),
                         {.cn = "old", .not_before_days = -10, .not_after_days = -1});
  EXPECT_EQ(
      csr->accept(testing::der_of(expired.get()), ImportFormat::x509, fixed_now()).status().code(),
      StatusCode::invalid_argument);
  ASSERT_NE(csr->pending_key().native(), nullptr);
  auto ok = csr->accept(testing::der_of(issued.leaf.get()), ImportFormat::x509, fixed_now());
  EXPECT_TRUE(ok.is_ok()) << ok.status().to_string();
  EXPECT_EQ(csr->accept(testing::der_of(issued.leaf.get()), ImportFormat::pkcs12, fixed_now())
                .status()
                .code(),
            StatusCode::invalid_argument);
}

}  // namespace
}  // namespace mfp::security::certs
