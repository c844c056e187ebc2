// Power loss during "Overwrite Storage": a child process starts a 3-pass overwrite of a large
// file (on the data disk, not tmpfs, so it takes measurable time) and is SIGKILLed mid-way, as
// a power cut would stop it; the next start (Eraser::resume, or ObjectStore::open which calls
// it) must finish the overwrite: the files are gone, no plaintext marker is left anywhere in the
// directory, nothing is pending, and the outcome is audited (guide, "Set Overwrite Storage":
// "The overwriting will resume if you turn the device on again").

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "engine_hw/sim/file_nvram.h"
#include "security/audit/memory_audit_sink.h"
#include "security/crypto/drbg.h"
#include "security/erase/eraser.h"
#include "security/keys/key_manager.h"
#include "security/store/object_store.h"

namespace mfp::security::erase {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr std::size_t kLargeBytes = 64u << 20;
const std::string kMarker = "POWER-LOSS-PLAINTEXT-MARKER-51c9";

std::vector<std::uint8_t> head(const fs::path& p, std::size_t n) {
  std::ifstream in(p, std::ios::binary);
  std::vector<std::uint8_t> b(n);
  in.read(reinterpret_cast<char*>(b.data()), static_cast<std::streamsize>(n));
  b.resize(static_cast<std::size_t>(in.gcount()));
  return b;
}

std::string text_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool marker_anywhere(const fs::path& dir) {
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::vector<char> buf(1 << 20);
    std::string carry;
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      std::string chunk = carry + std::string(buf.data(), static_cast<std::size_t>(in.gcount()));
      if (chunk.find(kMarker) != std::string::npos) return true;
      carry = chunk.size() > kMarker.size() ? chunk.substr(chunk.size() - kMarker.size()) : chunk;
    }
  }
  return false;
}

std::string item(const audit::AuditEvent& ev, std::string_view key) {
  for (const auto& [k, v] : ev.items) {
    if (k == key) return v;
  }
  return "<none>";
}

class PowerLoss : public ::testing::Test {
 protected:
  void SetUp() override {
    // The data disk: /var/tmp or /tmp, never /dev/shm.
    std::string tmpl = (fs::temp_directory_path() / "mfp-power-loss-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    root_ = tmpl;
    base_ = root_ / "data";
    fs::create_directories(base_);
  }
  void TearDown() override { fs::remove_all(root_); }

  // Runs `child` in a forked process and SIGKILLs it as soon as `interrupted()` holds. Returns
  // false (with a test failure) when the child finished or failed before it could be killed.
  bool run_and_kill(const std::function<int()>& child, const std::function<bool()>& interrupted) {
    const pid_t pid = ::fork();
    if (pid < 0) {
      ADD_FAILURE() << "fork failed";
      return false;
    }
    if (pid == 0) ::_exit(child());  // no gtest, no atexit handlers in the child
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    bool killed = false;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      if (interrupted()) {
        ::kill(pid, SIGKILL);
        killed = true;
        break;
      }
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        ADD_FAILURE() << "the child ended (status " << status << ") before it could be killed";
        return false;
      }
      std::this_thread::sleep_for(200us);
    }
    if (!killed) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      ADD_FAILURE() << "the overwrite never started";
      return false;
    }
    EXPECT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    return true;
  }

  [[nodiscard]] bool journal_lists(const std::string& rel) const {
    return text_of(base_ / Eraser::kJournalName).find(rel) != std::string::npos;
  }

  fs::path root_, base_;
};

TEST_F(PowerLoss, ResumeFinishesAnInterruptedThreePassOverwrite) {
  const fs::path obj = base_ / "objects" / "5f0e2a9c.obj";
  const fs::path key = base_ / "keys" / "5f0e2a9c.key";
  fs::create_directories(obj.parent_path());
  fs::create_directories(key.parent_path());
  {
    std::string block;
    while (block.size() < (1u << 20)) block += kMarker;
    block.resize(1u << 20);
    std::ofstream out(obj, std::ios::binary);
    for (std::size_t i = 0; i < kLargeBytes / block.size(); ++i) out << block;
    std::ofstream(key, std::ios::binary) << kMarker;
  }
  const auto original_head = head(obj, 4096);

  const bool killed = run_and_kill(
      [&] {
        auto drbg = crypto::Drbg::create("power-loss-child");
        if (!drbg) return 2;
        audit::MemoryAuditSink audit;
        auto eraser = Eraser::open(base_, OverwriteMode::three_passes, **drbg, audit);
        if (!eraser) return 3;
        const fs::path files[] = {obj, key};
        return (*eraser)->erase(files).is_ok() ? 0 : 4;
      },
      [&] { return journal_lists("objects/5f0e2a9c.obj") && head(obj, 4096) != original_head; });
  ASSERT_TRUE(killed);
  // Killed mid-way: the entry is journaled, the key file went first, the object is half done.
  ASSERT_TRUE(fs::exists(obj)) << "killed too late to test resumption";
  EXPECT_FALSE(fs::exists(key));
  EXPECT_TRUE(journal_lists("keys/5f0e2a9c.key"));

  // Next start.
  auto drbg = crypto::Drbg::create("power-loss-parent").value();
  audit::MemoryAuditSink audit;
  auto eraser = Eraser::open(base_, OverwriteMode::one_pass, *drbg, audit).value();
  EXPECT_TRUE(eraser->pending());  // the device reports it
  int passes = 0;
  eraser->set_pass_observer_for_testing([&](const Eraser::PassInfo& p) {
    if (p.file == obj) ++passes;
  });
  ASSERT_TRUE(eraser->resume().is_ok());
  EXPECT_EQ(passes, 3);  // restarted from the first pass, with the entry's three passes
  EXPECT_FALSE(fs::exists(obj));
  EXPECT_FALSE(fs::exists(key));
  EXPECT_FALSE(marker_anywhere(root_));
  EXPECT_FALSE(eraser->pending());
  EXPECT_EQ(fs::file_size(base_ / Eraser::kJournalName), 0u);
  const auto events = audit.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].name, "Storage");
  EXPECT_EQ(events[0].status, "Completed");
  EXPECT_EQ(item(events[0], "Resumed"), "Yes");
  EXPECT_EQ(item(events[0], "Number of Overwrites"), "3 Overwrites");
}

