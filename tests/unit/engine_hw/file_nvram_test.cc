#include "engine_hw/sim/file_nvram.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>
#include "tests/support/temp_dir.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

namespace mfp::engine_hw::sim {
namespace {

using pipeline::StatusCode;
namespace fs = std::filesystem;

// A private directory per test (tests/support/temp_dir.h).
class ScopedDir : public mfp::testing::TempDir {
 public:
  ScopedDir() : mfp::testing::TempDir("mfp-nvram") {}
};

std::vector<std::uint8_t> bytes(std::initializer_list<int> values) {
  std::vector<std::uint8_t> out;
  for (int v : values) out.push_back(static_cast<std::uint8_t>(v));
  return out;
}

std::vector<std::uint8_t> file_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path& p, const std::vector<std::uint8_t>& data) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0);
  return st.st_mode & 07777;
}

std::unique_ptr<FileNvram> open_ok(const fs::path& p) {
  auto r = FileNvram::open(p);
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return r ? std::move(r).value() : nullptr;
}

std::optional<std::vector<std::uint8_t>> read_ok(Nvram& nv, std::string_view slot) {
  auto r = nv.read(slot);
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return r ? *r : std::nullopt;
}

TEST(FileNvram, CreatesAPrivateFileAndPersistsSlots) {
  ScopedDir dir;
  const auto path = dir.path() / "nvram.bin";
  {
    auto nv = open_ok(path);
    ASSERT_TRUE(nv);
    EXPECT_TRUE(fs::exists(path));
    EXPECT_EQ(mode_of(path), 0600u);
    EXPECT_EQ(read_ok(*nv, "master-key"), std::nullopt);
    ASSERT_TRUE(nv->write("master-key", bytes({1, 2, 3})).is_ok());
    ASSERT_TRUE(nv->write("audit-head", bytes({9})).is_ok());
    ASSERT_TRUE(nv->write("empty", {}).is_ok());
    EXPECT_EQ(read_ok(*nv, "master-key"), bytes({1, 2, 3}));
    EXPECT_EQ(mode_of(path), 0600u);
  }
  auto again = open_ok(path);
  ASSERT_TRUE(again);
  EXPECT_EQ(read_ok(*again, "master-key"), bytes({1, 2, 3}));
  EXPECT_EQ(read_ok(*again, "audit-head"), bytes({9}));
  EXPECT_EQ(read_ok(*again, "empty"), std::vector<std::uint8_t>{});
  ASSERT_TRUE(again->write("master-key", bytes({4, 5})).is_ok());
  EXPECT_EQ(read_ok(*again, "master-key"), bytes({4, 5}));
}

TEST(FileNvram, CreatesMode0600EvenUnderAPermissiveUmask) {
  ScopedDir dir;
  const mode_t old = ::umask(0);
  auto nv = open_ok(dir.path() / "nv");
  ::umask(old);
  ASSERT_TRUE(nv);
  EXPECT_EQ(mode_of(dir.path() / "nv"), 0600u);
}

TEST(FileNvram, RefusesGroupOrWorldAccessibleFile) {
  ScopedDir dir;
  const auto path = dir.path() / "nvram.bin";
  { ASSERT_TRUE(open_ok(path)); }
  for (mode_t mode : {0644, 0640, 0604, 0660}) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    EXPECT_EQ(FileNvram::open(path).status().code(), StatusCode::permission_denied) << mode;
  }
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  auto nv = open_ok(path);
  ASSERT_TRUE(nv);
  // Permissions loosened while open: the next access refuses too.
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  EXPECT_EQ(nv->read("x").status().code(), StatusCode::permission_denied);
  EXPECT_EQ(nv->write("x", bytes({1})).code(), StatusCode::permission_denied);
}

TEST(FileNvram, RefusesAFileOwnedBySomeoneElse) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give the file away";
  ScopedDir dir;
  const auto path = dir.path() / "nvram.bin";
  { ASSERT_TRUE(open_ok(path)); }
  ASSERT_EQ(::chown(path.c_str(), 65534, 65534), 0);
  EXPECT_EQ(FileNvram::open(path).status().code(), StatusCode::permission_denied);
}

