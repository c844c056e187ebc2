#pragma once
// StoreTestEnv: a sealed object store in a fresh temporary directory, with its own simulated
// NVRAM (outside the store), DRBG, key manager, in-memory audit sink and eraser, for the store's
// tests. Also byte helpers: deterministic pseudo-random contents, read-all, file search.

#include <gtest/gtest.h>

#include <stdlib.h>
#include "tests/support/temp_dir.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "engine_hw/sim/file_nvram.h"
#include "security/audit/memory_audit_sink.h"
#include "security/crypto/drbg.h"
#include "security/erase/eraser.h"
#include "security/keys/key_manager.h"
#include "security/store/object_store.h"

namespace mfp::security::store::testing {

// A temporary directory under `parent`, removed with everything in it.
// A private directory per test (tests/support/temp_dir.h).
class TempDir : public mfp::testing::TempDir {
 public:
  explicit TempDir(const std::filesystem::path& parent = std::filesystem::temp_directory_path())
      : mfp::testing::TempDir("mfp-store-test", parent) {}
};

inline std::vector<std::uint8_t> pattern_bytes(std::size_t n, std::uint32_t seed) {
  std::vector<std::uint8_t> v(n);
  std::mt19937 rng(seed);
  for (auto& b : v) b = static_cast<std::uint8_t>(rng());
  return v;
}

inline std::vector<std::uint8_t> file_bytes(const std::filesystem::path& p) {
  return mfp::testing::read_file(p);
}

inline void write_file_bytes(const std::filesystem::path& p, const std::vector<std::uint8_t>& b) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

// Every regular file under `dir` that contains `needle` (empty when none does).
inline std::vector<std::filesystem::path> files_containing(
    const std::filesystem::path& dir, const std::vector<std::uint8_t>& needle) {
  std::vector<std::filesystem::path> hits;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const auto bytes = file_bytes(e.path());
    if (std::search(bytes.begin(), bytes.end(), needle.begin(), needle.end()) != bytes.end()) {
      hits.push_back(e.path());
    }
  }
  return hits;
}

class StoreTestEnv {
 public:
  explicit StoreTestEnv(
      const std::filesystem::path& parent = std::filesystem::temp_directory_path(),
      erase::OverwriteMode mode = erase::OverwriteMode::one_pass)
      : tmp_(parent) {
    std::filesystem::create_directories(data_dir());
    auto nvram = engine_hw::sim::FileNvram::open(tmp_.path() / "nvram.bin");
    EXPECT_TRUE(nvram.is_ok()) << nvram.status().to_string();
    nvram_ = std::move(nvram).value();
    auto drbg = crypto::Drbg::create("store-test");
    EXPECT_TRUE(drbg.is_ok()) << drbg.status().to_string();
    drbg_ = std::move(drbg).value();
    auto keys = keys::KeyManager::open(*nvram_, *drbg_);
    EXPECT_TRUE(keys.is_ok()) << keys.status().to_string();
    keys_ = std::move(keys).value();
    auto eraser = erase::Eraser::open(data_dir(), mode, *drbg_, audit_);
    EXPECT_TRUE(eraser.is_ok()) << eraser.status().to_string();
    eraser_ = std::move(eraser).value();
    reopen();
  }

  // Drops the store and opens it again (as after a restart, with the same keys).
  void reopen() {
    store_.reset();
    auto store = ObjectStore::open(data_dir(), *keys_, *drbg_, *eraser_);
    ASSERT_TRUE(store.is_ok()) << store.status().to_string();
    store_ = std::move(store).value();
  }

  [[nodiscard]] std::filesystem::path data_dir() const { return tmp_.path() / "data"; }
  [[nodiscard]] std::filesystem::path object_file(const ObjectId& id) const {
    return data_dir() / "objects" / (id.hex() + ".obj");
  }
  [[nodiscard]] std::filesystem::path key_file(const ObjectId& id) const {
    return data_dir() / "keys" / (id.hex() + ".key");
  }
  ObjectStore& store() { return *store_; }
  keys::KeyManager& keys() { return *keys_; }
  crypto::Drbg& drbg() { return *drbg_; }
  erase::Eraser& eraser() { return *eraser_; }
  audit::MemoryAuditSink& audit() { return audit_; }

  // Seals `bytes` as one object of `owner`, written in pieces of `piece` bytes.
  ObjectId put(const pipeline::OwnerTag& owner, const std::vector<std::uint8_t>& bytes,
               std::size_t piece = SIZE_MAX) {
    auto w = store_->create(owner, "test");
    EXPECT_TRUE(w.is_ok()) << w.status().to_string();
    if (!w.is_ok()) return {};
    for (std::size_t off = 0; off < bytes.size();) {
      const std::size_t n = std::min(piece, bytes.size() - off);
      const auto st = (*w)->write(std::span(bytes).subspan(off, n));
      EXPECT_TRUE(st.is_ok()) << st.to_string();
      off += n;
    }
    const auto st = (*w)->commit();
    EXPECT_TRUE(st.is_ok()) << st.to_string();
    return (*w)->id();
  }

  // Reads the whole object, `piece` bytes per read(); the first error if any.
  pipeline::Result<std::vector<std::uint8_t>> get(const ObjectId& id,
                                                  const pipeline::OwnerTag& owner,
                                                  std::size_t piece = 65536) {
    MFP_ASSIGN_OR_RETURN(auto reader, store_->open_object(id, owner));
    std::vector<std::uint8_t> out;
    std::vector<std::uint8_t> buf(piece);
    for (;;) {
      MFP_ASSIGN_OR_RETURN(const std::size_t n, reader->read(buf));
      if (n == 0) break;
      out.insert(out.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
    }
    return out;
  }

 private:
  TempDir tmp_;
  audit::MemoryAuditSink audit_;
  std::unique_ptr<engine_hw::sim::FileNvram> nvram_;
  std::unique_ptr<crypto::Drbg> drbg_;
  std::unique_ptr<keys::KeyManager> keys_;
  std::unique_ptr<erase::Eraser> eraser_;
  std::unique_ptr<ObjectStore> store_;
};

}  // namespace mfp::security::store::testing
