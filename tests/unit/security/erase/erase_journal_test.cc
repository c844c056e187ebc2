// EraseJournal: durable entries, torn tails after a power loss, damage, compaction.

#include "security/erase/erase_journal.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace mfp::security::erase {
namespace {

using pipeline::StatusCode;
namespace fs = std::filesystem;

class JournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "mfp-journal-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    file_ = dir_ / "erase.journal";
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::unique_ptr<EraseJournal> open() {
    auto j = EraseJournal::open(file_);
    EXPECT_TRUE(j.is_ok()) << j.status().to_string();
    return j.is_ok() ? std::move(j).value() : nullptr;
  }
  std::string text() {
    std::ifstream in(file_, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  void append_raw(const std::string& s) {
    std::ofstream out(file_, std::ios::binary | std::ios::app);
    out << s;
  }

  fs::path dir_, file_;
};

TEST_F(JournalTest, EntriesSurviveReopenUntilDone) {
  {
    auto j = open();
    EXPECT_FALSE(j->has_pending());
    const auto a = j->append(EraseJournal::Scope::files, OverwriteMode::three_passes,
                             {"keys/0a.key", "objects/0a.obj"});
    const auto b =
        j->append(EraseJournal::Scope::files, OverwriteMode::one_pass, {"objects/0b.obj"});
    ASSERT_TRUE(a.is_ok() && b.is_ok());
    EXPECT_EQ(a.value(), 1u);
    EXPECT_EQ(b.value(), 2u);
    ASSERT_TRUE(j->mark_done(a.value()).is_ok());
    EXPECT_EQ(j->mark_done(a.value()).code(), StatusCode::not_found);
  }
  auto j = open();
  const auto p = j->pending();
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].seq, 2u);
  EXPECT_EQ(p[0].mode, OverwriteMode::one_pass);
  EXPECT_EQ(p[0].paths, std::vector<std::string>{"objects/0b.obj"});
  // New entries never reuse a pending sequence number.
  EXPECT_EQ(j->append(EraseJournal::Scope::tree, OverwriteMode::off, {"."}).value(), 3u);
  ASSERT_TRUE(j->mark_done(2).is_ok());
  ASSERT_TRUE(j->mark_done(3).is_ok());
  EXPECT_FALSE(j->has_pending());
  EXPECT_EQ(j->file_size(), 0u);
  EXPECT_EQ(fs::file_size(file_), 0u);
}

TEST_F(JournalTest, HoldsOnlyModesAndRelativePaths) {
  auto j = open();
  ASSERT_TRUE(
      j->append(EraseJournal::Scope::files, OverwriteMode::one_pass, {"objects/0c.obj"}).is_ok());
  const std::string t = text();
  EXPECT_EQ(t.rfind("B 1 1 F 1 objects/0c.obj *", 0), 0u) << t;
  EXPECT_EQ(t.back(), '\n');
}

TEST_F(JournalTest, TornTailIsDroppedAndCutOff) {
  {
    auto j = open();
    ASSERT_TRUE(
        j->append(EraseJournal::Scope::files, OverwriteMode::one_pass, {"objects/01.obj"}).is_ok());
  }
  const auto good = fs::file_size(file_);
  append_raw("B 2 1 F 1 objects/02.o");  // power lost mid-append
  auto j = open();
  ASSERT_EQ(j->pending().size(), 1u);
  EXPECT_EQ(j->pending()[0].paths[0], "objects/01.obj");
  EXPECT_EQ(fs::file_size(file_), good);
  // Appends continue cleanly after the cut.
  ASSERT_TRUE(
      j->append(EraseJournal::Scope::files, OverwriteMode::one_pass, {"objects/03.obj"}).is_ok());
  j.reset();
  EXPECT_EQ(open()->pending().size(), 2u);
}

TEST_F(JournalTest, ZeroFilledTailIsDropped) {
  {
    auto j = open();
    ASSERT_TRUE(
        j->append(EraseJournal::Scope::files, OverwriteMode::one_pass, {"objects/01.obj"}).is_ok());
  }
  append_raw(std::string(4096, '\0'));
  auto j = open();
  EXPECT_EQ(j->pending().size(), 1u);
}

