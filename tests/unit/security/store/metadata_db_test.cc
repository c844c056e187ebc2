#include "security/store/metadata_db.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tests/support/temp_dir.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "security/crypto/drbg.h"

namespace mfp::security::store {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;
using pipeline::StatusCode;

constexpr int kPage = kEncryptedPageSize;
constexpr std::string_view kMarker = "OpenMFP-plaintext-marker-c41e9";

// A private directory per test (tests/support/temp_dir.h).
class TempDir : public mfp::testing::TempDir {
 public:
  TempDir() : mfp::testing::TempDir("mfp-mdb") {}
};

Bytes read_all(const fs::path& path) {
  return mfp::testing::read_file(path);
}

void write_all(const fs::path& path, const Bytes& bytes) {
  mfp::testing::write_file(path, bytes);
}

bool contains(const Bytes& haystack, const Bytes& needle) {
  return mfp::testing::contains_bytes(haystack, needle);
}

Bytes ascii(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

Bytes utf16le(std::string_view s) {
  Bytes out;
  for (char c : s) {
    out.push_back(static_cast<std::uint8_t>(c));
    out.push_back(0);
  }
  return out;
}

// Every file SQLite may have left next to the database (journal, WAL, anything else).
std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir)) out.push_back(entry.path());
  return out;
}

class MetadataDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto drbg = crypto::Drbg::create("metadata-db-test");
    ASSERT_TRUE(drbg.is_ok()) << drbg.status().to_string();
    drbg_ = std::move(drbg).value();
    key_.assign(32, 0x3c);
    path_ = dir_.path() / "meta.db";
  }

  std::unique_ptr<MetadataDb> open_db(const fs::path& path, const Bytes& key) {
    auto db = MetadataDb::open(path, key, *drbg_);
    EXPECT_TRUE(db.is_ok()) << db.status().to_string();
    return db.is_ok() ? std::move(db).value() : nullptr;
  }
  std::unique_ptr<MetadataDb> open_db() { return open_db(path_, key_); }

  static std::int64_t query_int(MetadataDb& db, std::string_view sql) {
    auto st = db.prepare(sql);
    EXPECT_TRUE(st.is_ok()) << st.status().to_string();
    if (!st.is_ok()) return -1;
    auto row = st->step();
    EXPECT_TRUE(row.is_ok() && row.value()) << row.status().to_string();
    return st->column_int64(0);
  }
  static std::string query_text(MetadataDb& db, std::string_view sql) {
    auto st = db.prepare(sql);
    EXPECT_TRUE(st.is_ok()) << st.status().to_string();
    if (!st.is_ok()) return {};
    auto row = st->step();
    EXPECT_TRUE(row.is_ok() && row.value()) << row.status().to_string();
    return st->column_text(0);
  }

  // Table t(id, name TEXT indexed, note BLOB) with `rows` rows carrying the marker in ASCII
  // (name) and UTF-16LE (note), in one transaction.
  static void fill(MetadataDb& db, int rows) {
    ASSERT_TRUE(db.exec("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                        " note BLOB); CREATE INDEX IF NOT EXISTS t_name ON t(name);")
                    .is_ok());
    auto tx = db.begin();
    ASSERT_TRUE(tx.is_ok()) << tx.status().to_string();
    auto insert = db.prepare("INSERT INTO t(name, note) VALUES(?, ?)");
    ASSERT_TRUE(insert.is_ok());
    for (int i = 0; i < rows; ++i) {
      const std::string name = std::string(kMarker) + "-" + std::to_string(i);
      ASSERT_TRUE(insert->bind_text(1, name).is_ok());
      ASSERT_TRUE(insert->bind_blob(2, utf16le(name)).is_ok());
      ASSERT_TRUE(insert->run().is_ok());
      ASSERT_TRUE(insert->reset().is_ok());
    }
    ASSERT_TRUE(tx->commit().is_ok());
  }

  // The full content of table t, so any change to any row shows.
  static std::string summary(MetadataDb& db) {
    return query_text(db,
                      "SELECT count(*) || ':' || group_concat(id || '=' || name || '=' || "
                      "hex(coalesce(note, '')), ',') FROM (SELECT * FROM t ORDER BY id)");
  }

  TempDir dir_;
  std::unique_ptr<crypto::Drbg> drbg_;
  Bytes key_;
  fs::path path_;
};

