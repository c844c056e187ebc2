#pragma once
// AuditTestEnv: a throw-away device for audit log tests: a temporary directory (under /dev/shm
// when it exists, so fsync is cheap), a FileNvram outside the log directory, a DRBG and a key
// manager, plus raw access to the log file and the audit-head for tamper tests.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "engine_hw/sim/file_nvram.h"
#include "security/audit/audit_log.h"
#include "security/audit/detail/log_format.h"
#include "security/crypto/drbg.h"
#include "security/keys/key_manager.h"

namespace mfp::security::audit::audit_test {

class AuditTestEnv {
 public:
  AuditTestEnv() {
    std::filesystem::path base = "/dev/shm";
    if (!std::filesystem::is_directory(base)) base = std::filesystem::temp_directory_path();
    std::string tmpl = (base / "mfp-audit-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    root_ = tmpl;
    auto nv = engine_hw::sim::FileNvram::open(root_ / "nvram.bin");
    EXPECT_TRUE(nv.is_ok()) << nv.status().to_string();
    nvram_ = std::move(nv).value();
    auto drbg = crypto::Drbg::create("audit-test");
    EXPECT_TRUE(drbg.is_ok()) << drbg.status().to_string();
    drbg_ = std::move(drbg).value();
    auto keys = keys::KeyManager::open(*nvram_, *drbg_);
    EXPECT_TRUE(keys.is_ok()) << keys.status().to_string();
    keys_ = std::move(keys).value();
  }
  ~AuditTestEnv() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  AuditTestEnv(const AuditTestEnv&) = delete;
  AuditTestEnv& operator=(const AuditTestEnv&) = delete;

  [[nodiscard]] std::filesystem::path root() const { return root_; }
  [[nodiscard]] std::filesystem::path dir() const { return root_ / "log"; }
  [[nodiscard]] std::filesystem::path file() const { return AuditLog::file_path(dir()); }
  [[nodiscard]] engine_hw::Nvram& nvram() { return *nvram_; }
  [[nodiscard]] crypto::Drbg& drbg() { return *drbg_; }
  [[nodiscard]] keys::KeyManager& keys() { return *keys_; }

  // Opens (or reopens) the log; fails the test when open() fails.
  std::unique_ptr<AuditLog> open(AuditLogOptions options = {}) {
    auto log = AuditLog::open(dir(), *nvram_, *keys_, *drbg_, options);
    EXPECT_TRUE(log.is_ok()) << log.status().to_string();
    return log.is_ok() ? std::move(log).value() : nullptr;
  }

  [[nodiscard]] std::vector<std::uint8_t> read_file() const { return slurp(file()); }
  void write_file(const std::vector<std::uint8_t>& bytes) const {
    std::ofstream out(file(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
  }
  [[nodiscard]] std::vector<std::uint8_t> read_slot_of(std::uint64_t sequence) const {
    const auto bytes = read_file();
    const auto off = detail::slot_offset(detail::slot_of(sequence));
    return {bytes.begin() + static_cast<std::ptrdiff_t>(off),
            bytes.begin() + static_cast<std::ptrdiff_t>(off + detail::kSlotBytes)};
  }
  void write_slot_of(std::uint64_t sequence, const std::vector<std::uint8_t>& slot) const {
    auto bytes = read_file();
    std::copy(slot.begin(), slot.end(),
              bytes.begin() +
                  static_cast<std::ptrdiff_t>(detail::slot_offset(detail::slot_of(sequence))));
    write_file(bytes);
  }

  [[nodiscard]] std::optional<detail::HeadRecord> head() {
    auto r = nvram_->read(AuditLog::kNvramSlot);
    if (!r.is_ok() || !r.value()) return std::nullopt;
    return detail::decode_head(*r.value());
  }
  void set_head(const detail::HeadRecord& h) {
    const auto bytes = detail::encode_head(h);
    ASSERT_TRUE(nvram_->write(AuditLog::kNvramSlot, bytes).is_ok());
  }

  static std::vector<std::uint8_t> slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

 private:
  std::filesystem::path root_;
  std::unique_ptr<engine_hw::sim::FileNvram> nvram_;
  std::unique_ptr<crypto::Drbg> drbg_;
  std::unique_ptr<keys::KeyManager> keys_;
};

}  // namespace mfp::security::audit::audit_test
