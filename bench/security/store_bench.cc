// Micro-benchmarks of sealed storage: sealing (ObjectWriter: AES-256-GCM in 64 KiB chunks,
// write, fsync, atomic commit) and unsealing (ObjectReader: read, authenticate, decrypt) of a
// 64 MiB object, to tmpfs (/dev/shm) and to the data disk (MFP_BENCH_DISK_DIR, else /var/tmp);
// unsealing from disk both from the page cache ("warm") and after evicting the file from it
// ("cold"); and the Overwrite Storage eraser's 1- and 3-pass overwrite of the same object.
// Reported as GB/s of plaintext (10^9 bytes per second).

#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine_hw/sim/file_nvram.h"
#include "security/audit/memory_audit_sink.h"
#include "security/crypto/drbg.h"
#include "security/erase/eraser.h"
#include "security/keys/key_manager.h"
#include "security/store/object_store.h"

namespace mfp::bench {
namespace {

namespace fs = std::filesystem;
using security::erase::OverwriteMode;

constexpr std::size_t kObjectBytes = 64u << 20;
constexpr std::size_t kIoBytes = 1u << 20;  // the caller's write/read size

enum Medium : int { tmpfs = 0, disk = 1 };

fs::path parent_dir(Medium m) {
  if (m == tmpfs) return "/dev/shm";
  if (const char* d = std::getenv("MFP_BENCH_DISK_DIR")) return d;
  return "/var/tmp";
}

const char* label(Medium m) {
  return m == tmpfs ? "tmpfs" : "disk";
}

// A store in a fresh directory on `medium`, removed at the end of the benchmark.
class BenchStore {
 public:
  BenchStore(Medium medium, OverwriteMode mode) {
    std::string tmpl = (parent_dir(medium) / "mfp-store-bench-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) return;
    root_ = tmpl;
    fs::create_directories(root_ / "data");
    auto nvram = engine_hw::sim::FileNvram::open(root_ / "nvram.bin");
    auto drbg = security::crypto::Drbg::create("store-bench");
    if (!nvram || !drbg) return;
    nvram_ = std::move(nvram).value();
    drbg_ = std::move(drbg).value();
    auto keys = security::keys::KeyManager::open(*nvram_, *drbg_);
    if (!keys) return;
    keys_ = std::move(keys).value();
    auto eraser = security::erase::Eraser::open(root_ / "data", mode, *drbg_, audit_);
    if (!eraser) return;
    eraser_ = std::move(eraser).value();
    auto store = security::store::ObjectStore::open(root_ / "data", *keys_, *drbg_, *eraser_);
    if (store) store_ = std::move(store).value();
  }
  ~BenchStore() {
    store_.reset();
    eraser_.reset();
    std::error_code ec;
    if (!root_.empty()) fs::remove_all(root_, ec);
  }
  [[nodiscard]] bool ok() const { return store_ != nullptr; }
  security::store::ObjectStore& store() { return *store_; }
  security::erase::Eraser& eraser() { return *eraser_; }

  // Seals `payload` repeated up to kObjectBytes; the id, or nullopt.
  std::optional<security::store::ObjectId> seal(const std::vector<std::uint8_t>& payload) {
    auto w = store_->create({1, 1}, "bench");
    if (!w) return std::nullopt;
    for (std::size_t off = 0; off < kObjectBytes; off += payload.size()) {
      if (!(*w)->write(payload).is_ok()) return std::nullopt;
    }
    if (!(*w)->commit().is_ok()) return std::nullopt;
    return (*w)->id();
  }

  // Drops the object file's pages from the page cache (so the next read hits the disk).
  void evict(const security::store::ObjectId& id) {
    const fs::path p = root_ / "data" / "objects" / (id.hex() + ".obj");
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }

 private:
  fs::path root_;
  security::audit::MemoryAuditSink audit_{1000};
  std::unique_ptr<engine_hw::sim::FileNvram> nvram_;
  std::unique_ptr<security::crypto::Drbg> drbg_;
  std::unique_ptr<security::keys::KeyManager> keys_;
  std::unique_ptr<security::erase::Eraser> eraser_;
  std::unique_ptr<security::store::ObjectStore> store_;
};

std::vector<std::uint8_t> payload() {
  std::vector<std::uint8_t> p(kIoBytes);
  for (std::size_t i = 0; i < p.size(); ++i)
    p[i] = static_cast<std::uint8_t>(i * 2654435761u >> 13);
  return p;
}

void set_rate(benchmark::State& state, std::uint64_t bytes) {
  state.counters["GB/s"] =
      benchmark::Counter(static_cast<double>(bytes) / 1e9, benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_StoreSeal64MiB(benchmark::State& state) {
  const auto medium = static_cast<Medium>(state.range(0));
  BenchStore env(medium, OverwriteMode::off);  // removal between iterations: unlink only
  if (!env.ok()) return state.SkipWithError("store setup failed");
  const auto p = payload();
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    const auto id = env.seal(p);
    if (!id) return state.SkipWithError("seal failed");
    bytes += kObjectBytes;
    state.PauseTiming();
    if (!env.store().remove(*id).is_ok()) return state.SkipWithError("remove failed");
    state.ResumeTiming();
  }
  set_rate(state, bytes);
  state.SetLabel(label(medium));
}
BENCHMARK(BM_StoreSeal64MiB)->Arg(tmpfs)->Arg(disk)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_StoreUnseal64MiB(benchmark::State& state) {
  const auto medium = static_cast<Medium>(state.range(0));
  const bool cold = state.range(1) != 0;
  BenchStore env(medium, OverwriteMode::off);
  if (!env.ok()) return state.SkipWithError("store setup failed");
  const auto id = env.seal(payload());
  if (!id) return state.SkipWithError("seal failed");
  std::vector<std::uint8_t> buf(kIoBytes);
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    if (cold) {
      state.PauseTiming();
      env.evict(*id);
      state.ResumeTiming();
    }
    auto r = env.store().open_object(*id, {1, 1});
    if (!r) return state.SkipWithError("open failed");
    for (;;) {
      auto n = (*r)->read(buf);
      if (!n) return state.SkipWithError("read failed");
      if (*n == 0) break;
      bytes += *n;
    }
    benchmark::DoNotOptimize(buf.data());
  }
  set_rate(state, bytes);
  state.SetLabel(std::string(label(medium)) + (cold ? " cold" : " warm"));
}
BENCHMARK(BM_StoreUnseal64MiB)
    ->Args({tmpfs, 0})
    ->Args({disk, 0})
    ->Args({disk, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_StoreOverwrite64MiB(benchmark::State& state) {
  const auto medium = static_cast<Medium>(state.range(0));
  const auto mode = static_cast<OverwriteMode>(state.range(1));
  BenchStore env(medium, mode);
  if (!env.ok()) return state.SkipWithError("store setup failed");
  const auto p = payload();
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const auto id = env.seal(p);
    if (!id) return state.SkipWithError("seal failed");
    state.ResumeTiming();
    if (!env.store().remove(*id).is_ok()) return state.SkipWithError("remove failed");
    bytes += kObjectBytes;  // plaintext released (each pass writes the whole sealed file)
  }
  set_rate(state, bytes);
  state.SetLabel(std::string(label(medium)) + ' ' + std::string(to_string(mode)));
}
BENCHMARK(BM_StoreOverwrite64MiB)
    ->Args({tmpfs, 1})
    ->Args({disk, 1})
    ->Args({disk, 3})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace mfp::bench
