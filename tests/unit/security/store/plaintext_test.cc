// Nothing a user submitted ever reaches the disk in plaintext: a unique marker (as UTF-8 and
// UTF-16LE) and a distinctive raw pixel pattern are searched for in every byte under the store
// directory while an object is being written, after it is committed, and after it is removed.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "security/crypto/digest.h"
#include "security/store/object_store.h"
#include "tests/unit/security/store/store_test_env.h"

namespace mfp::security::store {
namespace {

using pipeline::OwnerTag;
using testing::files_containing;
using testing::StoreTestEnv;

std::vector<std::uint8_t> utf8(const std::string& s) {
  return {s.begin(), s.end()};
}

std::vector<std::uint8_t> utf16le(const std::string& s) {
  std::vector<std::uint8_t> out;
  for (const char c : s) {
    out.push_back(static_cast<std::uint8_t>(c));
    out.push_back(0);
  }
  return out;
}

// 64 RGB pixels of a gradient no cipher output would produce by chance.
std::vector<std::uint8_t> pixel_pattern() {
  std::vector<std::uint8_t> px;
  for (int i = 0; i < 64; ++i) {
    px.push_back(static_cast<std::uint8_t>(0x10 + i));
    px.push_back(static_cast<std::uint8_t>(0xC0 - i));
    px.push_back(0x5A);
  }
  return px;
}

class StorePlaintext : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::uint8_t> nonce(8);
    ASSERT_TRUE(env_.drbg().generate(nonce).is_ok());
    const std::string marker = "OPENMFP-PLAINTEXT-MARKER-" + crypto::to_hex(nonce);
    needles_ = {utf8(marker), utf16le(marker), pixel_pattern()};
    // A document: text, its UTF-16 form and raw pixels, repeated across several chunks.
    for (int rep = 0; rep < 500; ++rep) {
      for (const auto& n : needles_) document_.insert(document_.end(), n.begin(), n.end());
      document_.insert(document_.end(), 97, static_cast<std::uint8_t>(rep));
    }
  }

  void expect_absent(const char* when) {
    for (const auto& n : needles_) {
      const auto hits = files_containing(env_.data_dir(), n);
      EXPECT_TRUE(hits.empty()) << when << ": plaintext found in " << hits.front();
    }
  }

  StoreTestEnv env_;
  std::vector<std::vector<std::uint8_t>> needles_;
  std::vector<std::uint8_t> document_;
};

TEST_F(StorePlaintext, SelfCheckTheSearchFindsThePatterns) {
  testing::write_file_bytes(env_.data_dir() / "probe", document_);
  for (const auto& n : needles_) EXPECT_EQ(files_containing(env_.data_dir(), n).size(), 1u);
  std::filesystem::remove(env_.data_dir() / "probe");
}

TEST_F(StorePlaintext, NeverOnDiskWhileWritingCommittedOrAfterRemoval) {
  const OwnerTag owner{1001, 7};
  auto w = env_.store().create(owner, "print-spool");
  ASSERT_TRUE(w.is_ok());
  ASSERT_TRUE((*w)->write(std::span(document_).first(document_.size() / 2)).is_ok());
  expect_absent("while writing");
  ASSERT_TRUE((*w)->write(std::span(document_).subspan(document_.size() / 2)).is_ok());
  ASSERT_TRUE((*w)->commit().is_ok());
  const ObjectId id = (*w)->id();
  w->reset();
  expect_absent("after commit");
  ASSERT_TRUE(env_.get(id, owner).value() == document_);  // it is really there
  expect_absent("after reading");
  ASSERT_TRUE(env_.store().remove(id).is_ok());
  expect_absent("after removal");
}

TEST_F(StorePlaintext, NeverOnDiskAfterAbort) {
  auto w = env_.store().create(OwnerTag{1, 2}, "scan");
  ASSERT_TRUE(w.is_ok());
  ASSERT_TRUE((*w)->write(document_).is_ok());
  ASSERT_TRUE((*w)->abort().is_ok());
  expect_absent("after abort");
}

}  // namespace
}  // namespace mfp::security::store
