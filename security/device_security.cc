#include "security/device_security.h"

#include <sys/stat.h>

#include "security/audit/audit_events.h"
#include "security/audit/memory_audit_sink.h"
#include "security/ownership/access_policy.h"
#include "security/settings/setting_keys.h"
#include "security/settings/settings_store.h"

namespace mfp::security {

using pipeline::make_error;
using pipeline::StatusCode;

DeviceSecurity::~DeviceSecurity() = default;

pipeline::Result<std::unique_ptr<DeviceSecurity>> DeviceSecurity::open(
    const DeviceSecurityOptions& options) noexcept {
  try {
    namespace fs = std::filesystem;
    if (options.data_dir.empty() || !options.nvram) {
      return make_error(StatusCode::invalid_argument, "data directory and NVRAM required");
    }
    std::error_code ec;
    fs::create_directories(options.data_dir, ec);
    if (ec) return make_error(StatusCode::io_error, "cannot create the data directory");
    ::chmod(options.data_dir.c_str(), 0700);
    const fs::path data = fs::canonical(options.data_dir, ec);
    const fs::path nvram_dir = options.nvram_path.empty()
                                   ? fs::path()
                                   : fs::weakly_canonical(options.nvram_path.parent_path(), ec);
    if (!nvram_dir.empty() && nvram_dir.string().rfind(data.string(), 0) == 0) {
      return make_error(StatusCode::invalid_argument,
                        "the NVRAM file must lie outside the data directory");
    }
    std::unique_ptr<DeviceSecurity> s(new DeviceSecurity(options));  // NOLINT: private ctor
    s->options_.data_dir = data;
    s->nvram_ = options.nvram;
    MFP_ASSIGN_OR_RETURN(s->drbg_, crypto::Drbg::create("OpenMFP device"));
    MFP_ASSIGN_OR_RETURN(s->keys_, keys::KeyManager::open(*s->nvram_, *s->drbg_));
    MFP_RETURN_IF_ERROR(s->open_services());
    return s;
  } catch (...) {
    return pipeline::current_exception_status("device security");
  }
}

pipeline::Status DeviceSecurity::open_services() noexcept {
  try {
    const auto& data = options_.data_dir;
    audit::AuditLogOptions log_options;
    log_options.clock = options_.clock;
    MFP_ASSIGN_OR_RETURN(audit_, audit::AuditLog::open(data / "audit", *nvram_, *keys_, *drbg_,
                                                       std::move(log_options)));
    MFP_ASSIGN_OR_RETURN(auto db_key, keys_->derive("metadata-db"));
    MFP_ASSIGN_OR_RETURN(db_, store::MetadataDb::open(data / "metadata.db", db_key.span(), *drbg_));
    db_key.clear();
    settings_ = std::make_unique<settings::SettingsRegistry>(*audit_);
    if (auto loaded = settings::SettingsStore::load(*settings_, *db_, *keys_); !loaded.is_ok()) {
      // The setting-data self-test failed: say so in the audit log and refuse to start.
      audit_->record(audit::events::stored_data_integrity_failure("settings", loaded.message()));
      return pipeline::Status(loaded.code(), "settings self-test: " + loaded.message());
    }
    MFP_ASSIGN_OR_RETURN(eraser_, erase::Eraser::open(data, overwrite_mode(), *drbg_, *audit_));
    MFP_ASSIGN_OR_RETURN(store_,
                         store::ObjectStore::open(data / "store", *keys_, *drbg_, *eraser_));
    envelope_ = std::make_unique<envelope::DeviceEnvelope>(*audit_, *store_, *eraser_);
    return pipeline::Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("device security");
  }
}

erase::OverwriteMode DeviceSecurity::overwrite_mode() const noexcept {
  if (options_.overwrite) return *options_.overwrite;
  switch (settings_->read(settings::kOverwriteStorage)) {
    case settings::OverwriteStorage::off:
      return erase::OverwriteMode::off;
    case settings::OverwriteStorage::three_passes:
      return erase::OverwriteMode::three_passes;
    case settings::OverwriteStorage::one_pass:
      break;
  }
  return erase::OverwriteMode::one_pass;
}

pipeline::Status DeviceSecurity::set_setting(std::string_view key,
                                             const settings::SettingValue& value,
                                             const ownership::Subject& who,
                                             std::string_view interface) noexcept {
  try {
    // Data Encryption: the guide switches it only with a factory reset that regenerates the
    // keys. OpenMFP never stores user data unencrypted, so "off" is not offered at all.
    if (key == settings::kDataEncryption.name) {
      const bool* on = std::get_if<bool>(&value);
      const bool may_change = static_cast<bool>(ownership::AccessPolicy{}.decide(
          who, ownership::Operation::modify,
          ownership::ObjectRef{ownership::ObjectKind::setting, ownership::kUnauthenticatedUserId}));
      // Whoever may not change settings at all hears that first, from the registry.
      if (on != nullptr && !*on && may_change) {
        return make_error(StatusCode::unsupported,
                          "Data Encryption stays on: OpenMFP never stores data unencrypted");
      }
    }
    const auto before = settings_->snapshot();
    MFP_RETURN_IF_ERROR(settings_->set(key, value, who, interface));
    if (auto saved = settings::SettingsStore::save(*settings_, *db_, *keys_); !saved.is_ok()) {
      settings_->restore(before);
      return saved;
    }
    eraser_->set_mode(overwrite_mode());
    return pipeline::Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("settings");
  }
}

pipeline::Status DeviceSecurity::factory_reset() noexcept {
  try {
    // The wipe uses the device's current "Overwrite Storage" mode (1 or 3 passes).
    const erase::OverwriteMode wipe_mode = overwrite_mode();
    // Close everything that holds keys or files under the data directory (the envelope first:
    // it finishes the releases already journaled).
    envelope_.reset();
    store_.reset();
    eraser_.reset();
    settings_.reset();
    db_.reset();
    audit_.reset();
    // 1. New master key: from here nothing stored can be decrypted or authenticated.
    MFP_RETURN_IF_ERROR(keys_->regenerate());
    // 2. Wipe the data directory, journaled; the outcome goes to the new audit log below.
    audit::MemoryAuditSink wipe_audit;
    MFP_ASSIGN_OR_RETURN(auto wiper,
                         erase::Eraser::open(options_.data_dir, wipe_mode, *drbg_, wipe_audit));
    MFP_RETURN_IF_ERROR(wiper->erase_all(options_.data_dir));
    wiper.reset();
    // 3. The audit log starts anew under the new key: its old head no longer applies.
    MFP_RETURN_IF_ERROR(nvram_->erase(audit::AuditLog::kNvramSlot));
    MFP_RETURN_IF_ERROR(open_services());
    for (auto& e : wipe_audit.events()) audit_->record(std::move(e));
    return pipeline::Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("factory reset");
  }
}

}  // namespace mfp::security