TEST_F(JournalTest, ALineWithABadChecksumIsDroppedAtTheTail) {
  {
    auto j = open();
    ASSERT_TRUE(
        j->append(EraseJournal::Scope::files, OverwriteMode::one_pass, {"objects/01.obj"}).is_ok());
  }
  append_raw("B 2 1 F 1 objects/02.obj *0000000000000000\n");
  EXPECT_EQ(open()->pending().size(), 1u);
}

TEST_F(JournalTest, DamageBeforeValidEntriesIsAnIntegrityError) {
  {
    auto j = open();
    ASSERT_TRUE(
        j->append(EraseJournal::Scope::files, OverwriteMode::one_pass, {"objects/01.obj"}).is_ok());
    ASSERT_TRUE(
        j->append(EraseJournal::Scope::files, OverwriteMode::one_pass, {"objects/02.obj"}).is_ok());
  }
  std::string t = text();
  t[t.find("01.obj")] = 'x';  // breaks line 1's checksum
  std::ofstream(file_, std::ios::binary | std::ios::trunc) << t;
  const auto j = EraseJournal::open(file_);
  EXPECT_EQ(j.status().code(), StatusCode::integrity_error);
  EXPECT_NE(j.status().message().find("line 1"), std::string::npos);
}

TEST_F(JournalTest, PathsFromADamagedOrHostileJournalAreRefused) {
  // Correct checksums, unsafe paths: a hand-made journal must not steer erasure elsewhere.
  auto j = open();
  EXPECT_EQ(j->append(EraseJournal::Scope::files, OverwriteMode::one_pass, {"../etc/passwd"})
                .status()
                .code(),
            StatusCode::invalid_argument);
  EXPECT_EQ(j->append(EraseJournal::Scope::files, OverwriteMode::one_pass, {"/etc/passwd"})
                .status()
                .code(),
            StatusCode::invalid_argument);
  EXPECT_EQ(j->append(EraseJournal::Scope::files, OverwriteMode::one_pass, {}).status().code(),
            StatusCode::invalid_argument);
  EXPECT_EQ(j->append(EraseJournal::Scope::files, OverwriteMode::one_pass, {"."}).status().code(),
            StatusCode::invalid_argument);
  EXPECT_FALSE(j->has_pending());
}

TEST_F(JournalTest, SafeRelativePaths) {
  EXPECT_TRUE(EraseJournal::is_safe_relative_path("objects/0a.obj"));
  EXPECT_TRUE(EraseJournal::is_safe_relative_path("a.key.tmp"));
  EXPECT_TRUE(EraseJournal::is_safe_relative_path("."));
  for (const char* bad :
       {"", "/a", "a/", "a//b", "../a", "a/../b", "a/./b", "a b", "a\nb", "a*b", "\xc3\xa9"}) {
    EXPECT_FALSE(EraseJournal::is_safe_relative_path(bad)) << bad;
  }
}

TEST_F(JournalTest, CompactsWhenFinishedEntriesDominate) {
  auto j = open();
  const auto keep =
      j->append(EraseJournal::Scope::files, OverwriteMode::one_pass, {"objects/ke.obj"}).value();
  std::vector<std::string> many(3000, std::string(120, 'p'));
  for (int i = 0; i < 3; ++i) {  // 3 x 363 KB passes 1 MiB
    const auto seq = j->append(EraseJournal::Scope::files, OverwriteMode::one_pass, many).value();
    ASSERT_TRUE(j->mark_done(seq).is_ok());
  }
  EXPECT_LT(j->file_size(), 1000u);
  EXPECT_EQ(fs::file_size(file_), j->file_size());
  EXPECT_FALSE(fs::exists(dir_ / "erase.journal.tmp"));
  j.reset();
  j = open();
  ASSERT_EQ(j->pending().size(), 1u);
  EXPECT_EQ(j->pending()[0].seq, keep);
  // Finished entries are gone from the file, so only the pending one's number is taken.
  EXPECT_GT(j->append(EraseJournal::Scope::files, OverwriteMode::one_pass, {"x"}).value(), keep);
}

}  // namespace
}  // namespace mfp::security::erase
