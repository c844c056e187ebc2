#include "security/device_security.h"

#include <sys/stat.h>

#include "engine_hw/sim/file_nvram.h"

namespace mfp::security {

using pipeline::make_error;
using pipeline::StatusCode;

DeviceSecurity::~DeviceSecurity() = default;

pipeline::Result<std::unique_ptr<DeviceSecurity>> DeviceSecurity::open(
    const DeviceSecurityOptions& options) noexcept {
  try {
    namespace fs = std::filesystem;
    if (options.data_dir.empty() || options.nvram_path.empty()) {
      return make_error(StatusCode::invalid_argument, "data directory and NVRAM path required");
    }
    std::error_code ec;
    fs::create_directories(options.data_dir, ec);
    if (ec) return make_error(StatusCode::io_error, "cannot create the data directory");
    ::chmod(options.data_dir.c_str(), 0700);
    const fs::path data = fs::canonical(options.data_dir, ec);
    const fs::path nvram_dir = fs::weakly_canonical(options.nvram_path.parent_path(), ec);
    if (!nvram_dir.empty() && nvram_dir.string().rfind(data.string(), 0) == 0) {
      return make_error(StatusCode::invalid_argument,
                        "the NVRAM file must lie outside the data directory");
    }
    std::unique_ptr<DeviceSecurity> s(new DeviceSecurity(options));  // NOLINT: private ctor
    s->options_.data_dir = data;
    MFP_ASSIGN_OR_RETURN(s->nvram_, engine_hw::sim::FileNvram::open(options.nvram_path));
    MFP_ASSIGN_OR_RETURN(s->drbg_, crypto::Drbg::create("OpenMFP device"));
    MFP_ASSIGN_OR_RETURN(s->keys_, keys::KeyManager::open(*s->nvram_, *s->drbg_));
    MFP_ASSIGN_OR_RETURN(s->audit_,
                         audit::AuditLog::open(data / "audit", *s->nvram_, *s->keys_, *s->drbg_));
    MFP_ASSIGN_OR_RETURN(s->eraser_,
                         erase::Eraser::open(data, options.overwrite, *s->drbg_, *s->audit_));
    MFP_ASSIGN_OR_RETURN(
        s->store_, store::ObjectStore::open(data / "store", *s->keys_, *s->drbg_, *s->eraser_));
    s->envelope_ = std::make_unique<envelope::DeviceEnvelope>(*s->audit_, *s->store_, *s->eraser_);
    return s;
  } catch (...) {
    return make_error(StatusCode::resource_exhausted, "device security: out of memory");
  }
}

}  // namespace mfp::security
