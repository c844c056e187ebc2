// ObjectStore: round trips, streaming, listing, removal, abort and crash leftovers.

#include "security/store/object_store.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include "security/store/detail/chunk_format.h"
#include "tests/unit/security/store/store_test_env.h"

namespace mfp::security::store {
namespace {

using pipeline::OwnerTag;
using pipeline::StatusCode;
using testing::file_bytes;
using testing::pattern_bytes;
using testing::StoreTestEnv;

const OwnerTag kAlice{1001, 7};

class RoundTrip : public ::testing::TestWithParam<std::size_t> {};

TEST_P(RoundTrip, SealsAndOpensEveryByte) {
  StoreTestEnv env;
  const auto data = pattern_bytes(GetParam(), static_cast<std::uint32_t>(GetParam()));
  const ObjectId id = env.put(kAlice, data);
  ASSERT_TRUE(env.store().exists(id));
  EXPECT_EQ(env.store().size(id).value(), data.size());
  const auto info = env.store().info(id);
  ASSERT_TRUE(info.is_ok()) << info.status().to_string();
  EXPECT_EQ(info->owner, kAlice);
  EXPECT_EQ(info->kind, "test");

  const auto back = env.get(id, kAlice);
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_TRUE(back.value() == data);

  // Sealed size: header + one record per full chunk + the final record.
  const std::size_t chunk = env.store().chunk_bytes();
  const std::size_t records = data.size() / chunk + 1;
  EXPECT_EQ(std::filesystem::file_size(env.object_file(id)),
            detail::kObjectHeaderBytes + records * detail::kRecordOverheadBytes + data.size());
}

INSTANTIATE_TEST_SUITE_P(Sizes, RoundTrip,
                         ::testing::Values(0, 1, 65535, 65536, 65537, 10u * 1000 * 1000));

TEST(ObjectStore, StreamsOddWriteAndReadSizes) {
  StoreTestEnv env;
  const auto data = pattern_bytes(5 * 65536 + 4321, 42);
  auto w = env.store().create(kAlice, "print-spool");
  ASSERT_TRUE(w.is_ok());
  const std::size_t pieces[] = {1, 7, 65535, 3, 131072, 4099, 65536, 13};
  std::size_t off = 0;
  for (std::size_t i = 0; off < data.size(); ++i) {
    const std::size_t n = std::min(pieces[i % std::size(pieces)], data.size() - off);
    ASSERT_TRUE((*w)->write(std::span(data).subspan(off, n)).is_ok());
    off += n;
    EXPECT_EQ((*w)->size(), off);
  }
  ASSERT_TRUE((*w)->write({}).is_ok());
  ASSERT_TRUE((*w)->commit().is_ok());
  const ObjectId id = (*w)->id();
  EXPECT_EQ((*w)->write(data).code(), StatusCode::conflict);  // closed after commit
  EXPECT_EQ((*w)->abort().code(), StatusCode::conflict);

  for (const std::size_t piece : {1u, 13u, 4099u, 65537u, 1000000u}) {
    if (piece == 1 && data.size() > 400000) {
      // byte-at-a-time over the first chunks only
      auto r = env.store().open_object(id, kAlice);
      ASSERT_TRUE(r.is_ok());
      std::uint8_t b = 0;
      for (std::size_t i = 0; i < 70000; ++i) {
        ASSERT_EQ((*r)->read(std::span(&b, 1)).value(), 1u);
        ASSERT_EQ(b, data[i]);
      }
      EXPECT_EQ((*r)->position(), 70000u);
      continue;
    }
    const auto back = env.get(id, kAlice, piece);
    ASSERT_TRUE(back.is_ok()) << back.status().to_string();
    EXPECT_TRUE(back.value() == data) << "read piece " << piece;
  }
}

TEST(ObjectStore, ReaderReportsEndRepeatedly) {
  StoreTestEnv env;
  const ObjectId id = env.put(kAlice, pattern_bytes(100, 1));
  auto r = env.store().open_object(id, kAlice);
  ASSERT_TRUE(r.is_ok());
  std::vector<std::uint8_t> buf(1000);
  EXPECT_EQ((*r)->read(buf).value(), 100u);
  EXPECT_EQ((*r)->read(buf).value(), 0u);
  EXPECT_EQ((*r)->read(buf).value(), 0u);
  EXPECT_EQ((*r)->size(), 100u);
}

TEST(ObjectStore, ListExistsSizeRemove) {
  StoreTestEnv env;
  const ObjectId a = env.put(kAlice, pattern_bytes(10, 1));
  const ObjectId b = env.put(OwnerTag{2002, 9}, pattern_bytes(70000, 2));
  auto ids = env.store().list();
  ASSERT_TRUE(ids.is_ok());
  std::vector<ObjectId> expected{a, b};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids.value(), expected);
  EXPECT_EQ(env.store().size(b).value(), 70000u);

