#include "security/crypto/aead.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "tests/unit/security/crypto/hex.h"

namespace mfp::security::crypto {
namespace {

using pipeline::StatusCode;
using testing::bytes_of;
using testing::from_hex;

struct GcmVector {
  const char* name;
  const char* key;
  const char* nonce;
  const char* aad;
  const char* plaintext;
  const char* ciphertext;
  const char* tag;
};

// McGrew & Viega, "The Galois/Counter Mode of Operation", test cases 13-16 (AES-256), and the
// AES-256-GCM vector of OpenSSL's FIPS self-test (from NIST CAVP gcmEncryptExtIV256).
const GcmVector kVectors[] = {
    {"GCM spec test case 13", "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"},
    {"GCM spec test case 14", "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", "", "00000000000000000000000000000000",
     "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"},
    {"GCM spec test case 15", "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888", "",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b"
     "525b16aedf5aa0de657ba637b391aafd255",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828"
     "838c5f61e6393ba7a0abcc9f662898015ad",
     "b094dac5d93471bdec1a502270e3cc6c"},
    {"GCM spec test case 16", "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888", "feedfacedeadbeeffeedfacedeadbeefabaddad2",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b"
     "525b16aedf5aa0de657ba637b39",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828"
     "838c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
    {"OpenSSL FIPS self-test", "92e11dcdaa866f5ce790fd24501f92509aacf4cb8b1339d50c9c1240935dd08b",
     "ac93a1a6145299bde902f21a", "1e0889016f67601c8ebea4943bc23ad6",
     "2d71bcfa914e4ac045b2aa60955fad24", "8995ae2e6df3dbf96fac7b7137bae67f",
     "eca5aa77d51d4a0a14d9c51e1da474ab"},
};

std::unique_ptr<Aes256Gcm> make(const std::vector<std::uint8_t>& key) {
  auto r = Aes256Gcm::create(key);
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return std::move(r).value();
}

std::array<std::uint8_t, kAeadNonceBytes> nonce_of(const std::vector<std::uint8_t>& v) {
  std::array<std::uint8_t, kAeadNonceBytes> n{};
  std::copy(v.begin(), v.end(), n.begin());
  return n;
}

TEST(Aes256Gcm, KnownAnswers) {
  for (const auto& v : kVectors) {
    SCOPED_TRACE(v.name);
    auto gcm = make(from_hex(v.key));
    const auto nonce = nonce_of(from_hex(v.nonce));
    const auto aad = from_hex(v.aad);
    const auto pt = from_hex(v.plaintext);
    const auto ct = from_hex(v.ciphertext);
    const auto expected_tag = from_hex(v.tag);

    std::vector<std::uint8_t> out(pt.size());
    std::array<std::uint8_t, kAeadTagBytes> tag{};
    ASSERT_TRUE(gcm->seal(nonce, aad, pt, out, tag).is_ok());
    EXPECT_EQ(out, ct);
    EXPECT_EQ(std::vector<std::uint8_t>(tag.begin(), tag.end()), expected_tag);

    std::vector<std::uint8_t> back(ct.size(), 0xEE);
    ASSERT_TRUE(gcm->open(nonce, aad, ct, tag, back).is_ok());
    EXPECT_EQ(back, pt);
  }
}

TEST(Aes256Gcm, RejectsWrongSizes) {
  EXPECT_EQ(Aes256Gcm::create(std::vector<std::uint8_t>(16)).status().code(),
            StatusCode::invalid_argument);
  EXPECT_EQ(Aes256Gcm::create({}).status().code(), StatusCode::invalid_argument);
  auto gcm = make(std::vector<std::uint8_t>(32, 1));
  std::array<std::uint8_t, kAeadNonceBytes> nonce{};
  std::array<std::uint8_t, kAeadTagBytes> tag{};
  std::vector<std::uint8_t> pt(10), ct(9);
  EXPECT_EQ(gcm->seal(nonce, {}, pt, ct, tag).code(), StatusCode::invalid_argument);
  std::vector<std::uint8_t> ct2(10, 0), pt2(11, 0x55);
  EXPECT_EQ(gcm->open(nonce, {}, ct2, tag, pt2).code(), StatusCode::invalid_argument);
}

// One sealed message and the ways to tamper with it.
class GcmTamper : public ::testing::Test {
 protected:
  void SetUp() override {
    key.assign(32, 0x42);
    gcm = make(key);
    for (std::size_t i = 0; i < nonce.size(); ++i) nonce[i] = static_cast<std::uint8_t>(i);
    aad = bytes_of("object 7 chunk 3 owner alice");
    pt = bytes_of("CONFIDENTIAL: quarterly figures, not for release before Monday");
    ct.resize(pt.size());
    ASSERT_TRUE(gcm->seal(nonce, aad, pt, ct, tag).is_ok());
  }

  // open() must fail with integrity_error and leave nothing but zeros in the output.
  void expect_rejected(Aes256Gcm& g, const std::array<std::uint8_t, kAeadNonceBytes>& n,
                       const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& c,
                       const std::array<std::uint8_t, kAeadTagBytes>& t) {
    std::vector<std::uint8_t> out(c.size(), 0xEE);
    const auto st = g.open(n, a, c, t, out);
    EXPECT_EQ(st.code(), StatusCode::integrity_error);
    EXPECT_EQ(st.message(), "authentication failed");
    EXPECT_TRUE(std::all_of(out.begin(), out.end(), [](std::uint8_t b) { return b == 0; }));
  }

  std::vector<std::uint8_t> key;
  std::unique_ptr<Aes256Gcm> gcm;
  std::array<std::uint8_t, kAeadNonceBytes> nonce{};
  std::vector<std::uint8_t> aad, pt, ct;
  std::array<std::uint8_t, kAeadTagBytes> tag{};
};

TEST_F(GcmTamper, UntouchedOpens) {
  std::vector<std::uint8_t> out(ct.size());
  ASSERT_TRUE(gcm->open(nonce, aad, ct, tag, out).is_ok());
  EXPECT_EQ(out, pt);
}

TEST_F(GcmTamper, FlippedCiphertextBit) {
  for (std::size_t i : {std::size_t{0}, ct.size() / 2, ct.size() - 1}) {
    auto c = ct;
    c[i] ^= 0x01;
    expect_rejected(*gcm, nonce, aad, c, tag);
  }
}

TEST_F(GcmTamper, FlippedTagBit) {
  for (std::size_t i = 0; i < tag.size(); i += 5) {
    auto t = tag;
    t[i] ^= 0x80;
    expect_rejected(*gcm, nonce, aad, ct, t);
  }
}

TEST_F(GcmTamper, FlippedAadBitOrOtherAad) {
  auto a = aad;
  a[0] ^= 0x01;
  expect_rejected(*gcm, nonce, a, ct, tag);
  expect_rejected(*gcm, nonce, bytes_of("object 7 chunk 4 owner alice"), ct, tag);
  expect_rejected(*gcm, nonce, {}, ct, tag);
}

TEST_F(GcmTamper, FlippedNonceBit) {
  auto n = nonce;
  n[11] ^= 0x01;
  expect_rejected(*gcm, n, aad, ct, tag);
}

TEST_F(GcmTamper, TruncatedCiphertext) {
  std::vector<std::uint8_t> c(ct.begin(), ct.end() - 1);
  expect_rejected(*gcm, nonce, aad, c, tag);
}

TEST_F(GcmTamper, WrongKey) {
  auto k = key;
  k[31] ^= 0x01;
  auto other = make(k);
  expect_rejected(*other, nonce, aad, ct, tag);
}

TEST_F(GcmTamper, FailureDoesNotPoisonTheNextMessage) {
  auto c = ct;
  c[0] ^= 1;
  expect_rejected(*gcm, nonce, aad, c, tag);
  std::vector<std::uint8_t> out(ct.size());
  ASSERT_TRUE(gcm->open(nonce, aad, ct, tag, out).is_ok());
  EXPECT_EQ(out, pt);
}

TEST(Aes256Gcm, InPlaceAndManyMessagesUnderOneKey) {
  auto gcm = make(std::vector<std::uint8_t>(32, 9));
  for (int m = 0; m < 50; ++m) {
    std::array<std::uint8_t, kAeadNonceBytes> nonce{};
    nonce[0] = static_cast<std::uint8_t>(m);
    std::vector<std::uint8_t> buf(static_cast<std::size_t>(m) * 37 + 1);
    for (std::size_t i = 0; i < buf.size(); ++i) buf[i] = static_cast<std::uint8_t>(i * 7 + m);
    const auto original = buf;
    std::array<std::uint8_t, kAeadTagBytes> tag{};
    ASSERT_TRUE(gcm->seal(nonce, {}, buf, buf, tag).is_ok());
    EXPECT_NE(buf, original);
    ASSERT_TRUE(gcm->open(nonce, {}, buf, tag, buf).is_ok());
    EXPECT_EQ(buf, original);
  }
}

TEST(Aes256Gcm, RejectsPartiallyOverlappingBuffers) {
  auto gcm = make(std::vector<std::uint8_t>(32, 9));
  std::vector<std::uint8_t> buf(64);
  std::array<std::uint8_t, kAeadNonceBytes> nonce{};
  std::array<std::uint8_t, kAeadTagBytes> tag{};
  const std::span<std::uint8_t> all(buf);
  EXPECT_EQ(gcm->seal(nonce, {}, all.first(32), all.subspan(8, 32), tag).code(),
            StatusCode::invalid_argument);
}

}  // namespace
}  // namespace mfp::security::crypto