TEST(FileNvram, RefusesSymlinkAndNonRegularFile) {
  ScopedDir dir;
  const auto real = dir.path() / "real";
  { ASSERT_TRUE(open_ok(real)); }
  fs::create_symlink(real, dir.path() / "link");
  EXPECT_EQ(FileNvram::open(dir.path() / "link").status().code(), StatusCode::permission_denied);
  fs::create_directory(dir.path() / "adir");
  ::chmod((dir.path() / "adir").c_str(), 0700);
  EXPECT_NE(FileNvram::open(dir.path() / "adir").status().code(), StatusCode::ok);
}

TEST(FileNvram, MissingDirectoryIsNotFound) {
  ScopedDir dir;
  EXPECT_EQ(FileNvram::open(dir.path() / "no" / "such" / "nv").status().code(),
            StatusCode::not_found);
  EXPECT_EQ(FileNvram::open("").status().code(), StatusCode::invalid_argument);
}

TEST(FileNvram, CorruptFileIsIntegrityError) {
  ScopedDir dir;
  const auto path = dir.path() / "nvram.bin";
  {
    auto nv = open_ok(path);
    ASSERT_TRUE(nv);
    ASSERT_TRUE(nv->write("master-key", std::vector<std::uint8_t>(41, 0x33)).is_ok());
  }
  const auto good = file_bytes(path);
  ASSERT_GT(good.size(), 60u);
  // Every single-bit flip, a truncation, an extension and an empty file are all detected.
  for (std::size_t i = 0; i < good.size(); i += 7) {
    auto bad = good;
    bad[i] ^= 0x10;
    write_file(path, bad);
    EXPECT_EQ(FileNvram::open(path).status().code(), StatusCode::integrity_error) << "byte " << i;
  }
  for (const auto& bad :
       {std::vector<std::uint8_t>(good.begin(), good.end() - 1), std::vector<std::uint8_t>(), [&] {
          auto b = good;
          b.push_back(0);
          return b;
        }()}) {
    write_file(path, bad);
    EXPECT_EQ(FileNvram::open(path).status().code(), StatusCode::integrity_error) << bad.size();
  }
  // Corruption after open is caught on the next access as well.
  write_file(path, good);
  auto nv = open_ok(path);
  ASSERT_TRUE(nv);
  auto bad = good;
  bad[20] ^= 1;
  write_file(path, bad);
  EXPECT_EQ(nv->read("master-key").status().code(), StatusCode::integrity_error);
  EXPECT_EQ(nv->write("x", bytes({1})).code(), StatusCode::integrity_error);
}

TEST(FileNvram, DeletedFileIsNotMistakenForEmpty) {
  ScopedDir dir;
  const auto path = dir.path() / "nvram.bin";
  auto nv = open_ok(path);
  ASSERT_TRUE(nv);
  ASSERT_TRUE(nv->write("master-key", bytes({1})).is_ok());
  fs::remove(path);
  EXPECT_EQ(nv->read("master-key").status().code(), StatusCode::integrity_error);
}

TEST(FileNvram, LeftoverTempFileFromACrashIsIgnoredAndRemoved) {
  ScopedDir dir;
  const auto path = dir.path() / "nvram.bin";
  const auto temp = FileNvram::temp_path_for(path);
  {
    auto nv = open_ok(path);
    ASSERT_TRUE(nv);
    ASSERT_TRUE(nv->write("master-key", bytes({1, 1, 1})).is_ok());
  }
  // Crash after the new image was fully staged but before the rename: a complete, valid image
  // with different content sits in the temp file. And a crash mid-write: a torn one.
  const auto before = file_bytes(path);
  {
    auto staged = open_ok(dir.path() / "other.bin");
    ASSERT_TRUE(staged);
    ASSERT_TRUE(staged->write("master-key", bytes({2, 2, 2})).is_ok());
  }
  for (const auto& leftover :
       {file_bytes(dir.path() / "other.bin"), std::vector<std::uint8_t>{0x4f, 0x4d, 0x46}}) {
    write_file(temp, leftover);
    ::chmod(temp.c_str(), 0600);
    auto nv = open_ok(path);
    ASSERT_TRUE(nv);
    EXPECT_EQ(read_ok(*nv, "master-key"), bytes({1, 1, 1}));
    EXPECT_FALSE(fs::exists(temp));
    EXPECT_EQ(file_bytes(path), before);
  }
  // A leftover that is world-readable or a symlink is removed, never followed.
  fs::create_symlink(dir.path() / "other.bin", temp);
  auto nv = open_ok(path);
  ASSERT_TRUE(nv);
  EXPECT_FALSE(fs::is_symlink(temp));
  EXPECT_TRUE(fs::exists(dir.path() / "other.bin"));
  ASSERT_TRUE(nv->write("next", bytes({7})).is_ok());
  EXPECT_FALSE(fs::exists(temp));  // a completed write leaves no temp file
}

