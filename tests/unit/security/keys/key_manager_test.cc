#include "security/keys/key_manager.h"

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>

#include "engine_hw/sim/file_nvram.h"
#include "security/crypto/digest.h"

namespace mfp::security::keys {
namespace {

using pipeline::StatusCode;
namespace fs = std::filesystem;

// In-memory NVRAM with switchable write failures.
class FakeNvram final : public engine_hw::Nvram {
 public:
  pipeline::Result<std::optional<std::vector<std::uint8_t>>> read(
      std::string_view slot) noexcept override {
    std::lock_guard lock(mu_);
    auto it = slots_.find(std::string(slot));
    if (it == slots_.end()) return std::optional<std::vector<std::uint8_t>>();
    return std::optional<std::vector<std::uint8_t>>(it->second);
  }
  pipeline::Status write(std::string_view slot,
                         std::span<const std::uint8_t> bytes) noexcept override {
    std::lock_guard lock(mu_);
    if (fail_writes) return pipeline::Status(StatusCode::io_error, "injected write failure");
    slots_[std::string(slot)].assign(bytes.begin(), bytes.end());
    return pipeline::Status::ok();
  }
  pipeline::Status erase(std::string_view slot) noexcept override {
    std::lock_guard lock(mu_);
    slots_.erase(std::string(slot));
    return pipeline::Status::ok();
  }
  std::vector<std::uint8_t>& raw(const std::string& slot) { return slots_[slot]; }

  bool fail_writes = false;

 private:
  std::mutex mu_;
  std::map<std::string, std::vector<std::uint8_t>> slots_;
};

// A private directory per test (tests/support/temp_dir.h).
class ScopedDir : public mfp::testing::TempDir {
 public:
  ScopedDir() : mfp::testing::TempDir("mfp-keys") {}
};

class KeyManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = crypto::Drbg::create("key-manager-test");
    ASSERT_TRUE(d.is_ok()) << d.status().to_string();
    drbg = std::move(d).value();
  }

  std::unique_ptr<KeyManager> open_ok(engine_hw::Nvram& nv) {
    auto km = KeyManager::open(nv, *drbg);
    EXPECT_TRUE(km.is_ok()) << km.status().to_string();
    return km ? std::move(km).value() : nullptr;
  }

  std::unique_ptr<engine_hw::sim::FileNvram> file_nvram(const fs::path& p) {
    auto nv = engine_hw::sim::FileNvram::open(p);
    EXPECT_TRUE(nv.is_ok()) << nv.status().to_string();
    return nv ? std::move(nv).value() : nullptr;
  }

  std::unique_ptr<crypto::Drbg> drbg;
};

std::vector<std::uint8_t> to_vector(const crypto::SecureBytes& b) {
  return {b.data(), b.data() + b.size()};
}

TEST_F(KeyManagerTest, FirstStartCreatesAndPersistsTheMasterKey) {
  ScopedDir dir;
  const auto path = dir.path() / "nvram.bin";
  std::vector<std::uint8_t> id;
  {
    auto nv = file_nvram(path);
    ASSERT_TRUE(nv);
    auto km = open_ok(*nv);
    ASSERT_TRUE(km);
    EXPECT_TRUE(km->created());
    id = km->key_id();
    EXPECT_EQ(id.size(), 8u);
    auto record = nv->read("master-key");
    ASSERT_TRUE(record.is_ok());
    ASSERT_TRUE(record->has_value());
    EXPECT_EQ((*record)->size(), 1u + 32u + 8u);
    EXPECT_EQ((**record)[0], 1);
  }
  auto nv = file_nvram(path);
  ASSERT_TRUE(nv);
  auto km = open_ok(*nv);
  ASSERT_TRUE(km);
  EXPECT_FALSE(km->created());
  EXPECT_EQ(km->key_id(), id);
}

