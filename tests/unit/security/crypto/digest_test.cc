#include "security/crypto/digest.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/security/crypto/hex.h"

namespace mfp::security::crypto {
namespace {

using pipeline::StatusCode;
using testing::bytes_of;
using testing::from_hex;

// FIPS 180-4 examples (NIST CSRC "Examples with Intermediate Values") and the empty string.
TEST(Sha256, Fips180Vectors) {
  EXPECT_EQ(to_hex(sha256(bytes_of("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(sha256(bytes_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(to_hex(sha256({})), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const std::vector<std::uint8_t> million_a(1000000, 'a');
  EXPECT_EQ(to_hex(sha256(million_a)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha512, Fips180Vectors) {
  EXPECT_EQ(to_hex(sha512(bytes_of("abc"))),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(to_hex(sha512(bytes_of("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                                   "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"))),
            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
            "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
  EXPECT_EQ(to_hex(sha512({})),
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
            "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
}

struct HmacVector {
  const char* name;
  std::vector<std::uint8_t> key;
  std::vector<std::uint8_t> data;
  const char* mac;  // hex; test case 5 gives only the first 128 bits
};

// RFC 4231 section 4, HMAC-SHA-256 results.
std::vector<HmacVector> rfc4231() {
  const std::vector<std::uint8_t> big_key(131, 0xaa);
  return {
      {"1", std::vector<std::uint8_t>(20, 0x0b), bytes_of("Hi There"),
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"2", bytes_of("Jefe"), bytes_of("what do ya want for nothing?"),
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {"3", std::vector<std::uint8_t>(20, 0xaa), std::vector<std::uint8_t>(50, 0xdd),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {"4", from_hex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
       std::vector<std::uint8_t>(50, 0xcd),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {"5", std::vector<std::uint8_t>(20, 0x0c), bytes_of("Test With Truncation"),
       "a3b6167473100ee06e0c796c2955552b"},
      {"6", big_key, bytes_of("Test Using Larger Than Block-Size Key - Hash Key First"),
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {"7", big_key,
       bytes_of("This is a test using a larger than block-size key and a larger than block-size "
                "data. The key needs to be hashed before being used by the HMAC algorithm."),
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
}

TEST(HmacSha256, Rfc4231OneShot) {
  for (const auto& v : rfc4231()) {
    SCOPED_TRACE(v.name);
    auto mac = hmac_sha256(v.key, v.data);
    ASSERT_TRUE(mac.is_ok()) << mac.status().to_string();
    const std::string expected = v.mac;
    EXPECT_EQ(to_hex(*mac).substr(0, expected.size()), expected);
  }
}

TEST(HmacSha256, Rfc4231IncrementalAndReset) {
  for (const auto& v : rfc4231()) {
    SCOPED_TRACE(v.name);
    auto h = HmacSha256::create(v.key);
    ASSERT_TRUE(h.is_ok()) << h.status().to_string();
    const std::string expected = v.mac;
    for (int round = 0; round < 2; ++round) {  // finish() resets for the next message
      const std::span<const std::uint8_t> data(v.data);
      const std::size_t half = data.size() / 2;
      (*h)->update(data.first(half));
      (*h)->update({});
      (*h)->update(data.subspan(half));
      EXPECT_EQ(to_hex((*h)->finish()).substr(0, expected.size()), expected);
    }
  }
}

TEST(HmacSha256, EmptyKeyAndMessage) {
  // HMAC-SHA-256 with an empty key over an empty message (a widely published value).
  auto mac = hmac_sha256({}, {});
  ASSERT_TRUE(mac.is_ok());
  EXPECT_EQ(to_hex(*mac), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

std::string hkdf_hex(const std::vector<std::uint8_t>& ikm, const std::vector<std::uint8_t>& salt,
                     const std::vector<std::uint8_t>& info, std::size_t length) {
  auto okm = hkdf_sha256(
      ikm, salt, std::string_view(reinterpret_cast<const char*>(info.data()), info.size()), length);
  EXPECT_TRUE(okm.is_ok()) << okm.status().to_string();
  if (!okm) return {};
  EXPECT_EQ(okm->size(), length);
  return to_hex(okm->span());
}

std::vector<std::uint8_t> range(int first, int last) {
  std::vector<std::uint8_t> out;
  for (int i = first; i <= last; ++i) out.push_back(static_cast<std::uint8_t>(i));
  return out;
}

// RFC 5869 appendix A, test cases 1-3 (SHA-256).
TEST(HkdfSha256, Rfc5869Case1) {
  EXPECT_EQ(hkdf_hex(std::vector<std::uint8_t>(22, 0x0b), range(0x00, 0x0c), range(0xf0, 0xf9), 42),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

TEST(HkdfSha256, Rfc5869Case2LongInputs) {
  EXPECT_EQ(hkdf_hex(range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82),
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
            "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
            "cc30c58179ec3e87c14c01d5c1f3434f1d87");
}

TEST(HkdfSha256, Rfc5869Case3NoSaltNoInfo) {
  EXPECT_EQ(hkdf_hex(std::vector<std::uint8_t>(22, 0x0b), {}, {}, 42),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

TEST(HkdfSha256, RejectsBadArguments) {
  const std::vector<std::uint8_t> ikm(32, 1);
  EXPECT_EQ(hkdf_sha256({}, {}, "x", 32).status().code(), StatusCode::invalid_argument);
  EXPECT_EQ(hkdf_sha256(ikm, {}, "x", 0).status().code(), StatusCode::invalid_argument);
  EXPECT_EQ(hkdf_sha256(ikm, {}, "x", 255 * 32 + 1).status().code(), StatusCode::invalid_argument);
  EXPECT_TRUE(hkdf_sha256(ikm, {}, "x", 255 * 32).is_ok());
}

TEST(ToHex, LowercaseTwoDigitsPerByte) {
  EXPECT_EQ(to_hex(std::vector<std::uint8_t>{0x00, 0x0f, 0xa0, 0xff}), "000fa0ff");
  EXPECT_EQ(to_hex({}), "");
}

}  // namespace
}  // namespace mfp::security::crypto
