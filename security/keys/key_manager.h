#pragma once
// KeyManager: the device master key and everything derived from it. The master key is made by
// the DRBG at first start and at factory reset and lives only in NVRAM (slot "master-key") and
// in this object's secure memory. Object data keys are wrapped under it (AES-KWP); purpose keys
// (audit log, metadata database) are derived from it with HKDF-SHA-256.

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "engine_hw/nvram.h"
#include "pipeline/status.h"
#include "security/crypto/drbg.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::security::keys {

inline constexpr std::size_t kMasterKeyBytes = 32;
inline constexpr std::size_t kDataKeyBytes = 32;

class KeyManager {
 public:
  // Loads the master key from NVRAM, or makes and stores one when NVRAM has none (first start;
  // `created()` then says so). integrity_error when the stored key is malformed. `nvram` and
  // `drbg` must outlive the manager.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<KeyManager>> open(
      engine_hw::Nvram& nvram, crypto::Drbg& drbg) noexcept;
  KeyManager(const KeyManager&) = delete;
  KeyManager& operator=(const KeyManager&) = delete;
  ~KeyManager();

  [[nodiscard]] bool created() const noexcept { return created_; }
  // Factory reset: a new master key replaces the old one, which is erased from NVRAM and memory.
  // Everything wrapped or derived under the old key becomes unrecoverable.
  [[nodiscard]] pipeline::Status regenerate() noexcept;

  // A fresh random data key for one stored object.
  [[nodiscard]] pipeline::Result<crypto::SecureBytes> new_data_key() noexcept;
  // Wraps a data key under the master key (the result may be stored in plain sight).
  [[nodiscard]] pipeline::Result<std::vector<std::uint8_t>> wrap(
      std::span<const std::uint8_t> data_key) const noexcept;
  // Unwraps; integrity_error when the wrapped key was altered or made under another master key.
  [[nodiscard]] pipeline::Result<crypto::SecureBytes> unwrap(
      std::span<const std::uint8_t> wrapped) const noexcept;
  // A 32-byte key for `purpose` ("audit-log", "metadata-db", ...), stable for this master key.
  [[nodiscard]] pipeline::Result<crypto::SecureBytes> derive(
      std::string_view purpose) const noexcept;

  // A short non-secret identifier of the current master key (SHA-256 prefix of a derived
  // value), so stores can tell data made under an older key.
  [[nodiscard]] std::vector<std::uint8_t> key_id() const;

 private:
  KeyManager(engine_hw::Nvram& nvram, crypto::Drbg& drbg) noexcept : nvram_(nvram), drbg_(drbg) {}
  engine_hw::Nvram& nvram_;
  crypto::Drbg& drbg_;
  crypto::SecureBytes master_;
  bool created_ = false;
};

}  // namespace mfp::security::keys
