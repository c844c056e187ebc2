// ObjectStore tamper detection: every alteration of a sealed object or its key file fails with
// integrity_error (or permission_denied for the wrong owner) and a message naming what failed,
// and no byte of an unauthenticated chunk is ever released.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "security/store/detail/chunk_format.h"
#include "security/store/detail/key_record.h"
#include "security/store/object_store.h"
#include "tests/unit/security/store/store_test_env.h"

namespace mfp::security::store {
namespace {

using pipeline::OwnerTag;
using pipeline::StatusCode;
using testing::file_bytes;
using testing::pattern_bytes;
using testing::StoreTestEnv;
using testing::write_file_bytes;

const OwnerTag kAlice{1001, 7};
const OwnerTag kBob{2002, 8};
constexpr std::size_t kChunk = 65536;
constexpr std::size_t kRecord = detail::kRecordOverheadBytes + kChunk;  // a full record
constexpr std::size_t kHeader = detail::kObjectHeaderBytes;

// Offset of record `i` in an object file (all records before it are full).
constexpr std::size_t record_at(std::size_t i) {
  return kHeader + i * kRecord;
}

class Tamper : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = pattern_bytes(3 * kChunk + 1000, 77);  // records: 3 full + final of 1000
    id_ = env_.put(kAlice, data_);
  }

  // Expects reading the object to fail with `code` and a message containing `text`.
  void expect_failure(StatusCode code, const std::string& text, const ObjectId& id,
                      const OwnerTag& owner = kAlice) {
    const auto r = env_.get(id, owner);
    ASSERT_FALSE(r.is_ok()) << "tampered object opened";
    EXPECT_EQ(r.status().code(), code) << r.status().to_string();
    EXPECT_NE(r.status().message().find(text), std::string::npos) << r.status().to_string();
  }
  void expect_failure(StatusCode code, const std::string& text) { expect_failure(code, text, id_); }
  std::vector<std::uint8_t> object() { return file_bytes(env_.object_file(id_)); }
  void set_object(const std::vector<std::uint8_t>& b) {
    write_file_bytes(env_.object_file(id_), b);
  }

  StoreTestEnv env_;
  std::vector<std::uint8_t> data_;
  ObjectId id_;
};

TEST_F(Tamper, Untouched) {
  EXPECT_TRUE(env_.get(id_, kAlice).value() == data_);
}

TEST_F(Tamper, FlippedCiphertextByte) {
  auto b = object();
  b[record_at(1) + detail::kRecordHeaderBytes + 100] ^= 0x01;
  set_object(b);
  expect_failure(StatusCode::integrity_error, "chunk 1 failed authentication");
}

TEST_F(Tamper, FlippedTagByte) {
  auto b = object();
  b[record_at(2) + kRecord - 1] ^= 0x80;
  set_object(b);
  expect_failure(StatusCode::integrity_error, "chunk 2 failed authentication");
}

TEST_F(Tamper, FlippedFinalFlagOrLength) {
  auto b = object();
  b[record_at(0) + 4] = detail::kFinalFlag;  // claims chunk 0 is the last
  set_object(b);
  expect_failure(StatusCode::integrity_error, "chunk 0");
  b = object();
  b[record_at(0) + 4] = 0;
  b[record_at(3)] ^= 0x01;  // final record length 1000 -> 1001
  set_object(b);
  expect_failure(StatusCode::integrity_error, "chunk 3");
}

TEST_F(Tamper, NoBytesOfABadChunkAreReleased) {
  auto b = object();
  b[record_at(1) + detail::kRecordHeaderBytes] ^= 0x01;
  set_object(b);
  auto r = env_.store().open_object(id_, kAlice);
  ASSERT_TRUE(r.is_ok());
  std::vector<std::uint8_t> buf(kChunk + 10, 0xAA);
  // The first chunk is fine; the read that needs chunk 1 fails as a whole.
  EXPECT_EQ((*r)->read(std::span(buf).first(kChunk)).value(), kChunk);
  const auto bad = (*r)->read(buf);
  EXPECT_EQ(bad.status().code(), StatusCode::integrity_error);
  EXPECT_EQ((*r)->read(buf).status().code(), StatusCode::integrity_error);  // sticky
}

