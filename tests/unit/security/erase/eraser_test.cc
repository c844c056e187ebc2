// Eraser: pass patterns, key files first, journal before overwrite, resume, confinement to the
// base directory, symbolic links, factory-reset wipe and failure reporting.

#include "security/erase/eraser.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "security/audit/memory_audit_sink.h"
#include "security/crypto/drbg.h"

namespace mfp::security::erase {
namespace {

using pipeline::StatusCode;
namespace fs = std::filesystem;

std::vector<std::uint8_t> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string read_text(const fs::path& p) {
  const auto b = read_bytes(p);
  return {b.begin(), b.end()};
}

void write_text(const fs::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << s;
}

bool contains(const std::vector<std::uint8_t>& hay, const std::string& needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

const std::string kMarker = "ERASER-TEST-MARKER-7f3a";

std::string marker_content(std::size_t bytes) {
  std::string s;
  while (s.size() < bytes) s += kMarker;
  s.resize(bytes);
  return s;
}

struct Seen {
  std::string file;
  int pass;
  OverwritePattern pattern;
  std::vector<std::uint8_t> bytes;
};

class EraserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "mfp-erase-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    base_ = tmpl;
    drbg_ = crypto::Drbg::create("erase-test").value();
    open(OverwriteMode::one_pass);
  }
  void TearDown() override {
    eraser_.reset();
    fs::remove_all(base_);
  }
  void open(OverwriteMode mode) {
    eraser_.reset();
    auto e = Eraser::open(base_, mode, *drbg_, audit_);
    ASSERT_TRUE(e.is_ok()) << e.status().to_string();
    eraser_ = std::move(e).value();
    eraser_->set_pass_observer_for_testing([this](const Eraser::PassInfo& p) {
      seen_.push_back({p.file.filename().string(), p.pass, p.pattern, read_bytes(p.file)});
      if (on_pass_) on_pass_(p);
    });
  }
  fs::path make(const std::string& rel, std::size_t bytes) {
    const fs::path p = base_ / rel;
    fs::create_directories(p.parent_path());
    write_text(p, marker_content(bytes));
    return p;
  }
  [[nodiscard]] std::string item(const audit::AuditEvent& ev, std::string_view key) const {
    for (const auto& [k, v] : ev.items) {
      if (k == key) return v;
    }
    return "<none>";
  }

  fs::path base_;
  std::unique_ptr<crypto::Drbg> drbg_;
  audit::MemoryAuditSink audit_;
  std::unique_ptr<Eraser> eraser_;
  std::vector<Seen> seen_;
  std::function<void(const Eraser::PassInfo&)> on_pass_;
};

TEST_F(EraserTest, OnePassWritesZerosOverTheWholeFileThenUnlinks) {
  const auto f = make("objects/aa.obj", 3 * 1024 * 1024 + 17);
  ASSERT_TRUE(eraser_->erase(std::vector<fs::path>{f}).is_ok());
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].pattern, OverwritePattern::zeros);
  EXPECT_EQ(seen_[0].bytes.size(), 3u * 1024 * 1024 + 17);
  EXPECT_TRUE(std::all_of(seen_[0].bytes.begin(), seen_[0].bytes.end(),
                          [](std::uint8_t b) { return b == 0; }));
  EXPECT_FALSE(fs::exists(f));
  EXPECT_FALSE(eraser_->pending());
  EXPECT_EQ(fs::file_size(base_ / Eraser::kJournalName), 0u);

  const auto events = audit_.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].id, static_cast<audit::AuditEventId>(0x0901));  // catalog: completed
  EXPECT_EQ(events[0].name, "Storage");
  EXPECT_EQ(events[0].description, "Overwrite Storage");
  EXPECT_EQ(events[0].status, "Completed");
  EXPECT_EQ(item(events[0], "Number of Overwrites"), "1 Overwrite");
  EXPECT_EQ(item(events[0], "File"), "objects/aa.obj");
  EXPECT_EQ(item(events[0], "Bytes Overwritten"), std::to_string(3 * 1024 * 1024 + 17));
  EXPECT_EQ(item(events[0], "Resumed"), "No");
}