TEST_F(MetadataDbTest, CreateInsertSelectRoundTrip) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(
      db->exec("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, hash BLOB, note TEXT)")
          .is_ok());
  auto insert = db->prepare("INSERT INTO users(name, hash, note) VALUES(?, ?, ?)");
  ASSERT_TRUE(insert.is_ok()) << insert.status().to_string();
  const Bytes hash = {0x00, 0x01, 0xfe, 0xff, 0x00};
  ASSERT_TRUE(insert->bind_text(1, std::string_view("al\0ice", 6)).is_ok());
  ASSERT_TRUE(insert->bind_blob(2, hash).is_ok());
  ASSERT_TRUE(insert->bind_null(3).is_ok());
  ASSERT_TRUE(insert->run().is_ok());
  EXPECT_EQ(db->changes(), 1);
  const std::int64_t id = db->last_insert_rowid();
  EXPECT_GT(id, 0);

  auto select = db->prepare("SELECT id, name, hash, note FROM users WHERE id = ?");
  ASSERT_TRUE(select.is_ok());
  ASSERT_TRUE(select->bind_int64(1, id).is_ok());
  auto row = select->step();
  ASSERT_TRUE(row.is_ok() && row.value());
  EXPECT_EQ(select->column_count(), 4);
  EXPECT_EQ(select->column_int64(0), id);
  EXPECT_EQ(select->column_text(1), std::string("al\0ice", 6));
  EXPECT_EQ(select->column_blob(2), hash);
  const crypto::SecureBytes secret = select->column_secret(2);
  EXPECT_TRUE(std::equal(secret.span().begin(), secret.span().end(), hash.begin(), hash.end()));
  EXPECT_TRUE(select->column_is_null(3));
  row = select->step();
  ASSERT_TRUE(row.is_ok());
  EXPECT_FALSE(row.value());
  EXPECT_TRUE(db->integrity_check().is_ok());
}

TEST_F(MetadataDbTest, ReopenWithSameKeyKeepsData) {
  {
    auto db = open_db();
    ASSERT_NE(db, nullptr);
    fill(*db, 200);
  }
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(query_int(*db, "SELECT count(*) FROM t"), 200);
  EXPECT_EQ(query_text(*db, "SELECT name FROM t WHERE id = 7"), std::string(kMarker) + "-6");
  EXPECT_TRUE(db->integrity_check().is_ok());
}

TEST_F(MetadataDbTest, OtherKeyFailsCleanlyWithIntegrityError) {
  {
    auto db = open_db();
    ASSERT_NE(db, nullptr);
    fill(*db, 50);
  }
  const Bytes before = read_all(path_);
  Bytes other_key(32, 0xc3);
  auto wrong = MetadataDb::open(path_, other_key, *drbg_);
  ASSERT_FALSE(wrong.is_ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::integrity_error);
  EXPECT_NE(wrong.status().message().find("authentication failed"), std::string::npos);
  EXPECT_EQ(read_all(path_), before);  // nothing was written
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(query_int(*db, "SELECT count(*) FROM t"), 50);
}

TEST_F(MetadataDbTest, RejectsKeyOfWrongSize) {
  Bytes short_key(31, 1);
  auto db = MetadataDb::open(path_, short_key, *drbg_);
  ASSERT_FALSE(db.is_ok());
  EXPECT_EQ(db.status().code(), StatusCode::invalid_argument);
}

TEST_F(MetadataDbTest, RefusesPlainSqliteDatabase) {
  sqlite3* plain = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &plain), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(plain, "CREATE TABLE x(a)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(plain);
  auto db = MetadataDb::open(path_, key_, *drbg_);
  ASSERT_FALSE(db.is_ok());
  EXPECT_EQ(db.status().code(), StatusCode::integrity_error);
}

TEST_F(MetadataDbTest, CreatesOwnerOnlyFileAndRefusesSymlink) {
  {
    auto db = open_db();
    ASSERT_NE(db, nullptr);
  }
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const fs::path link = dir_.path() / "link.db";
  fs::create_symlink(path_, link);
  auto db = MetadataDb::open(link, key_, *drbg_);
  ASSERT_FALSE(db.is_ok());
  EXPECT_EQ(db.status().code(), StatusCode::io_error);
}

