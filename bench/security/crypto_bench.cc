// Micro-benchmarks of security/crypto: AES-256-GCM seal/open of 64 KiB storage chunks and
// HMAC-SHA-256 (bytes/s), AES-KWP wrap/unwrap of a 32-byte data key (items/s), and the DRBG
// (bytes/s for 64 KiB requests, items/s for 32-byte key-sized requests).

#include <benchmark/benchmark.h>

#include <array>
#include <vector>

#include "security/crypto/aead.h"
#include "security/crypto/digest.h"
#include "security/crypto/drbg.h"
#include "security/crypto/key_wrap.h"

namespace mfp::bench {
namespace {

using namespace security::crypto;

constexpr std::size_t kChunk = 64 * 1024;

std::vector<std::uint8_t> pattern(std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(i * 31 + 7);
  return v;
}

void BM_Aes256GcmSeal64K(benchmark::State& state) {
  auto gcm = Aes256Gcm::create(pattern(kAeadKeyBytes));
  if (!gcm) return state.SkipWithError("create failed");
  const auto pt = pattern(kChunk);
  const auto aad = pattern(24);
  std::vector<std::uint8_t> ct(kChunk);
  std::array<std::uint8_t, kAeadNonceBytes> nonce{};
  std::array<std::uint8_t, kAeadTagBytes> tag{};
  std::uint64_t counter = 0;
  for (auto _ : state) {
    ++counter;
    for (int i = 0; i < 8; ++i) nonce[i] = static_cast<std::uint8_t>(counter >> (8 * i));
    if (!(*gcm)->seal(nonce, aad, pt, ct, tag).is_ok()) state.SkipWithError("seal failed");
    benchmark::DoNotOptimize(tag.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kChunk));
}
BENCHMARK(BM_Aes256GcmSeal64K);

void BM_Aes256GcmOpen64K(benchmark::State& state) {
  auto gcm = Aes256Gcm::create(pattern(kAeadKeyBytes));
  if (!gcm) return state.SkipWithError("create failed");
  const auto pt = pattern(kChunk);
  const auto aad = pattern(24);
  std::vector<std::uint8_t> ct(kChunk), out(kChunk);
  std::array<std::uint8_t, kAeadNonceBytes> nonce{};
  std::array<std::uint8_t, kAeadTagBytes> tag{};
  if (!(*gcm)->seal(nonce, aad, pt, ct, tag).is_ok()) return state.SkipWithError("seal failed");
  for (auto _ : state) {
    if (!(*gcm)->open(nonce, aad, ct, tag, out).is_ok()) state.SkipWithError("open failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kChunk));
}
BENCHMARK(BM_Aes256GcmOpen64K);

void BM_KeyWrap32(benchmark::State& state) {
  const auto kek = pattern(32);
  const auto key = pattern(32);
  for (auto _ : state) {
    auto wrapped = wrap_key(kek, key);
    if (!wrapped) state.SkipWithError("wrap failed");
    benchmark::DoNotOptimize(wrapped);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_KeyWrap32);

void BM_KeyUnwrap32(benchmark::State& state) {
  const auto kek = pattern(32);
  auto wrapped = wrap_key(kek, pattern(32));
  if (!wrapped) return state.SkipWithError("wrap failed");
  for (auto _ : state) {
    auto key = unwrap_key(kek, *wrapped);
    if (!key) state.SkipWithError("unwrap failed");
    benchmark::DoNotOptimize(key);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_KeyUnwrap32);

void BM_HmacSha256_64K(benchmark::State& state) {
  auto mac = HmacSha256::create(pattern(32));
  if (!mac) return state.SkipWithError("create failed");
  const auto data = pattern(kChunk);
  for (auto _ : state) {
    (*mac)->update(data);
    auto d = (*mac)->finish();
    benchmark::DoNotOptimize(d);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kChunk));
}
BENCHMARK(BM_HmacSha256_64K);

void BM_DrbgGenerate(benchmark::State& state) {
  auto drbg = Drbg::create("crypto-bench");
  if (!drbg) return state.SkipWithError("create failed");
  std::vector<std::uint8_t> out(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    if (!(*drbg)->generate(out).is_ok()) state.SkipWithError("generate failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_DrbgGenerate)->Arg(32)->Arg(kChunk);

}  // namespace
}  // namespace mfp::bench