TEST(FileNvram, EraseRemovesTheSlotAndOverwritesTheOldBytes) {
  ScopedDir dir;
  const auto path = dir.path() / "nvram.bin";
  auto nv = open_ok(path);
  ASSERT_TRUE(nv);
  const std::vector<std::uint8_t> secret(32, 0xC5);
  ASSERT_TRUE(nv->write("master-key", secret).is_ok());
  ASSERT_TRUE(nv->write("keep", bytes({1, 2})).is_ok());
  // A hard link keeps the pre-erase inode reachable, so we can look at its blocks afterwards.
  const auto witness = dir.path() / "witness";
  fs::create_hard_link(path, witness);
  const auto old_size = file_bytes(witness).size();
  ASSERT_TRUE(nv->erase("master-key").is_ok());
  EXPECT_EQ(read_ok(*nv, "master-key"), std::nullopt);
  EXPECT_EQ(read_ok(*nv, "keep"), bytes({1, 2}));
  const auto old = file_bytes(witness);
  EXPECT_EQ(old.size(), old_size);
  EXPECT_TRUE(std::all_of(old.begin(), old.end(), [](std::uint8_t b) { return b == 0; }));
  const auto now = file_bytes(path);
  EXPECT_EQ(std::search(now.begin(), now.end(), secret.begin(), secret.end()), now.end());
  // Erasing again, or a slot never written, is fine.
  EXPECT_TRUE(nv->erase("master-key").is_ok());
  EXPECT_TRUE(nv->erase("never").is_ok());
  auto reopened = open_ok(path);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(read_ok(*reopened, "master-key"), std::nullopt);
}

TEST(FileNvram, ReplacingASlotAlsoOverwritesTheOldImage) {
  ScopedDir dir;
  const auto path = dir.path() / "nvram.bin";
  auto nv = open_ok(path);
  ASSERT_TRUE(nv);
  ASSERT_TRUE(nv->write("master-key", std::vector<std::uint8_t>(32, 0xAB)).is_ok());
  const auto witness = dir.path() / "witness";
  fs::create_hard_link(path, witness);
  ASSERT_TRUE(nv->write("master-key", std::vector<std::uint8_t>(32, 0xCD)).is_ok());
  const auto old = file_bytes(witness);
  EXPECT_TRUE(std::all_of(old.begin(), old.end(), [](std::uint8_t b) { return b == 0; }));
}

TEST(FileNvram, ValidatesArguments) {
  ScopedDir dir;
  auto nv = open_ok(dir.path() / "nv");
  ASSERT_TRUE(nv);
  EXPECT_EQ(nv->write("", bytes({1})).code(), StatusCode::invalid_argument);
  EXPECT_EQ(nv->write(std::string(256, 'n'), bytes({1})).code(), StatusCode::invalid_argument);
  EXPECT_EQ(nv->write("big", std::vector<std::uint8_t>(4097)).code(), StatusCode::invalid_argument);
  EXPECT_TRUE(nv->write("max", std::vector<std::uint8_t>(4096, 1)).is_ok());
  EXPECT_TRUE(nv->write(std::string(255, 'n'), bytes({1})).is_ok());
  EXPECT_EQ(nv->read("").status().code(), StatusCode::invalid_argument);
  EXPECT_EQ(nv->erase("").code(), StatusCode::invalid_argument);
}

TEST(FileNvram, ConcurrentWritersKeepEverySlot) {
  ScopedDir dir;
  auto nv = open_ok(dir.path() / "nv");
  ASSERT_TRUE(nv);
  constexpr int kThreads = 4, kWrites = 10;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&nv, t] {
      for (int i = 0; i < kWrites; ++i) {
        const std::string slot = "t" + std::to_string(t) + "-" + std::to_string(i);
        EXPECT_TRUE(nv->write(slot, bytes({t, i})).is_ok());
        EXPECT_TRUE(nv->read(slot).is_ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kWrites; ++i) {
      EXPECT_EQ(read_ok(*nv, "t" + std::to_string(t) + "-" + std::to_string(i)), bytes({t, i}));
    }
  }
}

}  // namespace
}  // namespace mfp::engine_hw::sim