TEST_F(MetadataDbTest, AppliesTheSecureConfiguration) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(query_int(*db, "PRAGMA secure_delete"), 1);
  EXPECT_EQ(query_int(*db, "PRAGMA temp_store"), 2);  // MEMORY
  EXPECT_EQ(query_text(*db, "PRAGMA journal_mode"), "truncate");
  EXPECT_EQ(query_int(*db, "PRAGMA synchronous"), 2);  // FULL
  EXPECT_EQ(query_int(*db, "PRAGMA foreign_keys"), 1);
  EXPECT_EQ(query_int(*db, "PRAGMA page_size"), kPage);
  EXPECT_EQ(query_int(*db, "PRAGMA trusted_schema"), 0);
  EXPECT_EQ(query_int(*db, "PRAGMA cell_size_check"), 1);
  // Still so after reopening (connection settings are re-applied on every open).
  db.reset();
  db = open_db();
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(query_int(*db, "PRAGMA secure_delete"), 1);
  EXPECT_EQ(query_int(*db, "PRAGMA temp_store"), 2);
}

TEST_F(MetadataDbTest, RefusesJournalModesThatLeakOrLoseData) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  for (const char* mode : {"WAL", "MEMORY", "OFF", "PERSIST", "wal"}) {
    const pipeline::Status status = db->exec(std::string("PRAGMA journal_mode=") + mode);
    EXPECT_FALSE(status.is_ok()) << mode;
    EXPECT_EQ(query_text(*db, "PRAGMA journal_mode"), "truncate") << mode;
  }
  EXPECT_TRUE(db->exec("PRAGMA journal_mode=DELETE").is_ok());
  EXPECT_EQ(query_text(*db, "PRAGMA journal_mode"), "delete");
  EXPECT_FALSE(db->exec("PRAGMA page_size=8192").is_ok());
  EXPECT_TRUE(files_in(dir_.path()).size() <= 2u);
}

TEST_F(MetadataDbTest, RefusesOtherDatabaseFiles) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  fill(*db, 10);
  const std::string other = (dir_.path() / "other.db").string();
  EXPECT_FALSE(db->exec("ATTACH '" + other + "' AS o").is_ok());
  EXPECT_FALSE(db->exec("VACUUM INTO '" + other + "'").is_ok());
  EXPECT_FALSE(fs::exists(other));
  // An in-memory attachment touches no file and is allowed.
  EXPECT_TRUE(db->exec("ATTACH ':memory:' AS scratch; DETACH scratch;").is_ok());
}

