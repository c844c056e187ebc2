#include "security/store/encrypted_vfs.h"

#include <gtest/gtest.h>

#include <sqlite3.h>
#include <stdlib.h>
#include "tests/support/temp_dir.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
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

constexpr int kPage = kEncryptedPageSize;

// A private directory per test (tests/support/temp_dir.h).
class TempDir : public mfp::testing::TempDir {
 public:
  TempDir() : mfp::testing::TempDir("mfp-vfs") {}
};

Bytes read_all(const fs::path& path) {
  return mfp::testing::read_file(path);
}

void write_all(const fs::path& path, const Bytes& bytes) {
  mfp::testing::write_file(path, bytes);
}

bool contains(const Bytes& haystack, std::string_view needle) {
  return mfp::testing::contains_bytes(haystack, needle);
}

// A valid page 1 as SQLite would write it for a MetadataDb (page size 4096, reserve 32).
Bytes page_one(std::string_view content) {
  Bytes page(kPage, 0);
  std::memcpy(page.data(), "SQLite format 3", 16);
  page[16] = 0x10;
  page[17] = 0x00;
  page[18] = 1;
  page[19] = 1;
  page[20] = kEncryptedPageReserve;
  std::memcpy(page.data() + 100, content.data(), content.size());
  return page;
}

Bytes data_page(std::string_view content) {
  Bytes page(kPage, 0);
  for (std::size_t at = 0; at + content.size() < kPage - kEncryptedPageReserve;
       at += content.size() + 7) {
    std::memcpy(page.data() + at, content.data(), content.size());
  }
  return page;
}

// One sqlite3_file opened through a VFS (memory sized by the VFS, closed on destruction).
class File {
 public:
  File(sqlite3_vfs* vfs, const std::string& name, int flags) : memory_(vfs->szOsFile + 16) {
    file_ = reinterpret_cast<sqlite3_file*>(memory_.data());
    int out = 0;
    rc_ = vfs->xOpen(vfs, name.empty() ? nullptr : name.c_str(), file_, flags, &out);
  }
  ~File() {
    if (file_->pMethods != nullptr) file_->pMethods->xClose(file_);
  }
  [[nodiscard]] int open_rc() const { return rc_; }
  [[nodiscard]] sqlite3_file* get() const { return file_; }
  int write(const Bytes& bytes, sqlite3_int64 offset) {
    return file_->pMethods->xWrite(file_, bytes.data(), static_cast<int>(bytes.size()), offset);
  }
  int read(Bytes& out, sqlite3_int64 offset) {
    return file_->pMethods->xRead(file_, out.data(), static_cast<int>(out.size()), offset);
  }

 private:
  std::vector<std::max_align_t> memory_;
  sqlite3_file* file_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

constexpr int kMainFlags = SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
constexpr int kJournalFlags = SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

class EncryptedVfsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto drbg = crypto::Drbg::create("encrypted-vfs-test");
    ASSERT_TRUE(drbg.is_ok()) << drbg.status().to_string();
    drbg_ = std::move(drbg).value();
    key_.assign(32, 0x5a);
    auto vfs = EncryptedVfs::create(key_, *drbg_);
    ASSERT_TRUE(vfs.is_ok()) << vfs.status().to_string();
    vfs_ = std::move(vfs).value();
    db_path_ = (dir_.path() / "test.db").string();
  }

  sqlite3_vfs* raw_vfs() const { return sqlite3_vfs_find(vfs_->name()); }

  TempDir dir_;
  std::unique_ptr<crypto::Drbg> drbg_;
  Bytes key_;
  std::unique_ptr<EncryptedVfs> vfs_;
  std::string db_path_;
};

