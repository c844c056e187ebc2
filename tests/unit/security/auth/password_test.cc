#include <gtest/gtest.h>

#include <openssl/evp.h>

#include <string>

#include "security/auth/password_hasher.h"
#include "security/auth/password_policy.h"
#include "security/crypto/digest.h"
#include "tests/unit/security/auth/auth_fixture.h"

namespace mfp::security::auth::testing {
namespace {

using pipeline::StatusCode;

struct PolicyCase {
  std::string password;
  bool ok;
  std::string rule;  // part of the message when refused
};

TEST(PasswordPolicyTest, SecureDefaultTable) {
  const PasswordPolicy policy;
  EXPECT_EQ(policy.minimum_length(), 9u);
  const PolicyCase cases[] = {
      {"Abcdefg1!", true, ""},
      {"Abcdef1!", false, "at least 9"},
      {std::string(63, 'a'), true, ""},
      {std::string(64, 'a'), false, "at most 63"},
      {"with space 1", true, ""},
      {"!@#$%^&*()+-/:;<=>?[\\]_~{|}", true, ""},
      {"tab\there12", false, "may contain only"},
      {"quote\"here12", false, "may contain only"},
      {"caf\xc3\xa9-secret", false, "may contain only"},
      {"back`tick12", false, "may contain only"},
  };
  for (const auto& c : cases) {
    auto s = policy.check(bytes(c.password));
    EXPECT_EQ(s.is_ok(), c.ok) << c.password;
    if (!c.ok) {
      EXPECT_EQ(s.code(), StatusCode::invalid_argument);
      EXPECT_NE(s.message().find(c.rule), std::string::npos) << s.message();
      EXPECT_EQ(s.message().find(c.password), std::string::npos) << "echoes the password";
    }
  }
}

TEST(PasswordPolicyTest, MinimumLengthRange) {
  EXPECT_FALSE(PasswordPolicy::with_minimum_length(0).is_ok());
  EXPECT_FALSE(PasswordPolicy::with_minimum_length(64).is_ok());
  auto p = PasswordPolicy::with_minimum_length(12);
  ASSERT_TRUE(p.is_ok());
  EXPECT_FALSE(p->check(bytes("Abcdefgh1!x")).is_ok());
  EXPECT_TRUE(p->check(bytes("Abcdefgh1!xy")).is_ok());
}

class PasswordHasherTest : public AuthFixture {};

TEST_F(PasswordHasherTest, ProductionRefusesWeakIterations) {
  EXPECT_EQ(PasswordHasherOptions{}.pbkdf2_iterations, 600'000u);
  EXPECT_FALSE(PasswordHasher::create({599'999, false}, *drbg_).is_ok());
  EXPECT_FALSE(PasswordHasher::create({1'000, false}, *drbg_).is_ok());
  EXPECT_TRUE(PasswordHasher::create({600'000, false}, *drbg_).is_ok());
  EXPECT_TRUE(PasswordHasher::create(PasswordHasherOptions::for_tests(), *drbg_).is_ok());
  EXPECT_FALSE(PasswordHasher::create({999, true}, *drbg_).is_ok());
}

TEST_F(PasswordHasherTest, RefusesRecordsOutsideIterationBounds) {
  auto h = PasswordHasher::create(PasswordHasherOptions::for_tests(), *drbg_);
  ASSERT_TRUE(h.is_ok());
  const std::string tail = "$" + std::string(32, '0') + "$" + std::string(64, '0');
  EXPECT_EQ(h->verify(bytes("x"), "pbkdf2-sha256$1$10000001" + tail).status().code(),
            StatusCode::invalid_argument);
  EXPECT_FALSE(h->verify(bytes("x"), "pbkdf2-sha256$1$1" + tail).is_ok());  // SP 800-132 floor
}

TEST_F(PasswordHasherTest, RecordFormatAndVerify) {
  auto hasher = PasswordHasher::create(PasswordHasherOptions::for_tests(), *drbg_);
  ASSERT_TRUE(hasher.is_ok());
  auto record = hasher->hash(bytes("Secret-123"));
  ASSERT_TRUE(record.is_ok());
  const std::string prefix = "pbkdf2-sha256$1$1000$";
  ASSERT_EQ(record->substr(0, prefix.size()), prefix);
  const std::string rest = record->substr(prefix.size());
  ASSERT_EQ(rest.size(), 32u + 1u + 64u);
  EXPECT_EQ(rest[32], '$');
  EXPECT_EQ(record->find("Secret"), std::string::npos);
  // Fresh salt each time.
  auto again = hasher->hash(bytes("Secret-123"));
  ASSERT_TRUE(again.is_ok());
  EXPECT_NE(*record, *again);
  EXPECT_TRUE(hasher->verify(bytes("Secret-123"), *record).value());
  EXPECT_FALSE(hasher->verify(bytes("Secret-124"), *record).value());
  EXPECT_FALSE(hasher->verify(bytes(""), *record).value());
  // Malformed records are refused without being quoted.
  for (std::string bad :
       {std::string("md5$x"), prefix, prefix + "zz$zz", record->substr(0, record->size() - 2)}) {
    auto r = hasher->verify(bytes("Secret-123"), bad);
    ASSERT_FALSE(r.is_ok());
    EXPECT_EQ(r.status().code(), StatusCode::invalid_argument);
  }
}

TEST_F(PasswordHasherTest, RecordCarriesItsIterations) {
  auto a = PasswordHasher::create({2'000, true}, *drbg_);
  auto b = PasswordHasher::create({1'000, true}, *drbg_);
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  auto record = a->hash(bytes("Secret-123"));
  ASSERT_TRUE(record.is_ok());
  EXPECT_NE(record->find("$2000$"), std::string::npos);
  EXPECT_TRUE(b->verify(bytes("Secret-123"), *record).value());  // parameters can change
}

TEST_F(PasswordHasherTest, AgreesWithPkcs5Pbkdf2) {
  // An independently computed PBKDF2-HMAC-SHA256 (OpenSSL's PKCS5 API) verifies.
  const std::uint8_t salt[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  std::uint8_t out[32];
  ASSERT_EQ(PKCS5_PBKDF2_HMAC("Secret-123", 10, salt, sizeof salt, 1234, EVP_sha256(), 32, out), 1);
  const std::string record =
      "pbkdf2-sha256$1$1234$" + crypto::to_hex(salt) + "$" + crypto::to_hex(out);
  auto h = PasswordHasher::create(PasswordHasherOptions::for_tests(), *drbg_);
  ASSERT_TRUE(h.is_ok());
  EXPECT_TRUE(h->verify(bytes("Secret-123"), record).value());
  EXPECT_FALSE(h->verify(bytes("Secret-12"), record).value());
}

}  // namespace
}  // namespace mfp::security::auth::testing