TEST_F(MetadataDbTest, NoPlaintextReachesTheDatabaseOrTheJournal) {
  const std::vector<Bytes> needles = {ascii(kMarker), utf16le(kMarker)};
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  fill(*db, 3000);  // ~100 pages of table and index, all carrying the marker

  // Mid-transaction, with a tiny cache so SQLite spills dirty pages into the database file
  // after journalling their originals: the journal exists and holds page images.
  ASSERT_TRUE(db->exec("PRAGMA cache_size=8").is_ok());
  {
    auto tx = db->begin();
    ASSERT_TRUE(tx.is_ok());
    ASSERT_TRUE(db->exec("UPDATE t SET name = name || '-updated', note = note || x'00'").is_ok());
    ASSERT_TRUE(db->exec("DELETE FROM t WHERE id % 3 = 0").is_ok());
    const Bytes journal = read_all(path_.string() + "-journal");
    ASSERT_GT(journal.size(), 50u * kPage) << "no journal to inspect";
    const Bytes database = read_all(path_);
    for (const Bytes& needle : needles) {
      EXPECT_FALSE(contains(journal, needle)) << "marker in the hot journal";
      EXPECT_FALSE(contains(database, needle)) << "marker in the database mid-transaction";
    }
    ASSERT_TRUE(tx->commit().is_ok());
  }
  ASSERT_TRUE(db->exec("PRAGMA cache_size=-8192").is_ok());
  EXPECT_EQ(query_int(*db, "SELECT count(*) FROM t"), 2000);
  ASSERT_TRUE(db->exec("VACUUM").is_ok());
  db.reset();

  for (const fs::path& file : files_in(dir_.path())) {
    const Bytes bytes = read_all(file);
    for (const Bytes& needle : needles) {
      EXPECT_FALSE(contains(bytes, needle)) << file;
    }
    EXPECT_FALSE(contains(bytes, ascii("SQLite format 3"))) << file;
    EXPECT_FALSE(contains(bytes, ascii("CREATE TABLE"))) << file;
  }

  // Control: the same rows through plain SQLite do show the marker, so the search works.
  const fs::path plain_path = dir_.path() / "control" / "plain.db";
  fs::create_directories(plain_path.parent_path());
  sqlite3* plain = nullptr;
  ASSERT_EQ(sqlite3_open(plain_path.c_str(), &plain), SQLITE_OK);
  const std::string sql = "CREATE TABLE t(name TEXT, note BLOB); INSERT INTO t VALUES('" +
                          std::string(kMarker) + "', x'" +
                          [] {
                            std::string hex;
                            for (std::uint8_t b : utf16le(kMarker)) {
                              static constexpr char kHex[] = "0123456789abcdef";
                              hex += kHex[b >> 4];
                              hex += kHex[b & 15];
                            }
                            return hex;
                          }() +
                          "');";
  ASSERT_EQ(sqlite3_exec(plain, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(plain);
  const Bytes control = read_all(plain_path);
  for (const Bytes& needle : needles) EXPECT_TRUE(contains(control, needle));
}

TEST_F(MetadataDbTest, FlippedByteInPageTwoIsIntegrityError) {
  {
    auto db = open_db();
    ASSERT_NE(db, nullptr);
    fill(*db, 20);  // t's root page is page 2
  }
  Bytes disk = read_all(path_);
  ASSERT_GE(disk.size(), 2u * kPage);
  disk[kPage + 300] ^= 0x04;
  write_all(path_, disk);

  auto db = open_db();  // page 1 is intact
  ASSERT_NE(db, nullptr);
  // Reads the table b-tree itself (count(*) alone would use the smaller index).
  auto select = db->prepare("SELECT total(length(note)) FROM t");
  ASSERT_TRUE(select.is_ok());
  auto row = select->step();
  ASSERT_FALSE(row.is_ok());
  EXPECT_EQ(row.status().code(), StatusCode::integrity_error);
  EXPECT_NE(row.status().message().find("authentication failed"), std::string::npos);
  const pipeline::Status check = db->integrity_check();
  EXPECT_EQ(check.code(), StatusCode::integrity_error);
}

TEST_F(MetadataDbTest, FlippedByteInPageOneFailsOpen) {
  {
    auto db = open_db();
    ASSERT_NE(db, nullptr);
    fill(*db, 5);
  }
  Bytes disk = read_all(path_);
  disk[40] ^= 0x01;
  write_all(path_, disk);
  auto db = MetadataDb::open(path_, key_, *drbg_);
  ASSERT_FALSE(db.is_ok());
  EXPECT_EQ(db.status().code(), StatusCode::integrity_error);
}

TEST_F(MetadataDbTest, SwappedOrTruncatedPagesAreIntegrityErrors) {
  {
    auto db = open_db();
    ASSERT_NE(db, nullptr);
    fill(*db, 400);
  }
  const Bytes original = read_all(path_);
  ASSERT_GE(original.size(), 4u * kPage);
  Bytes swapped = original;
  std::swap_ranges(swapped.begin() + 2 * kPage, swapped.begin() + 3 * kPage,
                   swapped.begin() + 3 * kPage);
  write_all(path_, swapped);
  {
    auto db = open_db();
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(db->integrity_check().code(), StatusCode::integrity_error);
  }
  Bytes truncated(original.begin(), original.end() - kPage / 2);
  write_all(path_, truncated);
  {
    auto db = open_db();
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(db->integrity_check().code(), StatusCode::integrity_error);
  }
}

TEST_F(MetadataDbTest, RollbackRestoresSpilledPagesThroughTheEncryptedJournal) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  fill(*db, 2000);
  const std::string before = summary(*db);
  ASSERT_TRUE(db->exec("PRAGMA cache_size=8").is_ok());
  const Bytes file_before = read_all(path_);
  {
    auto tx = db->begin();
    ASSERT_TRUE(tx.is_ok());
    ASSERT_TRUE(db->exec("UPDATE t SET name = 'changed-' || id").is_ok());
    ASSERT_NE(read_all(path_), file_before) << "nothing spilled: the test would prove nothing";
    ASSERT_TRUE(tx->rollback().is_ok());
  }
  EXPECT_EQ(summary(*db), before);
  EXPECT_TRUE(db->integrity_check().is_ok());
}

TEST_F(MetadataDbTest, HotJournalFromCrashIsRolledBackOnOpen) {
  const fs::path crashed = dir_.path() / "crashed.db";
  std::string before;
  {
    auto db = open_db();
    ASSERT_NE(db, nullptr);
    fill(*db, 2000);
    before = summary(*db);
    ASSERT_TRUE(db->exec("PRAGMA cache_size=8").is_ok());
    const Bytes file_before = read_all(path_);
    auto tx = db->begin();
    ASSERT_TRUE(tx.is_ok());
    ASSERT_TRUE(db->exec("UPDATE t SET name = 'changed-' || id, note = NULL").is_ok());
    ASSERT_TRUE(db->exec("INSERT INTO t(name) SELECT 'extra-' || id FROM t").is_ok());
    // What a power cut would leave: the database with spilled pages and the hot journal.
    const Bytes mid = read_all(path_);
    ASSERT_NE(mid, file_before) << "nothing spilled: the test would prove nothing";
    write_all(crashed, mid);
    write_all(crashed.string() + "-journal", read_all(path_.string() + "-journal"));
    ASSERT_GT(fs::file_size(crashed.string() + "-journal"), 512u);
    ASSERT_TRUE(tx->rollback().is_ok());
  }
  auto db = open_db(crashed, key_);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(summary(*db), before);
  EXPECT_TRUE(db->integrity_check().is_ok());
  // Replayed, then deleted or truncated: no hot journal remains.
  const fs::path journal = crashed.string() + "-journal";
  EXPECT_TRUE(!fs::exists(journal) || fs::file_size(journal) == 0u);
}

TEST_F(MetadataDbTest, HotJournalUnderWrongKeyIsIntegrityErrorAndStaysRecoverable) {
  const fs::path crashed = dir_.path() / "crashed.db";
  std::string before;
  {
    auto db = open_db();
    ASSERT_NE(db, nullptr);
    fill(*db, 1000);
    before = summary(*db);
    ASSERT_TRUE(db->exec("PRAGMA cache_size=8").is_ok());
    auto tx = db->begin();
    ASSERT_TRUE(tx.is_ok());
    ASSERT_TRUE(db->exec("UPDATE t SET name = 'changed-' || id").is_ok());
    write_all(crashed, read_all(path_));
    write_all(crashed.string() + "-journal", read_all(path_.string() + "-journal"));
    ASSERT_TRUE(tx->rollback().is_ok());
  }
  Bytes other_key(32, 0x99);
  auto wrong = MetadataDb::open(crashed, other_key, *drbg_);
  ASSERT_FALSE(wrong.is_ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::integrity_error);
  auto db = open_db(crashed, key_);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(summary(*db), before);
}

TEST_F(MetadataDbTest, SigkillMidTransactionLeavesPreTransactionState) {
  std::string before;
  {
    auto db = open_db();
    ASSERT_NE(db, nullptr);
    fill(*db, 2000);
    before = summary(*db);
  }
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Child: its own DRBG (never share DRBG state across fork), a large transaction that
    // spills, then wait to be killed mid-transaction.
    ::close(ready[0]);
    auto drbg = crypto::Drbg::create("metadata-db-test-child");
    if (!drbg.is_ok()) ::_exit(2);
    auto db = MetadataDb::open(path_, key_, *drbg.value());
    if (!db.is_ok()) ::_exit(3);
    if (!db.value()->exec("PRAGMA cache_size=8").is_ok()) ::_exit(4);
    auto tx = db.value()->begin();
    if (!tx.is_ok()) ::_exit(5);
    if (!db.value()->exec("UPDATE t SET name = 'killed-' || id").is_ok()) ::_exit(6);
    if (::write(ready[1], "k", 1) != 1) ::_exit(7);
    while (true) ::pause();
  }
  ::close(ready[1]);
  char byte = 0;
  const ssize_t got = ::read(ready[0], &byte, 1);
  ::close(ready[0]);
  ::kill(child, SIGKILL);
  int wstatus = 0;
  ::waitpid(child, &wstatus, 0);
  ASSERT_EQ(got, 1) << "child failed before the kill, exit " << WEXITSTATUS(wstatus);
  ASSERT_TRUE(WIFSIGNALED(wstatus));
  ASSERT_GT(fs::file_size(path_.string() + "-journal"), 512u) << "no hot journal left";

  auto db = open_db();
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(summary(*db), before);
  EXPECT_TRUE(db->integrity_check().is_ok());
}