TEST_F(EraserTest, ThreePassesWriteZerosOnesThenRandom) {
  open(OverwriteMode::three_passes);
  const auto f = make("objects/bb.obj", 1024 * 1024 + 5);
  ASSERT_TRUE(eraser_->erase(std::vector<fs::path>{f}).is_ok());
  ASSERT_EQ(seen_.size(), 3u);
  const auto all = [](const std::vector<std::uint8_t>& v, std::uint8_t x) {
    return std::all_of(v.begin(), v.end(), [x](std::uint8_t b) { return b == x; });
  };
  EXPECT_EQ(seen_[0].pattern, OverwritePattern::zeros);
  EXPECT_TRUE(all(seen_[0].bytes, 0x00));
  EXPECT_EQ(seen_[1].pattern, OverwritePattern::ones);
  EXPECT_TRUE(all(seen_[1].bytes, 0xFF));
  EXPECT_EQ(seen_[2].pattern, OverwritePattern::random);
  const auto& r = seen_[2].bytes;
  ASSERT_EQ(r.size(), 1024u * 1024 + 5);
  EXPECT_FALSE(contains(r, kMarker));
  // Random: every byte value occurs, none dominates, and blocks differ from each other.
  std::vector<std::size_t> hist(256);
  for (const auto b : r) ++hist[b];
  EXPECT_GT(*std::min_element(hist.begin(), hist.end()), 0u);
  EXPECT_LT(*std::max_element(hist.begin(), hist.end()), r.size() / 128);
  EXPECT_FALSE(std::equal(r.begin(), r.begin() + 65536, r.begin() + 65536));
  EXPECT_FALSE(fs::exists(f));
  EXPECT_EQ(item(audit_.events().back(), "Number of Overwrites"), "3 Overwrites");
}

TEST_F(EraserTest, KeyFilesAreOverwrittenFirst) {
  const auto obj = make("objects/cc.obj", 1000);
  const auto key = make("keys/cc.key", 100);
  ASSERT_TRUE(eraser_->erase(std::vector<fs::path>{obj, key}).is_ok());
  ASSERT_EQ(seen_.size(), 2u);
  EXPECT_EQ(seen_[0].file, "cc.key");
  EXPECT_EQ(seen_[1].file, "cc.obj");
  EXPECT_FALSE(fs::exists(obj));
  EXPECT_FALSE(fs::exists(key));
}

TEST_F(EraserTest, OffStillOverwritesKeyMaterialButOnlyUnlinksData) {
  open(OverwriteMode::off);
  const auto obj = make("objects/dd.obj", 1000);
  const auto key = make("keys/dd.key.tmp", 100);
  ASSERT_TRUE(eraser_->erase(std::vector<fs::path>{obj, key}).is_ok());
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].file, "dd.key.tmp");
  EXPECT_FALSE(fs::exists(obj));
  EXPECT_FALSE(fs::exists(key));
  EXPECT_EQ(item(audit_.events().back(), "Number of Overwrites"), "Off");
}

TEST_F(EraserTest, JournalListsTheEntryWhileItsFilesAreOverwritten) {
  const auto f = make("objects/ee.obj", 4096);
  std::string journal_during_pass;
  on_pass_ = [&](const Eraser::PassInfo&) {
    journal_during_pass = read_text(base_ / "erase.journal");
  };
  ASSERT_TRUE(eraser_->erase(std::vector<fs::path>{f}).is_ok());
  EXPECT_EQ(journal_during_pass.rfind("B 1 1 F 1 objects/ee.obj *", 0), 0u) << journal_during_pass;
  EXPECT_EQ(journal_during_pass.find(kMarker), std::string::npos);
  EXPECT_EQ(read_text(base_ / "erase.journal"), "");  // finished: emptied
}