  ASSERT_TRUE(env.store().remove(a).is_ok());
  EXPECT_FALSE(env.store().exists(a));
  EXPECT_FALSE(std::filesystem::exists(env.object_file(a)));
  EXPECT_FALSE(std::filesystem::exists(env.key_file(a)));
  EXPECT_EQ(env.store().list().value(), std::vector<ObjectId>{b});
  EXPECT_EQ(env.store().remove(a).code(), StatusCode::not_found);
  EXPECT_EQ(env.store().open_object(a, kAlice).status().code(), StatusCode::not_found);
  EXPECT_EQ(env.store().size(a).status().code(), StatusCode::not_found);
  EXPECT_FALSE(env.eraser().pending());

  // The release was audited as an overwrite, naming only the random file names.
  const auto events = env.audit().events();
  ASSERT_FALSE(events.empty());
  const auto& ev = events.back();
  EXPECT_EQ(ev.name, "Storage");
  EXPECT_EQ(ev.description, "Overwrite Storage");
  EXPECT_EQ(ev.status, "Completed");
  const auto has_item = [&](std::string_view k, std::string_view v) {
    return std::any_of(ev.items.begin(), ev.items.end(),
                       [&](const auto& kv) { return kv.first == k && kv.second == v; });
  };
  EXPECT_TRUE(has_item("File", "keys/" + a.hex() + ".key"));
  EXPECT_TRUE(has_item("File", "objects/" + a.hex() + ".obj"));
  EXPECT_TRUE(has_item("Number of Overwrites", "1 Overwrite"));
}

TEST(ObjectStore, NothingVisibleBeforeCommitAndAbortErasesTemporaries) {
  StoreTestEnv env;
  ObjectId id;
  {
    auto w = env.store().create(kAlice, "scan");
    ASSERT_TRUE(w.is_ok());
    id = (*w)->id();
    ASSERT_TRUE((*w)->write(pattern_bytes(200000, 3)).is_ok());
    EXPECT_FALSE(env.store().exists(id));
    EXPECT_TRUE(env.store().list().value().empty());
    EXPECT_TRUE(std::filesystem::exists(env.data_dir() / "objects" / (id.hex() + ".obj.tmp")));
    // destroyed without commit
  }
  EXPECT_FALSE(std::filesystem::exists(env.data_dir() / "objects" / (id.hex() + ".obj.tmp")));
  EXPECT_TRUE(std::filesystem::is_empty(env.data_dir() / "objects"));
  EXPECT_TRUE(std::filesystem::is_empty(env.data_dir() / "keys"));

  auto w = env.store().create(kAlice, "scan");
  ASSERT_TRUE(w.is_ok());
  ASSERT_TRUE((*w)->write(pattern_bytes(10, 3)).is_ok());
  ASSERT_TRUE((*w)->abort().is_ok());
  EXPECT_TRUE((*w)->abort().is_ok());  // idempotent
  EXPECT_EQ((*w)->write(pattern_bytes(10, 3)).code(), StatusCode::cancelled);
  EXPECT_EQ((*w)->commit().code(), StatusCode::cancelled);
  EXPECT_TRUE(std::filesystem::is_empty(env.data_dir() / "objects"));
  EXPECT_FALSE(env.eraser().pending());
}

TEST(ObjectStore, OpenCleansCrashLeftoversAndKeepsWholeObjects) {
  StoreTestEnv env;
  const auto data = pattern_bytes(100000, 5);
  const ObjectId keep = env.put(kAlice, data);
  const ObjectId half_a = env.put(kAlice, data);  // loses its key file (crash during removal)
  const ObjectId half_b = env.put(kAlice, data);  // loses its object file
  std::filesystem::remove(env.key_file(half_a));
  std::filesystem::remove(env.object_file(half_b));
  // A crash mid-write leaves temporaries (a sealed temp object, a temp key file).
  auto w = env.store().create(kAlice, "page");
  ASSERT_TRUE(w.is_ok());
  ASSERT_TRUE((*w)->write(data).is_ok());
  const auto temp = env.data_dir() / "objects" / ((*w)->id().hex() + ".obj.tmp");
  std::filesystem::copy_file(temp, env.data_dir() / "objects" / "crash.obj.tmp.copy");
  const auto crashed_temp = env.data_dir() / "objects" / (ObjectId{}.hex() + ".obj.tmp");
  std::filesystem::copy_file(temp, crashed_temp);
  testing::write_file_bytes(env.data_dir() / "keys" / (ObjectId{}.hex() + ".key.tmp"), {1, 2, 3});
  ASSERT_TRUE((*w)->abort().is_ok());

  env.reopen();
  EXPECT_FALSE(std::filesystem::exists(crashed_temp));
  EXPECT_FALSE(std::filesystem::exists(env.data_dir() / "keys" / (ObjectId{}.hex() + ".key.tmp")));
  EXPECT_FALSE(std::filesystem::exists(env.object_file(half_a)));
  EXPECT_FALSE(std::filesystem::exists(env.key_file(half_b)));
  // A file the store does not recognise is left alone.
  EXPECT_TRUE(std::filesystem::exists(env.data_dir() / "objects" / "crash.obj.tmp.copy"));
  EXPECT_EQ(env.store().list().value(), std::vector<ObjectId>{keep});
  EXPECT_TRUE(env.get(keep, kAlice).value() == data);
  EXPECT_FALSE(env.eraser().pending());
}

TEST(ObjectStore, SurvivesReopen) {
  StoreTestEnv env;
  const auto data = pattern_bytes(300000, 6);
  const ObjectId id = env.put(kAlice, data);
  env.reopen();
  EXPECT_TRUE(env.get(id, kAlice).value() == data);
}

TEST(ObjectStore, RejectsBadKindsAndOptions) {
  StoreTestEnv env;
  for (const char* kind : {"", "Print", "a b", "../x", "x/y"}) {
    EXPECT_EQ(env.store().create(kAlice, kind).status().code(), StatusCode::invalid_argument)
        << kind;
  }
  EXPECT_EQ(env.store().create(kAlice, std::string(65, 'a')).status().code(),
            StatusCode::invalid_argument);
  EXPECT_TRUE(env.store().create(kAlice, std::string(64, 'a')).is_ok());
  auto bad = ObjectStore::open(env.data_dir(), env.keys(), env.drbg(), env.eraser(),
                               ObjectStoreOptions{.chunk_bytes = 10});
  EXPECT_EQ(bad.status().code(), StatusCode::invalid_argument);
  testing::TempDir elsewhere;
  auto outside =
      ObjectStore::open(elsewhere.path() / "store", env.keys(), env.drbg(), env.eraser());
  EXPECT_EQ(outside.status().code(), StatusCode::invalid_argument);
}

TEST(ObjectStore, ChunkSizeIsPerObject) {
  StoreTestEnv env;
  const auto data = pattern_bytes(50000, 8);
  auto small = ObjectStore::open(env.data_dir(), env.keys(), env.drbg(), env.eraser(),
                                 ObjectStoreOptions{.chunk_bytes = 4096});
  ASSERT_TRUE(small.is_ok());
  auto w = (*small)->create(kAlice, "page");
  ASSERT_TRUE(w.is_ok());
  ASSERT_TRUE((*w)->write(data).is_ok());
  ASSERT_TRUE((*w)->commit().is_ok());
  // Read back through a store with the default chunk size.
  EXPECT_TRUE(env.get((*w)->id(), kAlice).value() == data);
}

TEST(ObjectStore, FactoryResetMakesObjectsUnreadable) {
  StoreTestEnv env;
  const ObjectId id = env.put(kAlice, pattern_bytes(1000, 9));
  ASSERT_TRUE(env.keys().regenerate().is_ok());
  env.reopen();
  const auto r = env.store().open_object(id, kAlice);
  ASSERT_EQ(r.status().code(), StatusCode::integrity_error);
  EXPECT_NE(r.status().message().find("previous master key"), std::string::npos)
      << r.status().message();
}

TEST(ObjectStore, FilesAreNamedOnlyByRandomIds) {
  StoreTestEnv env;
  const ObjectId a = env.put(kAlice, pattern_bytes(10, 1));
  const ObjectId b = env.put(kAlice, pattern_bytes(10, 1));
  EXPECT_NE(a, b);
  for (const auto& e : std::filesystem::recursive_directory_iterator(env.data_dir())) {
    const std::string name = e.path().filename().string();
    if (e.is_directory() || name == "erase.journal") continue;
    const auto stem = name.substr(0, name.find('.'));
    EXPECT_TRUE(ObjectId::from_hex(stem).has_value()) << name;
    EXPECT_EQ(std::filesystem::status(e.path()).permissions() &
                  (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
              std::filesystem::perms::none)
        << name;
  }
}

// A 100 MB object streams through one chunk buffer: the peak resident set grows by far less
// than the object (ru_maxrss is a high-water mark, so the growth is an upper bound).
TEST(ObjectStore, LargeObjectNeverSitsWholeInMemory) {
  constexpr std::size_t kTotal = 100u * 1000 * 1000;
  constexpr std::size_t kPiece = 1u << 20;
  StoreTestEnv env;
  const auto piece_of = [](std::size_t index, std::vector<std::uint8_t>& buf) {
    std::uint64_t x = 0x9E3779B97F4A7C15ull * (index + 1);
    for (auto& b : buf) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      b = static_cast<std::uint8_t>(x);
    }
  };
  struct rusage before {};
  ::getrusage(RUSAGE_SELF, &before);
  std::vector<std::uint8_t> buf(kPiece), back(kPiece);
  auto w = env.store().create(kAlice, "scan");
  ASSERT_TRUE(w.is_ok());
  for (std::size_t i = 0; i * kPiece < kTotal; ++i) {
    buf.resize(std::min(kPiece, kTotal - i * kPiece));
    piece_of(i, buf);
    ASSERT_TRUE((*w)->write(buf).is_ok());
  }
  ASSERT_TRUE((*w)->commit().is_ok());
  auto r = env.store().open_object((*w)->id(), kAlice);
  ASSERT_TRUE(r.is_ok());
  for (std::size_t i = 0; i * kPiece < kTotal; ++i) {
    buf.resize(std::min(kPiece, kTotal - i * kPiece));
    back.resize(buf.size());
    piece_of(i, buf);
    ASSERT_EQ((*r)->read(back).value(), back.size());
    ASSERT_TRUE(back == buf) << "piece " << i;
  }
  ASSERT_EQ((*r)->read(back).value(), 0u);
  struct rusage after {};
  ::getrusage(RUSAGE_SELF, &after);
  EXPECT_LT(after.ru_maxrss - before.ru_maxrss, 40 * 1024) << "KiB of peak RSS growth";
}

TEST(ObjectId, HexRoundTrip) {
  auto drbg = crypto::Drbg::create().value();
  const ObjectId id = ObjectId::random(*drbg).value();
  EXPECT_EQ(id.hex().size(), 32u);
  EXPECT_EQ(ObjectId::from_hex(id.hex()), id);
  EXPECT_FALSE(ObjectId::from_hex("xyz").has_value());
  EXPECT_FALSE(ObjectId::from_hex(std::string(32, 'G')).has_value());
  EXPECT_FALSE(ObjectId::from_hex(std::string(32, 'A')).has_value());  // lowercase only
}

}  // namespace
}  // namespace mfp::security::store