TEST_F(MetadataDbTest, TemporaryBtreesAndSortsStayInMemory) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  fill(*db, 3000);
  ASSERT_TRUE(db->exec("PRAGMA cache_size=8").is_ok());  // sorts larger than the cache
  EXPECT_EQ(query_int(*db, "SELECT count(*) FROM (SELECT DISTINCT substr(name, 1, 40) FROM t)"),
            3000);
  EXPECT_EQ(query_int(*db, "SELECT count(*) FROM (SELECT note FROM t ORDER BY note DESC)"), 3000);
  EXPECT_EQ(query_int(*db,
                      "SELECT count(*) FROM (SELECT length(name) AS l, count(*) FROM t "
                      "GROUP BY note)"),
            3000);
  EXPECT_EQ(query_int(*db,
                      "SELECT count(*) FROM (SELECT name FROM t UNION SELECT name || 'x' "
                      "FROM t)"),
            6000);
  ASSERT_TRUE(db->exec("CREATE TEMP TABLE scratch AS SELECT * FROM t; "
                       "CREATE INDEX temp.scratch_note ON scratch(note);")
                  .is_ok());
  EXPECT_EQ(query_int(*db, "SELECT count(*) FROM scratch"), 3000);
  ASSERT_TRUE(db->exec("CREATE INDEX t_note ON t(note)").is_ok());  // sorter
  EXPECT_TRUE(db->integrity_check().is_ok());
  // Only the database and its journal exist: nothing spilled anywhere else here.
  for (const fs::path& file : files_in(dir_.path())) {
    EXPECT_TRUE(file == path_ || file.string() == path_.string() + "-journal") << file;
  }
}