TEST_F(EncryptedVfsTest, RegistersUniqueNameAndUnregistersOnDestruction) {
  const std::string name = vfs_->name();
  EXPECT_EQ(name.rfind("mfp-aead-", 0), 0u);
  ASSERT_NE(sqlite3_vfs_find(name.c_str()), nullptr);
  auto other = EncryptedVfs::create(key_, *drbg_);
  ASSERT_TRUE(other.is_ok());
  EXPECT_NE(std::string(other.value()->name()), name);
  // Never the default VFS.
  EXPECT_STREQ(sqlite3_vfs_find(nullptr)->zName, "unix");
  vfs_.reset();
  EXPECT_EQ(sqlite3_vfs_find(name.c_str()), nullptr);
}

TEST_F(EncryptedVfsTest, RejectsWrongKeySize) {
  Bytes short_key(16, 1);
  auto vfs = EncryptedVfs::create(short_key, *drbg_);
  ASSERT_FALSE(vfs.is_ok());
  EXPECT_EQ(vfs.status().code(), pipeline::StatusCode::invalid_argument);
}

TEST_F(EncryptedVfsTest, RefusesEveryOtherFileKind) {
  File main(raw_vfs(), db_path_, kMainFlags);
  ASSERT_EQ(main.open_rc(), SQLITE_OK);
  const std::string other = (dir_.path() / "other").string();
  for (int kind : {SQLITE_OPEN_TEMP_DB, SQLITE_OPEN_TRANSIENT_DB, SQLITE_OPEN_TEMP_JOURNAL,
                   SQLITE_OPEN_SUBJOURNAL, SQLITE_OPEN_SUPER_JOURNAL, SQLITE_OPEN_WAL}) {
    File named(raw_vfs(), other, kind | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    EXPECT_EQ(named.open_rc(), SQLITE_CANTOPEN) << "kind " << kind;
    EXPECT_EQ(named.get()->pMethods, nullptr);
    File unnamed(raw_vfs(), "",
                 kind | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_DELETEONCLOSE);
    EXPECT_EQ(unnamed.open_rc(), SQLITE_CANTOPEN) << "kind " << kind;
  }
  // The WAL of this very database is refused too.
  File wal(raw_vfs(), db_path_ + "-wal",
           SQLITE_OPEN_WAL | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  EXPECT_EQ(wal.open_rc(), SQLITE_CANTOPEN);
  // A second database (ATTACH, VACUUM INTO) and a journal that is not this database's.
  File second(raw_vfs(), other, kMainFlags);
  EXPECT_EQ(second.open_rc(), SQLITE_CANTOPEN);
  File foreign_journal(raw_vfs(), other + "-journal", kJournalFlags);
  EXPECT_EQ(foreign_journal.open_rc(), SQLITE_CANTOPEN);
  File own_journal(raw_vfs(), db_path_ + "-journal", kJournalFlags);
  EXPECT_EQ(own_journal.open_rc(), SQLITE_OK);
  EXPECT_FALSE(fs::exists(other));
  EXPECT_FALSE(fs::exists(db_path_ + "-wal"));
}

TEST_F(EncryptedVfsTest, JournalBeforeDatabaseIsRefused) {
  File journal(raw_vfs(), db_path_ + "-journal", kJournalFlags);
  EXPECT_EQ(journal.open_rc(), SQLITE_CANTOPEN);
}

TEST_F(EncryptedVfsTest, FileMethodsOfferNoMemoryMappingOrSharedMemory) {
  File main(raw_vfs(), db_path_, kMainFlags);
  ASSERT_EQ(main.open_rc(), SQLITE_OK);
  EXPECT_EQ(main.get()->pMethods->iVersion, 1);
  const int caps = main.get()->pMethods->xDeviceCharacteristics(main.get());
  EXPECT_EQ(caps & (SQLITE_IOCAP_ATOMIC | SQLITE_IOCAP_SAFE_APPEND | SQLITE_IOCAP_BATCH_ATOMIC |
                    SQLITE_IOCAP_SEQUENTIAL),
            0);
}

TEST_F(EncryptedVfsTest, MainPagesAreEncryptedAndReadBackWholeOrPartially) {
  const std::string marker = "MFP-VFS-MARKER-3b9d";
  const Bytes p1 = page_one(marker);
  const Bytes p2 = data_page(marker);
  {
    File main(raw_vfs(), db_path_, kMainFlags);
    ASSERT_EQ(main.open_rc(), SQLITE_OK);
    ASSERT_EQ(main.write(p1, 0), SQLITE_OK);
    ASSERT_EQ(main.write(p2, kPage), SQLITE_OK);

    Bytes whole(kPage);
    ASSERT_EQ(main.read(whole, kPage), SQLITE_OK);
    EXPECT_TRUE(std::equal(p2.begin(), p2.end() - kEncryptedPageReserve, whole.begin()));
    // The reserved bytes read as zero (nonce and tag stay below SQLite).
    EXPECT_TRUE(std::all_of(whole.end() - kEncryptedPageReserve, whole.end(),
                            [](std::uint8_t b) { return b == 0; }));

    Bytes header(100);  // SQLite's first read of a database
    ASSERT_EQ(main.read(header, 0), SQLITE_OK);
    EXPECT_TRUE(std::equal(header.begin(), header.end(), p1.begin()));
    Bytes middle(50);
    ASSERT_EQ(main.read(middle, kPage + 10), SQLITE_OK);
    EXPECT_TRUE(std::equal(middle.begin(), middle.end(), p2.begin() + 10));
  }
  const Bytes disk = read_all(db_path_);
  ASSERT_EQ(disk.size(), 2u * kPage);
  EXPECT_FALSE(contains(disk, marker));
  EXPECT_FALSE(contains(disk, "SQLite format 3"));
}

TEST_F(EncryptedVfsTest, ReadBeyondEndIsShortReadWithZeros) {
  File main(raw_vfs(), db_path_, kMainFlags);
  ASSERT_EQ(main.open_rc(), SQLITE_OK);
  Bytes header(100, 0xee);
  EXPECT_EQ(main.read(header, 0), SQLITE_IOERR_SHORT_READ);  // empty database
  EXPECT_TRUE(std::all_of(header.begin(), header.end(), [](std::uint8_t b) { return b == 0; }));
  ASSERT_EQ(main.write(page_one("x"), 0), SQLITE_OK);
  Bytes page(kPage, 0xee);
  EXPECT_EQ(main.read(page, 3 * kPage), SQLITE_IOERR_SHORT_READ);
  EXPECT_TRUE(std::all_of(page.begin(), page.end(), [](std::uint8_t b) { return b == 0; }));
  EXPECT_EQ(vfs_->authentication_failures(), 0u);
}

TEST_F(EncryptedVfsTest, RefusesWritesThatAreNotWholePages) {
  File main(raw_vfs(), db_path_, kMainFlags);
  ASSERT_EQ(main.open_rc(), SQLITE_OK);
  EXPECT_EQ(main.write(Bytes(100, 1), 0), SQLITE_IOERR_WRITE);
  EXPECT_EQ(main.write(data_page("x"), 100), SQLITE_IOERR_WRITE);
  EXPECT_EQ(main.write(Bytes(kPage + 512, 1), kPage), SQLITE_IOERR_WRITE);
  EXPECT_EQ(fs::file_size(db_path_), 0u);
}

TEST_F(EncryptedVfsTest, RefusesPageOneThatWouldLetSqliteUseTheReserve) {
  File main(raw_vfs(), db_path_, kMainFlags);
  ASSERT_EQ(main.open_rc(), SQLITE_OK);
  Bytes no_reserve = page_one("x");
  no_reserve[20] = 0;
  EXPECT_EQ(main.write(no_reserve, 0), SQLITE_IOERR_WRITE);
  Bytes other_page_size = page_one("x");
  other_page_size[16] = 0x20;  // 8192
  EXPECT_EQ(main.write(other_page_size, 0), SQLITE_IOERR_WRITE);
  Bytes wal_format = page_one("x");
  wal_format[18] = wal_format[19] = 2;
  EXPECT_EQ(main.write(wal_format, 0), SQLITE_IOERR_WRITE);
  Bytes not_sqlite(kPage, 0);
  EXPECT_EQ(main.write(not_sqlite, 0), SQLITE_IOERR_WRITE);
  EXPECT_EQ(main.write(page_one("x"), 0), SQLITE_OK);
}

TEST_F(EncryptedVfsTest, SamePlaintextEncryptsDifferentlyEachTime) {
  File main(raw_vfs(), db_path_, kMainFlags);
  ASSERT_EQ(main.open_rc(), SQLITE_OK);
  const Bytes page = data_page("same");
  ASSERT_EQ(main.write(page, kPage), SQLITE_OK);
  const Bytes first = read_all(db_path_);
  ASSERT_EQ(main.write(page, kPage), SQLITE_OK);
  const Bytes second = read_all(db_path_);
  EXPECT_NE(first, second);
}

TEST_F(EncryptedVfsTest, FlippedBitFailsAuthentication) {
  {
    File main(raw_vfs(), db_path_, kMainFlags);
    ASSERT_EQ(main.open_rc(), SQLITE_OK);
    ASSERT_EQ(main.write(page_one("a"), 0), SQLITE_OK);
    ASSERT_EQ(main.write(data_page("secret"), kPage), SQLITE_OK);
  }
  // Ciphertext, nonce, tag and format bytes are all covered.
  for (int at : {kPage + 17, 2 * kPage - 30, 2 * kPage - 10, 2 * kPage - 4}) {
    Bytes disk = read_all(db_path_);
    const Bytes original = disk;
    disk[at] ^= 0x01;
    write_all(db_path_, disk);
    File main(raw_vfs(), db_path_, kMainFlags);
    const std::uint64_t before = vfs_->authentication_failures();
    Bytes page(kPage, 0xee);
    EXPECT_EQ(main.read(page, kPage), SQLITE_IOERR_DATA) << "byte " << at;
    EXPECT_TRUE(std::all_of(page.begin(), page.end(), [](std::uint8_t b) { return b == 0; }));
    EXPECT_EQ(vfs_->authentication_failures(), before + 1);
    write_all(db_path_, original);
  }
}

TEST_F(EncryptedVfsTest, PageMovedToAnotherPositionFailsAuthentication) {
  {
    File main(raw_vfs(), db_path_, kMainFlags);
    ASSERT_EQ(main.open_rc(), SQLITE_OK);
    ASSERT_EQ(main.write(page_one("a"), 0), SQLITE_OK);
    ASSERT_EQ(main.write(data_page("two"), kPage), SQLITE_OK);
    ASSERT_EQ(main.write(data_page("three"), 2 * kPage), SQLITE_OK);
  }
  Bytes disk = read_all(db_path_);
  std::swap_ranges(disk.begin() + kPage, disk.begin() + 2 * kPage, disk.begin() + 2 * kPage);
  write_all(db_path_, disk);
  File main(raw_vfs(), db_path_, kMainFlags);
  Bytes page(kPage);
  EXPECT_EQ(main.read(page, kPage), SQLITE_IOERR_DATA);
  EXPECT_EQ(main.read(page, 2 * kPage), SQLITE_IOERR_DATA);
}

TEST_F(EncryptedVfsTest, TornPageAtEndFailsAuthentication) {
  {
    File main(raw_vfs(), db_path_, kMainFlags);
    ASSERT_EQ(main.open_rc(), SQLITE_OK);
    ASSERT_EQ(main.write(page_one("a"), 0), SQLITE_OK);
    ASSERT_EQ(main.write(data_page("two"), kPage), SQLITE_OK);
  }
  fs::resize_file(db_path_, kPage + 1000);
  File main(raw_vfs(), db_path_, kMainFlags);
  Bytes page(kPage);
  EXPECT_EQ(main.read(page, kPage), SQLITE_IOERR_DATA);
}

TEST_F(EncryptedVfsTest, OtherKeyCannotReadPages) {
  {
    File main(raw_vfs(), db_path_, kMainFlags);
    ASSERT_EQ(main.open_rc(), SQLITE_OK);
    ASSERT_EQ(main.write(page_one("a"), 0), SQLITE_OK);
  }
  Bytes other_key(32, 0xa5);
  auto other = EncryptedVfs::create(other_key, *drbg_);
  ASSERT_TRUE(other.is_ok());
  File main(sqlite3_vfs_find(other.value()->name()), db_path_, kMainFlags);
  ASSERT_EQ(main.open_rc(), SQLITE_OK);
  Bytes header(100);
  EXPECT_EQ(main.read(header, 0), SQLITE_IOERR_DATA);
  EXPECT_EQ(other.value()->authentication_failures(), 1u);
}

TEST_F(EncryptedVfsTest, RevokedKeysStopAllIo) {
  File main(raw_vfs(), db_path_, kMainFlags);
  ASSERT_EQ(main.open_rc(), SQLITE_OK);
  ASSERT_EQ(main.write(page_one("a"), 0), SQLITE_OK);
  vfs_->revoke_keys();
  Bytes header(100);
  EXPECT_EQ(main.read(header, 0), SQLITE_IOERR_DATA);
  EXPECT_EQ(main.write(page_one("b"), 0), SQLITE_IOERR_WRITE);
}

// A rollback-journal record as SQLite writes it: 4-byte page number, page image, checksum.
struct JournalRecord {
  sqlite3_int64 offset;  // of the page number
  std::uint32_t page_number;
  Bytes image;
  std::uint32_t checksum;
};

Bytes be32(std::uint32_t v) {
  return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
          static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

Bytes journal_header(std::uint32_t page_size) {
  Bytes header(512, 0);
  const std::array<std::uint8_t, 8> magic = {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7};
  std::copy(magic.begin(), magic.end(), header.begin());
  const Bytes nrec = be32(1), nonce = be32(0x12345678), orig = be32(2), sector = be32(512),
              psize = be32(page_size);
  std::copy(nrec.begin(), nrec.end(), header.begin() + 8);
  std::copy(nonce.begin(), nonce.end(), header.begin() + 12);
  std::copy(orig.begin(), orig.end(), header.begin() + 16);
  std::copy(sector.begin(), sector.end(), header.begin() + 20);
  std::copy(psize.begin(), psize.end(), header.begin() + 24);
  return header;
}

TEST_F(EncryptedVfsTest, JournalPageImagesAreEncryptedAndChecksumsMasked) {
  File main(raw_vfs(), db_path_, kMainFlags);
  ASSERT_EQ(main.open_rc(), SQLITE_OK);
  const std::string marker = "MFP-JOURNAL-MARKER-77c1";
  const JournalRecord records[] = {
      {512, 2, data_page(marker), 0xCAFEBABE},
      {512 + 4 + kPage + 4, 3, data_page(marker + "-b"), 0x01020304},
  };
  const std::string journal_path = db_path_ + "-journal";
  {
    File journal(raw_vfs(), journal_path, kJournalFlags);
    ASSERT_EQ(journal.open_rc(), SQLITE_OK);
    ASSERT_EQ(journal.write(journal_header(kPage), 0), SQLITE_OK);
    for (const JournalRecord& r : records) {
      ASSERT_EQ(journal.write(be32(r.page_number), r.offset), SQLITE_OK);
      ASSERT_EQ(journal.write(r.image, r.offset + 4), SQLITE_OK);
      ASSERT_EQ(journal.write(be32(r.checksum), r.offset + 4 + kPage), SQLITE_OK);
    }
  }
  const Bytes disk = read_all(journal_path);
  EXPECT_FALSE(contains(disk, marker));
  // Header and page numbers stay as written; checksums do not.
  EXPECT_TRUE(std::equal(disk.begin(), disk.begin() + 512, journal_header(kPage).begin()));
  for (const JournalRecord& r : records) {
    EXPECT_TRUE(std::equal(disk.begin() + r.offset, disk.begin() + r.offset + 4,
                           be32(r.page_number).begin()));
    const auto at = disk.begin() + r.offset + 4 + kPage;
    EXPECT_FALSE(std::equal(at, at + 4, be32(r.checksum).begin()));
  }

  File journal(raw_vfs(), journal_path, SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_READONLY);
  ASSERT_EQ(journal.open_rc(), SQLITE_OK);
  for (const JournalRecord& r : records) {
    Bytes field(4);
    ASSERT_EQ(journal.read(field, r.offset), SQLITE_OK);
    EXPECT_EQ(field, be32(r.page_number));
    Bytes image(kPage);
    ASSERT_EQ(journal.read(image, r.offset + 4), SQLITE_OK);
    EXPECT_TRUE(std::equal(image.begin(), image.end() - kEncryptedPageReserve, r.image.begin()));
    ASSERT_EQ(journal.read(field, r.offset + 4 + kPage), SQLITE_OK);
    EXPECT_EQ(field, be32(r.checksum));
  }
  // A page image cut off by the end of the journal reads as a short read of zeros.
  Bytes beyond(kPage, 0xee);
  EXPECT_EQ(journal.read(beyond, 3 * (kPage + 8) + 516), SQLITE_IOERR_SHORT_READ);
  EXPECT_TRUE(std::all_of(beyond.begin(), beyond.end(), [](std::uint8_t b) { return b == 0; }));
}

TEST_F(EncryptedVfsTest, TamperedJournalPageFailsAuthentication) {
  File main(raw_vfs(), db_path_, kMainFlags);
  ASSERT_EQ(main.open_rc(), SQLITE_OK);
  const std::string journal_path = db_path_ + "-journal";
  {
    File journal(raw_vfs(), journal_path, kJournalFlags);
    ASSERT_EQ(journal.write(journal_header(kPage), 0), SQLITE_OK);
    ASSERT_EQ(journal.write(data_page("before-image"), 516), SQLITE_OK);
  }
  Bytes disk = read_all(journal_path);
  disk[516 + 99] ^= 0x80;
  write_all(journal_path, disk);
  File journal(raw_vfs(), journal_path, SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_READONLY);
  Bytes image(kPage);
  EXPECT_EQ(journal.read(image, 516), SQLITE_IOERR_DATA);
}

TEST_F(EncryptedVfsTest, FileKindIsBoundIntoEveryPage) {
  // Journal offset 4100 and database page number 4100 are the same position value: only the
  // file kind tells them apart.
  File main(raw_vfs(), db_path_, kMainFlags);
  ASSERT_EQ(main.open_rc(), SQLITE_OK);
  const std::string journal_path = db_path_ + "-journal";
  {
    File journal(raw_vfs(), journal_path, kJournalFlags);
    ASSERT_EQ(journal.write(data_page("journal-page"), 4100), SQLITE_OK);
    Bytes back(kPage);
    ASSERT_EQ(journal.read(back, 4100), SQLITE_OK);
  }
  const Bytes journal_disk = read_all(journal_path);
  Bytes image(journal_disk.begin() + 4100, journal_disk.begin() + 4100 + kPage);
  const sqlite3_int64 page_4100 = sqlite3_int64{4099} * kPage;
  {
    std::fstream db(db_path_, std::ios::in | std::ios::out | std::ios::binary);
    db.seekp(page_4100);
    db.write(reinterpret_cast<const char*>(image.data()), kPage);
  }
  Bytes page(kPage);
  EXPECT_EQ(main.read(page, page_4100), SQLITE_IOERR_DATA);
}

TEST_F(EncryptedVfsTest, RefusesJournalHeaderForOtherPageSize) {
  File main(raw_vfs(), db_path_, kMainFlags);
  ASSERT_EQ(main.open_rc(), SQLITE_OK);
  File journal(raw_vfs(), db_path_ + "-journal", kJournalFlags);
  ASSERT_EQ(journal.open_rc(), SQLITE_OK);
  EXPECT_EQ(journal.write(journal_header(8192), 0), SQLITE_IOERR_WRITE);
  EXPECT_EQ(journal.write(journal_header(kPage), 0), SQLITE_OK);
}

}  // namespace
}  // namespace mfp::security::store
