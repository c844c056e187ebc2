#include "security/crypto/drbg.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

#include "security/crypto/detail/ctr_drbg_kat.h"

namespace mfp::security::crypto {
namespace {

using pipeline::StatusCode;

std::unique_ptr<Drbg> make(std::string_view personalization = "drbg-test") {
  auto r = Drbg::create(personalization);
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return std::move(r).value();
}

std::vector<std::uint8_t> draw(Drbg& d, std::size_t n) {
  std::vector<std::uint8_t> out(n);
  EXPECT_TRUE(d.generate(out).is_ok());
  return out;
}

TEST(Drbg, KnownAnswerTestPasses) {
  EXPECT_TRUE(Drbg::known_answer_test().is_ok());
}

TEST(Drbg, KnownAnswerTestRunsBothCavpVectors) {
  const auto vectors = detail::ctr_drbg_kat_vectors();
  ASSERT_EQ(vectors.size(), 2u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(v.name);
    EXPECT_EQ(v.entropy.size(), 32u);
    EXPECT_EQ(v.nonce.size(), 16u);
    EXPECT_EQ(v.returned_bits.size(), 64u);
    EXPECT_TRUE(detail::run_ctr_drbg_kat(v).is_ok());
  }
}

TEST(Drbg, KnownAnswerTestCatchesAWrongAnswer) {
  const auto& good = detail::ctr_drbg_kat_vectors()[0];
  std::vector<std::uint8_t> expected(good.returned_bits.begin(), good.returned_bits.end());
  expected.back() ^= 0x01;
  auto bad = good;
  bad.returned_bits = expected;
  const auto st = detail::run_ctr_drbg_kat(bad);
  EXPECT_EQ(st.code(), StatusCode::integrity_error);
  EXPECT_NE(st.message().find("output mismatch"), std::string::npos) << st.message();

  std::vector<std::uint8_t> entropy(good.entropy.begin(), good.entropy.end());
  entropy[0] ^= 0x01;
  auto bad_entropy = good;
  bad_entropy.entropy = entropy;
  EXPECT_EQ(detail::run_ctr_drbg_kat(bad_entropy).code(), StatusCode::integrity_error);
}

TEST(Drbg, OutputsDifferBetweenCallsAndInstances) {
  auto a = make();
  auto b = make();  // same personalization: still seeded independently
  const auto a1 = draw(*a, 32), a2 = draw(*a, 32), b1 = draw(*b, 32);
  EXPECT_NE(a1, a2);
  EXPECT_NE(a1, b1);
  EXPECT_NE(a2, b1);
  EXPECT_NE(a1, std::vector<std::uint8_t>(32, 0));
}

TEST(Drbg, LargeRequestsSpanSeveralGenerateCalls) {
  auto d = make();
  const auto big = draw(*d, 300000);  // > 64 KiB per EVP_RAND_generate
  // Crude sanity: every byte value shows up, and no 64 KiB block repeats the first.
  std::set<std::uint8_t> seen(big.begin(), big.end());
  EXPECT_EQ(seen.size(), 256u);
  EXPECT_FALSE(std::equal(big.begin(), big.begin() + 65536, big.begin() + 65536));
  std::vector<std::uint8_t> none;
  EXPECT_TRUE(d->generate(none).is_ok());
}

TEST(Drbg, BytesGivesSecureBytes) {
  auto d = make();
  auto key = d->bytes(32);
  ASSERT_TRUE(key.is_ok());
  EXPECT_EQ(key->size(), 32u);
  auto key2 = d->bytes(32);
  ASSERT_TRUE(key2.is_ok());
  EXPECT_FALSE(constant_time_equal(key->span(), key2->span()));
}

TEST(Drbg, ReseedKeepsItWorking) {
  auto d = make("");
  const auto before = draw(*d, 16);
  ASSERT_TRUE(d->reseed().is_ok());
  EXPECT_NE(draw(*d, 16), before);
}

TEST(Drbg, ThreadSafeUnderConcurrentGenerate) {
  auto d = make();
  constexpr int kThreads = 8, kDraws = 200;
  std::vector<std::vector<std::vector<std::uint8_t>>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&d, &results, t] {
      for (int i = 0; i < kDraws; ++i) {
        std::vector<std::uint8_t> out(32);
        if (!d->generate(out).is_ok()) out.clear();
        results[t].push_back(std::move(out));
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::vector<std::uint8_t>> unique;
  for (const auto& r : results) {
    for (const auto& out : r) {
      ASSERT_EQ(out.size(), 32u);
      unique.insert(out);
    }
  }
  EXPECT_EQ(unique.size(), static_cast<std::size_t>(kThreads * kDraws));
}

}  // namespace
}  // namespace mfp::security::crypto
