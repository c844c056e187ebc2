// TrustStore: add, list, remove, duplicates, all-or-nothing imports.
#include "security/certs/trust_store.h"

#include <gtest/gtest.h>

#include "tests/unit/security/certs/test_pki.h"

namespace mfp::security::certs {
namespace {

using pipeline::StatusCode;
using testing::fixed_now;

TEST(TrustStore, AddListRemove) {
  auto k1 = testing::ec_key();
  auto k2 = testing::ec_key("P-384");
  auto ca1 =
      Certificate::from_native(testing::self_signed(k1.get(), {.cn = "CA 1", .ca = true}).get());
  auto ca2 =
      Certificate::from_native(testing::self_signed(k2.get(), {.cn = "CA 2", .ca = true}).get());
  TrustStore store;
  ASSERT_TRUE(store.add(ca1, fixed_now()).is_ok());
  ASSERT_TRUE(store.add(ca2, fixed_now()).is_ok());
  ASSERT_TRUE(store.add(ca1, fixed_now()).is_ok());  // duplicate kept once
  ASSERT_EQ(store.list().size(), 2u);
  EXPECT_EQ(store.list()[0].subject_common_name(), "CA 1");
  EXPECT_TRUE(store.contains(ca2.sha256_fingerprint()));
  ASSERT_TRUE(store.remove(ca1.sha256_fingerprint()).is_ok());
  EXPECT_EQ(store.remove(ca1.sha256_fingerprint()).code(), StatusCode::not_found);
  ASSERT_EQ(store.list().size(), 1u);
  EXPECT_EQ(store.list()[0].subject_common_name(), "CA 2");
}

TEST(TrustStore, ImportFormatsAndAllOrNothing) {
  auto k1 = testing::ec_key();
  auto k2 = testing::ec_key();
  auto ca1 = testing::self_signed(k1.get(), {.cn = "CA 1", .ca = true});
  auto ca2 = testing::self_signed(k2.get(), {.cn = "CA 2", .ca = true});
  auto leaf = testing::make_cert(k2.get(), k1.get(), ca1.get(), {.cn = "server"});
  TrustStore store;
  auto n = store.import(testing::pem_of(ca1.get()), ImportFormat::x509, {}, fixed_now());
  ASSERT_TRUE(n.is_ok()) << n.status().to_string();
  EXPECT_EQ(n.value(), 1u);
  n = store.import(testing::pkcs7_of({ca1.get(), ca2.get()}), ImportFormat::pkcs7, {}, fixed_now());
  ASSERT_TRUE(n.is_ok());
  EXPECT_EQ(n.value(), 1u);  // CA 1 was already there
  // A bundle with a non-CA certificate adds nothing.
  TrustStore fresh;
  auto bad = fresh.import(testing::pkcs7_of({ca2.get(), leaf.get()}), ImportFormat::pkcs7, {},
                          fixed_now());
  EXPECT_EQ(bad.status().code(), StatusCode::invalid_argument);
  EXPECT_NE(bad.status().message().find("certificate 2 of 2"), std::string::npos);
  EXPECT_TRUE(fresh.list().empty());
  // PKCS#12 of CA certificates only (no key).
  auto p12 = testing::pkcs12_of("pw", nullptr, nullptr, {ca2.get()});
  n = fresh.import(p12, ImportFormat::pkcs12, "pw", fixed_now());
  ASSERT_TRUE(n.is_ok()) << n.status().to_string();
  EXPECT_EQ(fresh.list().size(), 1u);
}

}  // namespace
}  // namespace mfp::security::certs