TEST_F(Tamper, SwappedChunks) {
  auto b = object();
  std::swap_ranges(b.begin() + record_at(0), b.begin() + record_at(1), b.begin() + record_at(1));
  set_object(b);
  expect_failure(StatusCode::integrity_error, "chunk 0 failed authentication");
}

TEST_F(Tamper, TruncatedAtChunkBoundary) {
  auto b = object();
  b.resize(record_at(2));  // the final record never arrives
  set_object(b);
  expect_failure(StatusCode::integrity_error, "truncated before its final chunk");
}

TEST_F(Tamper, TruncatedToHeaderOnly) {
  auto b = object();
  b.resize(kHeader);
  set_object(b);
  expect_failure(StatusCode::integrity_error, "truncated before its final chunk");
}

TEST_F(Tamper, TruncatedMidChunk) {
  auto b = object();
  b.resize(record_at(1) + 5000);
  set_object(b);
  expect_failure(StatusCode::integrity_error, "chunk 1 is truncated");
  b.resize(record_at(1) + 3);  // inside the record header
  set_object(b);
  expect_failure(StatusCode::integrity_error, "chunk 1 is truncated");
}

TEST_F(Tamper, FinalRecordDroppedFromAWholeChunkObject) {
  const auto data = pattern_bytes(2 * kChunk, 3);  // 2 full records + an empty final one
  const ObjectId id = env_.put(kAlice, data);
  auto b = file_bytes(env_.object_file(id));
  ASSERT_EQ(b.size(), record_at(2) + detail::kRecordOverheadBytes);
  b.resize(record_at(2));
  write_file_bytes(env_.object_file(id), b);
  expect_failure(StatusCode::integrity_error, "truncated before its final chunk", id);
}

TEST_F(Tamper, DataAppendedAfterTheFinalChunk) {
  auto b = object();
  b.push_back(0);
  set_object(b);
  expect_failure(StatusCode::integrity_error, "after the final chunk");
  // A whole extra record (a copy of chunk 0) appended after the final one.
  b = object();
  b.pop_back();
  b.insert(b.end(), b.begin() + record_at(0), b.begin() + record_at(1));
  set_object(b);
  expect_failure(StatusCode::integrity_error, "after the final chunk");
}

TEST_F(Tamper, ChunkCopiedFromAnotherObject) {
  const ObjectId other = env_.put(kAlice, pattern_bytes(3 * kChunk + 1000, 78));
  const auto donor = file_bytes(env_.object_file(other));
  auto b = object();
  std::copy(donor.begin() + record_at(1), donor.begin() + record_at(2), b.begin() + record_at(1));
  set_object(b);
  expect_failure(StatusCode::integrity_error, "chunk 1 failed authentication");
}

TEST_F(Tamper, ChunkCopiedFromAnotherOwnersObject) {
  const ObjectId other = env_.put(kBob, pattern_bytes(3 * kChunk + 1000, 79));
  const auto donor = file_bytes(env_.object_file(other));
  auto b = object();
  std::copy(donor.begin() + record_at(0), donor.begin() + record_at(1), b.begin() + record_at(0));
  set_object(b);
  expect_failure(StatusCode::integrity_error, "chunk 0 failed authentication");
}

TEST_F(Tamper, ObjectFileMovedToAnotherId) {
  const ObjectId other = env_.put(kAlice, pattern_bytes(500, 80));
  std::filesystem::rename(env_.object_file(id_), env_.object_file(other));
  expect_failure(StatusCode::integrity_error, "object file does not belong to this object", other);
  EXPECT_EQ(env_.get(id_, kAlice).status().code(), StatusCode::not_found);
}

