#pragma once
// DeviceSecurity: the security services of one device, opened in dependency order from a data
// directory and an NVRAM file: the DRBG, the master key (made at first start), the durable audit
// log, the eraser (which finishes any overwrite a power loss interrupted before anything else),
// the sealed object store and the envelope every graph runs in. The daemon and the tools open
// one; tests open one per temporary directory.

#include <filesystem>
#include <memory>

#include "engine_hw/nvram.h"
#include "pipeline/status.h"
#include "security/audit/audit_log.h"
#include "security/crypto/drbg.h"
#include "security/envelope/device_envelope.h"
#include "security/erase/eraser.h"
#include "security/erase/overwrite_mode.h"
#include "security/keys/key_manager.h"
#include "security/store/object_store.h"

namespace mfp::security {

struct DeviceSecurityOptions {
  // Everything the device stores lives under it (created 0700): store/, audit/, erase.journal.
  std::filesystem::path data_dir;
  // The simulated NVRAM chip: a file outside data_dir that only the daemon can read.
  std::filesystem::path nvram_path;
  // The "Overwrite Storage" setting (the secure configuration: 1 or 3 passes).
  erase::OverwriteMode overwrite = erase::OverwriteMode::one_pass;
};

class DeviceSecurity {
 public:
  // Opens every service; fails with the first service's error (nothing half-open is returned).
  // invalid_argument when nvram_path lies inside data_dir.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<DeviceSecurity>> open(
      const DeviceSecurityOptions& options) noexcept;
  DeviceSecurity(const DeviceSecurity&) = delete;
  DeviceSecurity& operator=(const DeviceSecurity&) = delete;
  ~DeviceSecurity();

  [[nodiscard]] crypto::Drbg& drbg() noexcept { return *drbg_; }
  [[nodiscard]] keys::KeyManager& keys() noexcept { return *keys_; }
  [[nodiscard]] audit::AuditLog& audit() noexcept { return *audit_; }
  [[nodiscard]] erase::Eraser& eraser() noexcept { return *eraser_; }
  [[nodiscard]] store::ObjectStore& store() noexcept { return *store_; }
  [[nodiscard]] envelope::DeviceEnvelope& envelope() noexcept { return *envelope_; }
  [[nodiscard]] const DeviceSecurityOptions& options() const noexcept { return options_; }

 private:
  explicit DeviceSecurity(DeviceSecurityOptions options) : options_(std::move(options)) {}

  DeviceSecurityOptions options_;
  // Declaration order is construction order; destruction runs in reverse.
  std::unique_ptr<engine_hw::Nvram> nvram_;
  std::unique_ptr<crypto::Drbg> drbg_;
  std::unique_ptr<keys::KeyManager> keys_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<erase::Eraser> eraser_;
  std::unique_ptr<store::ObjectStore> store_;
  std::unique_ptr<envelope::DeviceEnvelope> envelope_;
};

}  // namespace mfp::security