TEST_F(EraserTest, NothingIsOverwrittenUnlessTheJournalEntryIsDurable) {
  const auto f = make("objects/ef.obj", 4096);
  // Make the journal append fail (EFBIG past 8 bytes) while the data file stays writable at
  // offset 0..7 only: if the eraser overwrote before journaling, the first bytes would change.
  struct rlimit old {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  const auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  struct rlimit tiny = old;
  tiny.rlim_cur = 8;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &tiny), 0);
  const auto st = eraser_->erase(std::vector<fs::path>{f});
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &old), 0);
  ::signal(SIGXFSZ, old_handler);
  EXPECT_FALSE(st.is_ok());
  EXPECT_TRUE(seen_.empty());
  EXPECT_EQ(read_text(f), marker_content(4096));          // untouched, still there
  EXPECT_EQ(fs::file_size(base_ / "erase.journal"), 0u);  // the partial line was cut
  EXPECT_FALSE(eraser_->pending());
  ASSERT_EQ(audit_.events().size(), 1u);
  EXPECT_EQ(audit_.events()[0].status, "Failed");
  EXPECT_EQ(item(audit_.events()[0], "Files Erased"), "0");
  ASSERT_TRUE(eraser_->erase(std::vector<fs::path>{f}).is_ok());  // and it works again
  EXPECT_FALSE(fs::exists(f));
}

TEST_F(EraserTest, ResumeFinishesAPendingEntryFromTheFirstPass) {
  const auto key = make("keys/ff.key", 64);
  const auto obj = make("objects/ff.obj", 200000);
  {
    // A release journaled by an earlier run that died before finishing.
    auto j = EraseJournal::open(base_ / "erase.journal").value();
    ASSERT_TRUE(j->append(EraseJournal::Scope::files, OverwriteMode::three_passes,
                          {"keys/ff.key", "objects/ff.obj"})
                    .is_ok());
  }
  // Half-done: the key file is already gone, the object file was partly overwritten.
  fs::remove(key);
  {
    std::fstream io(obj, std::ios::in | std::ios::out | std::ios::binary);
    io.write(std::string(1000, '\0').data(), 1000);
  }
  open(OverwriteMode::one_pass);
  EXPECT_TRUE(eraser_->pending());
  ASSERT_TRUE(eraser_->resume().is_ok());
  EXPECT_FALSE(eraser_->pending());
  EXPECT_FALSE(fs::exists(obj));
  // The entry's three passes win over the current one-pass setting.
  ASSERT_EQ(seen_.size(), 3u);
  EXPECT_EQ(seen_[0].bytes.size(), 200000u);
  const auto ev = audit_.events().back();
  EXPECT_EQ(ev.status, "Completed");
  EXPECT_EQ(item(ev, "Resumed"), "Yes");
  EXPECT_EQ(item(ev, "Number of Overwrites"), "3 Overwrites");
  EXPECT_TRUE(eraser_->resume().is_ok());  // nothing left: no-op
  EXPECT_EQ(audit_.events().size(), 1u);
}

TEST_F(EraserTest, ResumeUsesTheStricterCurrentSetting) {
  const auto obj = make("objects/ab.obj", 5000);
  {
    auto j = EraseJournal::open(base_ / "erase.journal").value();
    ASSERT_TRUE(
        j->append(EraseJournal::Scope::files, OverwriteMode::one_pass, {"objects/ab.obj"}).is_ok());
  }
  open(OverwriteMode::three_passes);
  ASSERT_TRUE(eraser_->resume().is_ok());
  EXPECT_EQ(seen_.size(), 3u);
  EXPECT_FALSE(fs::exists(obj));
}

TEST_F(EraserTest, RefusesPathsOutsideTheBaseDirectory) {
  const fs::path outside = base_.parent_path() / (base_.filename().string() + "-outside");
  write_text(outside, kMarker);
  const std::vector<std::vector<fs::path>> bad = {{outside},
                                                  {"../" + outside.filename().string()},
                                                  {base_ / ".." / outside.filename()},
                                                  {"objects/has space.obj"},
                                                  {base_},
                                                  {"/etc/passwd"}};
  for (const auto& files : bad) {
    EXPECT_EQ(eraser_->erase(files).code(), StatusCode::invalid_argument) << files[0];
  }
  EXPECT_EQ(read_text(outside), kMarker);
  fs::remove(outside);
  EXPECT_FALSE(eraser_->pending());
  EXPECT_TRUE(audit_.events().empty());
}