TEST_F(Tamper, ObjectFileMovedWithItsHeaderRewritten) {
  const ObjectId other = env_.put(kAlice, pattern_bytes(3 * kChunk + 1000, 81));
  auto b = object();
  const auto header = detail::make_object_header(other, kChunk);
  std::copy(header.begin(), header.end(), b.begin());
  write_file_bytes(env_.object_file(other), b);
  expect_failure(StatusCode::integrity_error, "chunk 0 failed authentication", other);
}

TEST_F(Tamper, WholeObjectMovedToAnotherId) {
  ObjectId moved = id_;
  moved.bytes[0] ^= 0xFF;
  std::filesystem::rename(env_.object_file(id_), env_.object_file(moved));
  std::filesystem::rename(env_.key_file(id_), env_.key_file(moved));
  expect_failure(StatusCode::integrity_error, "key file belongs to another object", moved);
}

TEST_F(Tamper, KeyFileOfAnotherObject) {
  const ObjectId other = env_.put(kAlice, pattern_bytes(3 * kChunk + 1000, 82));
  std::filesystem::copy_file(env_.key_file(other), env_.key_file(id_),
                             std::filesystem::copy_options::overwrite_existing);
  expect_failure(StatusCode::integrity_error, "key file belongs to another object");
}

TEST_F(Tamper, OwnerEditedInKeyFile) {
  auto k = file_bytes(env_.key_file(id_));
  ASSERT_EQ(k[24], kAlice.user_id & 0xFF);
  k[24] = static_cast<std::uint8_t>(kBob.user_id & 0xFF);  // user id, little endian
  k[25] = static_cast<std::uint8_t>(kBob.user_id >> 8);
  write_file_bytes(env_.key_file(id_), k);
  expect_failure(StatusCode::integrity_error, "key file failed authentication", id_, kAlice);
  expect_failure(StatusCode::integrity_error, "key file failed authentication", id_, kBob);
  EXPECT_EQ(env_.store().info(id_).status().code(), StatusCode::integrity_error);
}

TEST_F(Tamper, LengthKindOrWrappedKeyEditedInKeyFile) {
  const auto original = file_bytes(env_.key_file(id_));
  for (const std::size_t offset : {40u, 48u, 56u, static_cast<unsigned>(original.size() - 40),
                                   static_cast<unsigned>(original.size() - 1)}) {
    auto k = original;
    k[offset] ^= 0x01;
    write_file_bytes(env_.key_file(id_), k);
    const auto r = env_.get(id_, kAlice);
    EXPECT_EQ(r.status().code(), StatusCode::integrity_error) << "offset " << offset;
  }
  auto k = original;
  k.resize(k.size() - 1);
  write_file_bytes(env_.key_file(id_), k);
  expect_failure(StatusCode::integrity_error, "key file is malformed");
  write_file_bytes(env_.key_file(id_), original);
  EXPECT_TRUE(env_.get(id_, kAlice).value() == data_);
}

TEST_F(Tamper, AnotherOwnerIsRefusedBeforeDecryption) {
  expect_failure(StatusCode::permission_denied, "belongs to another owner", id_, kBob);
  // Same user, another job: the tag is compared whole.
  expect_failure(StatusCode::permission_denied, "belongs to another owner", id_,
                 OwnerTag{kAlice.user_id, kAlice.job_id + 1});
  // Refused even when the object file is garbage: no decryption was attempted.
  set_object(std::vector<std::uint8_t>(100, 0));
  expect_failure(StatusCode::permission_denied, "belongs to another owner", id_, kBob);
}

TEST_F(Tamper, MessagesCarryNoSecrets) {
  auto b = object();
  b[record_at(1) + 20] ^= 1;
  set_object(b);
  const auto r = env_.get(id_, kAlice);
  ASSERT_FALSE(r.is_ok());
  // Only the object id (random, public) and the chunk index are named.
  EXPECT_NE(r.status().message().find(id_.hex()), std::string::npos);
  EXPECT_LT(r.status().message().size(), 200u);
}

}  // namespace
}  // namespace mfp::security::store