TEST_F(MetadataDbTest, TemporaryFilesAreRefusedIfTempStoreIsChanged) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  fill(*db, 2000);
  ASSERT_TRUE(db->exec("PRAGMA temp_store=FILE; PRAGMA temp.cache_size=2;").is_ok());
  // A temp table larger than its cache must spill to a temporary file: the VFS refuses it,
  // so the statement fails instead of writing plaintext to disk.
  const pipeline::Status status = db->exec("CREATE TEMP TABLE big AS SELECT * FROM t");
  EXPECT_FALSE(status.is_ok());
  EXPECT_EQ(status.code(), StatusCode::io_error) << status.to_string();
}

TEST_F(MetadataDbTest, TransactionRollsBackUnlessCommitted) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->exec("CREATE TABLE k(v INTEGER)").is_ok());
  {
    auto tx = db->begin();
    ASSERT_TRUE(tx.is_ok());
    EXPECT_TRUE(tx->active());
    auto nested = db->begin();
    ASSERT_FALSE(nested.is_ok());
    EXPECT_EQ(nested.status().code(), StatusCode::conflict);
    ASSERT_TRUE(db->exec("INSERT INTO k VALUES(1)").is_ok());
  }  // destroyed without commit
  EXPECT_EQ(query_int(*db, "SELECT count(*) FROM k"), 0);
  {
    auto tx = db->begin();
    ASSERT_TRUE(tx.is_ok());
    ASSERT_TRUE(db->exec("INSERT INTO k VALUES(2)").is_ok());
    ASSERT_TRUE(tx->commit().is_ok());
    EXPECT_FALSE(tx->active());
    EXPECT_EQ(tx->commit().code(), StatusCode::conflict);
  }
  EXPECT_EQ(query_int(*db, "SELECT sum(v) FROM k"), 2);
  // Moving a transaction keeps one owner of it.
  auto tx = db->begin();
  ASSERT_TRUE(tx.is_ok());
  MetadataDb::Transaction moved = std::move(tx).value();
  ASSERT_TRUE(db->exec("INSERT INTO k VALUES(40)").is_ok());
  ASSERT_TRUE(moved.commit().is_ok());
  EXPECT_EQ(query_int(*db, "SELECT sum(v) FROM k"), 42);
}