TEST_F(EraserTest, SymbolicLinksAreUnlinkedNotFollowed) {
  const fs::path target = base_.parent_path() / (base_.filename().string() + "-target");
  write_text(target, kMarker);
  fs::create_directories(base_ / "objects");
  fs::create_symlink(target, base_ / "objects" / "link.obj");
  ASSERT_TRUE(eraser_->erase(std::vector<fs::path>{base_ / "objects" / "link.obj"}).is_ok());
  EXPECT_FALSE(fs::exists(fs::symlink_status(base_ / "objects" / "link.obj")));
  EXPECT_EQ(read_text(target), kMarker);
  EXPECT_TRUE(seen_.empty());
  fs::remove(target);
}

TEST_F(EraserTest, MissingFilesCountAsErased) {
  ASSERT_TRUE(eraser_->erase(std::vector<fs::path>{"objects/gone.obj"}).is_ok());
  EXPECT_FALSE(eraser_->pending());
  EXPECT_EQ(audit_.events().back().status, "Completed");
}

TEST_F(EraserTest, FailureIsAuditedAndLeftPendingForResume) {
  const auto ok_file = make("objects/ok.obj", 100);
  fs::create_directories(base_ / "objects" / "adir.obj");  // a directory cannot be overwritten
  const auto st = eraser_->erase(std::vector<fs::path>{"objects/adir.obj", ok_file});
  EXPECT_EQ(st.code(), StatusCode::conflict);
  EXPECT_FALSE(fs::exists(ok_file));  // the rest was still erased
  EXPECT_TRUE(eraser_->pending());
  const auto ev = audit_.events().back();
  EXPECT_EQ(ev.status, "Failed");
  EXPECT_EQ(item(ev, "Reason"), "conflict");
  // The obstacle goes away; the next start finishes the entry.
  fs::remove(base_ / "objects" / "adir.obj");
  open(OverwriteMode::one_pass);
  EXPECT_TRUE(eraser_->pending());
  ASSERT_TRUE(eraser_->resume().is_ok());
  EXPECT_FALSE(eraser_->pending());
  EXPECT_EQ(audit_.events().back().status, "Completed");
}

TEST_F(EraserTest, EraseAllWipesEverythingButTheJournal) {
  const auto a = make("objects/a.obj", 70000);
  const auto k = make("keys/a.key", 60);
  const auto n = make("deep/er/nested/file.bin", 10);
  const auto odd = make("spool/name with spaces", 10);
  ASSERT_TRUE(eraser_->erase_all("").is_ok());
  std::vector<fs::path> left;
  for (const auto& e : fs::recursive_directory_iterator(base_)) left.push_back(e.path());
  EXPECT_EQ(left, std::vector<fs::path>{base_ / "erase.journal"});
  EXPECT_TRUE(fs::exists(base_));
  ASSERT_EQ(seen_.size(), 4u);
  EXPECT_EQ(seen_[0].file, "a.key");  // key material first
  EXPECT_FALSE(eraser_->pending());
  const auto ev = audit_.events().back();
  EXPECT_EQ(item(ev, "Scope"), "All");
  EXPECT_EQ(item(ev, "Files Erased"), "4");
}

TEST_F(EraserTest, EraseAllOfASubdirectoryKeepsTheRest) {
  const auto a = make("spool/x/1.bin", 10);
  const auto b = make("keep/2.bin", 10);
  ASSERT_TRUE(eraser_->erase_all(base_ / "spool").is_ok());
  EXPECT_FALSE(fs::exists(a));
  EXPECT_TRUE(fs::exists(base_ / "spool"));
  EXPECT_TRUE(fs::is_empty(base_ / "spool"));
  EXPECT_TRUE(fs::exists(b));
}

TEST_F(EraserTest, ResumeFinishesAnInterruptedWipe) {
  const auto a = make("store/objects/a.obj", 1000);
  {
    auto j = EraseJournal::open(base_ / "erase.journal").value();
    ASSERT_TRUE(j->append(EraseJournal::Scope::tree, OverwriteMode::one_pass, {"store"}).is_ok());
  }
  open(OverwriteMode::one_pass);
  ASSERT_TRUE(eraser_->pending());
  ASSERT_TRUE(eraser_->resume().is_ok());
  EXPECT_FALSE(fs::exists(a));
  EXPECT_TRUE(fs::is_empty(base_ / "store"));
}

}  // namespace
}  // namespace mfp::security::erase