TEST_F(KeyManagerTest, WrapUnwrapRoundTripsAndSurvivesRestart) {
  ScopedDir dir;
  const auto path = dir.path() / "nvram.bin";
  std::vector<std::uint8_t> wrapped, plain;
  {
    auto nv = file_nvram(path);
    auto km = open_ok(*nv);
    ASSERT_TRUE(km);
    auto key = km->new_data_key();
    ASSERT_TRUE(key.is_ok());
    EXPECT_EQ(key->size(), kDataKeyBytes);
    plain = to_vector(*key);
    auto w = km->wrap(key->span());
    ASSERT_TRUE(w.is_ok()) << w.status().to_string();
    wrapped = *w;
    EXPECT_EQ(wrapped.size(), 40u);
    auto back = km->unwrap(wrapped);
    ASSERT_TRUE(back.is_ok());
    EXPECT_EQ(to_vector(*back), plain);
  }
  auto nv = file_nvram(path);
  auto km = open_ok(*nv);
  ASSERT_TRUE(km);
  auto back = km->unwrap(wrapped);
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(to_vector(*back), plain);
  auto tampered = wrapped;
  tampered[5] ^= 0x20;
  EXPECT_EQ(km->unwrap(tampered).status().code(), StatusCode::integrity_error);
}

TEST_F(KeyManagerTest, AnotherMasterKeyCannotUnwrap) {
  FakeNvram a, b;
  auto ka = open_ok(a);
  auto kb = open_ok(b);
  ASSERT_TRUE(ka && kb);
  EXPECT_NE(ka->key_id(), kb->key_id());
  auto key = ka->new_data_key();
  ASSERT_TRUE(key.is_ok());
  auto wrapped = ka->wrap(key->span());
  ASSERT_TRUE(wrapped.is_ok());
  EXPECT_EQ(kb->unwrap(*wrapped).status().code(), StatusCode::integrity_error);
}

TEST_F(KeyManagerTest, RegenerateReplacesTheKeyAndOrphansOldWrappedKeys) {
  ScopedDir dir;
  const auto path = dir.path() / "nvram.bin";
  auto nv = file_nvram(path);
  auto km = open_ok(*nv);
  ASSERT_TRUE(km);
  const auto old_id = km->key_id();
  auto old_derived = km->derive("audit-log");
  ASSERT_TRUE(old_derived.is_ok());
  auto key = km->new_data_key();
  ASSERT_TRUE(key.is_ok());
  const auto wrapped = km->wrap(key->span()).value();
  const auto old_record = nv->read("master-key").value().value();

  ASSERT_TRUE(km->regenerate().is_ok());
  EXPECT_NE(km->key_id(), old_id);
  EXPECT_EQ(km->unwrap(wrapped).status().code(), StatusCode::integrity_error);
  auto new_derived = km->derive("audit-log");
  ASSERT_TRUE(new_derived.is_ok());
  EXPECT_FALSE(crypto::constant_time_equal(old_derived->span(), new_derived->span()));
  EXPECT_NE(nv->read("master-key").value().value(), old_record);

  // The new key is the persisted one.
  const auto new_id = km->key_id();
  km.reset();
  auto reopened = open_ok(*nv);
  ASSERT_TRUE(reopened);
  EXPECT_FALSE(reopened->created());
  EXPECT_EQ(reopened->key_id(), new_id);
}

TEST_F(KeyManagerTest, FailedRegenerateKeepsTheOldKey) {
  FakeNvram nv;
  auto km = open_ok(nv);
  ASSERT_TRUE(km);
  const auto id = km->key_id();
  auto key = km->new_data_key();
  const auto wrapped = km->wrap(key->span()).value();
  nv.fail_writes = true;
  EXPECT_EQ(km->regenerate().code(), StatusCode::io_error);
  EXPECT_EQ(km->key_id(), id);
  EXPECT_TRUE(km->unwrap(wrapped).is_ok());
  nv.fail_writes = false;
  auto again = open_ok(nv);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->key_id(), id);
}

TEST_F(KeyManagerTest, FirstStartFailsWhenTheKeyCannotBeStored) {
  FakeNvram nv;
  nv.fail_writes = true;
  EXPECT_EQ(KeyManager::open(nv, *drbg).status().code(), StatusCode::io_error);
}