TEST_F(PowerLoss, StoreOpenFinishesAnInterruptedObjectRemoval) {
  const pipeline::OwnerTag owner{1001, 42};
  const fs::path nvram_file = root_ / "nvram.bin";
  store::ObjectId id;
  {
    auto nvram = engine_hw::sim::FileNvram::open(nvram_file).value();
    auto drbg = crypto::Drbg::create("power-loss-setup").value();
    auto keys = keys::KeyManager::open(*nvram, *drbg).value();
    audit::MemoryAuditSink audit;
    auto eraser = Eraser::open(base_, OverwriteMode::three_passes, *drbg, audit).value();
    auto store = store::ObjectStore::open(base_, *keys, *drbg, *eraser).value();
    auto w = store->create(owner, "print-spool").value();
    std::string block;
    while (block.size() < (1u << 20)) block += kMarker;
    const auto bytes = std::span(reinterpret_cast<const std::uint8_t*>(block.data()), 1u << 20);
    for (std::size_t i = 0; i < kLargeBytes / bytes.size(); ++i)
      ASSERT_TRUE(w->write(bytes).is_ok());
    ASSERT_TRUE(w->commit().is_ok());
    id = w->id();
  }
  const fs::path obj = base_ / "objects" / (id.hex() + ".obj");
  const auto original_head = head(obj, 4096);

  const bool killed = run_and_kill(
      [&] {
        auto nvram = engine_hw::sim::FileNvram::open(nvram_file);
        auto drbg = crypto::Drbg::create("power-loss-child");
        if (!nvram || !drbg) return 2;
        auto keys = keys::KeyManager::open(**nvram, **drbg);
        audit::MemoryAuditSink audit;
        auto eraser = Eraser::open(base_, OverwriteMode::three_passes, **drbg, audit);
        if (!keys || !eraser) return 3;
        auto store = store::ObjectStore::open(base_, **keys, **drbg, **eraser);
        if (!store) return 4;
        return (*store)->remove(id).is_ok() ? 0 : 5;
      },
      [&] { return head(obj, 4096) != original_head; });
  ASSERT_TRUE(killed);
  ASSERT_TRUE(fs::exists(obj)) << "killed too late to test resumption";
  // The key file went first: the object was already unrecoverable when the power failed.
  EXPECT_FALSE(fs::exists(base_ / "keys" / (id.hex() + ".key")));

  // Next start: opening the store resumes the overwrite before anything else.
  auto nvram = engine_hw::sim::FileNvram::open(nvram_file).value();
  auto drbg = crypto::Drbg::create("power-loss-parent").value();
  auto keys = keys::KeyManager::open(*nvram, *drbg).value();
  audit::MemoryAuditSink audit;
  auto eraser = Eraser::open(base_, OverwriteMode::one_pass, *drbg, audit).value();
  EXPECT_TRUE(eraser->pending());
  auto store = store::ObjectStore::open(base_, *keys, *drbg, *eraser);
  ASSERT_TRUE(store.is_ok()) << store.status().to_string();
  EXPECT_FALSE(fs::exists(obj));
  EXPECT_FALSE((*store)->exists(id));
  EXPECT_TRUE((*store)->list().value().empty());
  EXPECT_FALSE(eraser->pending());
  EXPECT_FALSE(marker_anywhere(root_));
  const auto events = audit.events();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].status, "Completed");
  EXPECT_EQ(item(events[0], "Resumed"), "Yes");
  EXPECT_EQ(item(events[0], "Number of Overwrites"), "3 Overwrites");
}

}  // namespace
}  // namespace mfp::security::erase