TEST_F(MetadataDbTest, StatementsAndTransactionsOutlivingTheDatabaseFailCleanly) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->exec("CREATE TABLE k(v INTEGER); INSERT INTO k VALUES(1);").is_ok());
  auto select = db->prepare("SELECT v FROM k");
  ASSERT_TRUE(select.is_ok());
  MetadataDb::Statement statement = std::move(select).value();
  auto tx = db->begin();
  ASSERT_TRUE(tx.is_ok());
  ASSERT_TRUE(db->exec("INSERT INTO k VALUES(2)").is_ok());
  db.reset();  // finalizes the statement, rolls back the transaction, closes
  auto row = statement.step();
  ASSERT_FALSE(row.is_ok());
  EXPECT_EQ(row.status().code(), StatusCode::conflict);
  EXPECT_FALSE(statement.bind_int64(1, 1).is_ok());
  EXPECT_FALSE(tx->active());
  db = open_db();
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(query_int(*db, "SELECT count(*) FROM k"), 1);
}

TEST_F(MetadataDbTest, ErrorsAreMappedAndDoNotQuoteLiterals) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->exec("CREATE TABLE u(id INTEGER PRIMARY KEY, name TEXT UNIQUE);"
                       "CREATE TABLE c(p INTEGER REFERENCES u(id));")
                  .is_ok());
  const pipeline::Status syntax = db->exec("SELECT 'secret-literal-1' FROM");
  EXPECT_EQ(syntax.code(), StatusCode::invalid_argument);
  EXPECT_EQ(syntax.message().find("secret-literal-1"), std::string::npos) << syntax.message();
  const pipeline::Status token = db->exec("SELECT 'secret-literal-2");
  EXPECT_EQ(token.message().find("secret-literal-2"), std::string::npos) << token.message();
  const pipeline::Status near = db->exec("SELECT * FROM u WHERE name = secret_word_3 +;");
  EXPECT_EQ(near.message().find("secret_word_3"), std::string::npos) << near.message();

  auto insert = db->prepare("INSERT INTO u(name) VALUES(?)");
  ASSERT_TRUE(insert.is_ok());
  ASSERT_TRUE(insert->bind_text(1, "alice-secret").is_ok());
  ASSERT_TRUE(insert->run().is_ok());
  ASSERT_TRUE(insert->reset().is_ok());
  ASSERT_TRUE(insert->bind_text(1, "alice-secret").is_ok());
  const pipeline::Status duplicate = insert->run();
  EXPECT_EQ(duplicate.code(), StatusCode::conflict);
  EXPECT_EQ(duplicate.message().find("alice-secret"), std::string::npos);

  EXPECT_EQ(db->exec("INSERT INTO c VALUES(999)").code(), StatusCode::conflict);  // foreign key
  EXPECT_EQ(db->prepare("SELECT 1; SELECT 2").status().code(), StatusCode::invalid_argument);
  EXPECT_EQ(db->prepare("   ").status().code(), StatusCode::invalid_argument);
}

TEST_F(MetadataDbTest, VacuumKeepsEncryptionAndData) {
  auto db = open_db();
  ASSERT_NE(db, nullptr);
  fill(*db, 1000);
  ASSERT_TRUE(db->exec("DELETE FROM t WHERE id > 100").is_ok());
  const std::string before = summary(*db);
  const auto size_before = fs::file_size(path_);
  ASSERT_TRUE(db->exec("VACUUM").is_ok());
  EXPECT_LT(fs::file_size(path_), size_before);
  EXPECT_EQ(summary(*db), before);
  db.reset();
  db = open_db();
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(summary(*db), before);
  EXPECT_TRUE(db->integrity_check().is_ok());
  EXPECT_FALSE(contains(read_all(path_), ascii(kMarker)));
}

}  // namespace
}  // namespace mfp::security::store