TEST_F(KeyManagerTest, MalformedRecordIsIntegrityErrorAndNeverReplaced) {
  FakeNvram nv;
  { ASSERT_TRUE(open_ok(nv)); }
  const auto good = nv.raw("master-key");
  ASSERT_EQ(good.size(), 41u);
  std::vector<std::vector<std::uint8_t>> bad_records;
  for (std::size_t i : {std::size_t{0}, std::size_t{1}, std::size_t{20}, std::size_t{32},
                        std::size_t{33}, std::size_t{40}}) {
    auto bad = good;
    bad[i] ^= 0x01;
    bad_records.push_back(bad);
  }
  bad_records.emplace_back(good.begin(), good.end() - 1);
  bad_records.emplace_back();
  auto longer = good;
  longer.push_back(0);
  bad_records.push_back(longer);
  for (const auto& bad : bad_records) {
    nv.raw("master-key") = bad;
    auto km = KeyManager::open(nv, *drbg);
    ASSERT_EQ(km.status().code(), StatusCode::integrity_error) << bad.size();
    // Nothing about the stored bytes leaks into the message.
    if (bad.size() > 8) {
      EXPECT_EQ(km.status().message().find(crypto::to_hex(std::span(bad).subspan(1, 4))),
                std::string::npos);
    }
    EXPECT_EQ(nv.raw("master-key"), bad);  // a malformed key is reported, not silently replaced
  }
}

TEST_F(KeyManagerTest, DerivedKeysAreStablePerPurposeAndDistinct) {
  FakeNvram nv;
  auto km = open_ok(nv);
  ASSERT_TRUE(km);
  auto audit = km->derive("audit-log");
  auto audit2 = km->derive("audit-log");
  auto db = km->derive("metadata-db");
  ASSERT_TRUE(audit.is_ok() && audit2.is_ok() && db.is_ok());
  EXPECT_EQ(audit->size(), 32u);
  EXPECT_TRUE(crypto::constant_time_equal(audit->span(), audit2->span()));
  EXPECT_FALSE(crypto::constant_time_equal(audit->span(), db->span()));
  EXPECT_EQ(km->derive("").status().code(), StatusCode::invalid_argument);

  auto again = open_ok(nv);
  auto audit3 = again->derive("audit-log");
  ASSERT_TRUE(audit3.is_ok());
  EXPECT_TRUE(crypto::constant_time_equal(audit->span(), audit3->span()));
}

TEST_F(KeyManagerTest, DeriveIsHkdfOfTheStoredKeyWithTheDocumentedParameters) {
  FakeNvram nv;
  auto km = open_ok(nv);
  ASSERT_TRUE(km);
  const auto record = nv.raw("master-key");
  const std::span<const std::uint8_t> master(record.data() + 1, 32);
  const std::string salt = "OpenMFP v1";
  auto expected = crypto::hkdf_sha256(
      master, std::span(reinterpret_cast<const std::uint8_t*>(salt.data()), salt.size()),
      "metadata-db", 32);
  auto got = km->derive("metadata-db");
  ASSERT_TRUE(expected.is_ok() && got.is_ok());
  EXPECT_TRUE(crypto::constant_time_equal(expected->span(), got->span()));
  // key_id = first 8 bytes of SHA-256(derive("key-id")).
  auto id_key = km->derive("key-id");
  ASSERT_TRUE(id_key.is_ok());
  const auto digest = crypto::sha256(id_key->span());
  EXPECT_EQ(km->key_id(), std::vector<std::uint8_t>(digest.begin(), digest.begin() + 8));
}

TEST_F(KeyManagerTest, DataKeysAreFreshEachTime) {
  FakeNvram nv;
  auto km = open_ok(nv);
  ASSERT_TRUE(km);
  auto a = km->new_data_key();
  auto b = km->new_data_key();
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_FALSE(crypto::constant_time_equal(a->span(), b->span()));
}

}  // namespace
}  // namespace mfp::security::keys
