#pragma once
// DeviceCore: one device, opened in its start-up order and shut down in reverse. Every front
// end (mfpd's local tool, IPP, the browser, the panel) calls the services here with the
// caller's identity.
//
// Start-up: the security services (DRBG, master key, audit log, encrypted database and the
// setting-data self-test, unfinished overwrites resumed before anything else); the power-on
// self-test when "Power on Self Test" is on (the DRBG known-answer test); accounts (the Key
// Operator's one-time password at first start), authentication and sessions with the policy
// values from the settings; the simulated engine and the print path; folders; jobs (held and
// queued jobs kept, jobs that were processing aborted and overwritten); then every sealed
// object that no kept job or folder file references is overwritten (a crash between an
// object's commit and its record); the releases finish; and the audit log records "Started
// normally". Any failure stops the start with that status (nothing half-open is returned).
//
// Thread-safe as its services are. The core owns everything it opened.

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine_hw/clock.h"
#include "engine_hw/device_clock.h"
#include "engine_hw/fax_line.h"
#include "engine_hw/nvram.h"
#include "engine_hw/print_engine.h"
#include "engine_hw/scanner.h"
#include "pipeline/buffer_pool.h"
#include "pipeline/device/device_faults.h"
#include "pipeline/jobs/folder_service.h"
#include "pipeline/jobs/job_manager.h"
#include "pipeline/stage_registry.h"
#include "security/audit/audit_events.h"
#include "security/auth/accounts.h"
#include "security/auth/authenticator.h"
#include "security/auth/session_manager.h"
#include "security/certs/certificate_store.h"
#include "security/certs/device_certificate.h"
#include "security/certs/self_signed_options.h"
#include "security/certs/trust_store.h"
#include "security/device_security.h"
#include "security/ownership/access_policy.h"
#include "stages/output/engine_feeder.h"
#include "stages/output/engine_output_sink.h"
#include "stages/output/page_store.h"

namespace mfp::pipeline::device {

struct DeviceCoreOptions {
  std::filesystem::path data_dir;
  // The NVRAM (required; the composition root opens it) and, when it is a file, where (outside
  // data_dir: DeviceSecurityOptions).
  std::shared_ptr<engine_hw::Nvram> nvram;
  std::filesystem::path nvram_path;
  // Overrides "Overwrite Storage" (tools and tests); unset: the setting.
  std::optional<security::erase::OverwriteMode> overwrite;
  // The marking engine (required). The composition root (mfpd, a tool, a test) makes it: the
  // simulator today; the core and every front end see only the PrintEngine interface, and
  // simulator control (trays, toner, faults) stays with whoever made it.
  std::shared_ptr<engine_hw::PrintEngine> engine;
  // The scanner and the fax lines, when the device has them (null / empty: it has none; their
  // simulators come with the scan and fax functions). Like the engine, made by the composition
  // root and seen here only through their interfaces.
  std::shared_ptr<engine_hw::Scanner> scanner;
  std::vector<std::shared_ptr<engine_hw::FaxLine>> fax_lines;
  // The time source (null: the system clock). The core's clock is a DeviceClock over it: its
  // calendar time is offset by what an administrator set (Adjust Time), kept in the NVRAM.
  std::shared_ptr<engine_hw::Clock> clock;
  security::auth::AccountsOptions accounts;  // tests use AccountsOptions::for_tests()
  jobs::JobManagerOptions jobs;
  std::size_t page_store_pages = 4;
  security::audit::events::BootKind boot = security::audit::events::BootKind::cold;
  // Where the front end keeps the Key Operator's one-time password for its operator (empty:
  // nowhere). The core overwrites and removes that file (audited) the moment the Key Operator
  // has chosen a password, whichever front end changed it, and at start when it is stale.
  std::filesystem::path initial_password_file;
  // The host names and IP addresses the device is reached by: the subjectAltName of every
  // self-signed certificate it makes (first start, "Create Self-Signed Certificate").
  std::vector<std::string> certificate_dns_names{"localhost"};
  std::vector<std::string> certificate_ip_addresses{"127.0.0.1", "::1"};
};

class DeviceCore {
 public:
  // Runs the start-up sequence above. The first failing step's status.
  [[nodiscard]] static Result<std::unique_ptr<DeviceCore>> open(DeviceCoreOptions options);
  DeviceCore(const DeviceCore&) = delete;
  DeviceCore& operator=(const DeviceCore&) = delete;
  // shutdown() if it has not run.
  ~DeviceCore();

  [[nodiscard]] security::DeviceSecurity& security() noexcept { return *security_; }
  // SelfSignedOptions::first_start_defaults() with the device's names (DeviceCoreOptions).
  [[nodiscard]] security::certs::SelfSignedOptions self_signed_defaults() const;
  // `options` with the device's names added when it names none.
  [[nodiscard]] security::certs::SelfSignedOptions with_device_names(
      security::certs::SelfSignedOptions options) const;
  [[nodiscard]] security::auth::Accounts& accounts() noexcept { return *accounts_; }
  [[nodiscard]] security::auth::Authenticator& authenticator() noexcept { return *auth_; }
  [[nodiscard]] security::auth::SessionManager& sessions() noexcept { return *sessions_; }
  [[nodiscard]] jobs::JobManager& jobs() noexcept { return *jobs_; }
  [[nodiscard]] jobs::FolderService& folders() noexcept { return *folders_; }
  [[nodiscard]] engine_hw::PrintEngine& engine() noexcept { return *engine_; }
  // The scanner, or null when the device has none.
  [[nodiscard]] engine_hw::Scanner* scanner() noexcept { return options_.scanner.get(); }
  [[nodiscard]] const std::vector<std::shared_ptr<engine_hw::FaxLine>>& fax_lines() const noexcept {
    return options_.fax_lines;
  }
  // The device's clock: it dates audit records, jobs and folder files.
  [[nodiscard]] const engine_hw::Clock& clock() const noexcept { return *clock_; }
  // The same clock, to adjust (TimeOperations).
  [[nodiscard]] engine_hw::DeviceClock& device_clock() noexcept { return *clock_; }
  // The fault codes raised since start (a job ended by an internal error: 016-210).
  [[nodiscard]] DeviceFaults& faults() noexcept { return *faults_; }
  // The MIME types of the documents the device can print (one per registered RIP).
  [[nodiscard]] std::vector<std::string> document_formats() const {
    return registry_.source_types();
  }
  [[nodiscard]] const DeviceCoreOptions& options() const noexcept { return options_; }
  // Objects found unreferenced at start-up and overwritten.
  [[nodiscard]] std::size_t orphans_released() const noexcept { return orphans_; }

  // The device's TLS identity: loaded from the encrypted database, or made self-signed
  // (SelfSignedOptions::first_start_defaults()) and saved at first start and after a factory
  // reset. Shared so a listener keeps the one it built its TLS context from while an
  // administrator replaces it.
  [[nodiscard]] std::shared_ptr<const security::certs::DeviceCertificate> device_certificate()
      const;
  // Replaces the device certificate (system administrators; permission_denied otherwise),
  // saves it and tells the settings listeners (key "device-certificate").
  [[nodiscard]] Status set_device_certificate(const security::ownership::Subject& who,
                                              security::certs::DeviceCertificate certificate);

  // The trusted CA certificates ("Verify Remote Server Certificate"), a copy. Loaded at start;
  // a stored CA that has expired since is left out (and dropped at the next change).
  [[nodiscard]] security::certs::TrustStore trust_store() const;
  // Adds the CA certificates of a file (TrustStore::import's checks, all or nothing) and
  // saves them: system administrators only (permission_denied). Returns how many were new.
  [[nodiscard]] Result<std::size_t> import_trusted(const security::ownership::Subject& who,
                                                   std::span<const std::uint8_t> bytes,
                                                   security::certs::ImportFormat format,
                                                   std::string_view password);
  // Removes a trusted CA certificate by SHA-256 fingerprint (administrators; not_found).
  [[nodiscard]] Status remove_trusted(const security::ownership::Subject& who,
                                      const security::certs::Fingerprint& fingerprint);

  // Calls `listener` after every successful set_setting() with the key, after
  // set_device_certificate() with "device-certificate" and after a factory reset with "*".
  // Listeners run on the caller's thread, after the change took effect; add them before
  // serving requests (not thread-safe against concurrent changes).
  void on_settings_changed(std::function<void(std::string_view key)> listener);

  // The Key Operator's one-time password, made at first start (empty afterwards and at every
  // later start). The caller shows it once and zeroes it.
  [[nodiscard]] security::crypto::SecureBytes take_initial_password() noexcept;

  // Changes a setting (validated, authorized and audited by the registry, saved with its
  // integrity MAC) and applies it at once where it takes effect without a restart
  // (authentication limits, session timeouts, Audit Log, Overwrite Storage).
  // `interface`: the guide's name of the interface used, recorded with the change.
  [[nodiscard]] Status set_setting(std::string_view key,
                                   const security::settings::SettingValue& value,
                                   const security::ownership::Subject& who,
                                   std::string_view interface = {}) noexcept;
  // Deletes a user account and, per the guide, the user's folders and private print jobs
  // (overwritten), ending the user's sessions.
  [[nodiscard]] Status delete_user(const security::ownership::Subject& who, std::uint64_t user_id,
                                   std::string_view interface = {}) noexcept;
  // Restore Factory Defaults: every job is stopped, the keys regenerated, every store
  // overwritten, and the services reopened in the secure configuration with a new Key Operator
  // one-time password. The Key Operator only (permission_denied, nothing done). On any other
  // failure the services stay closed and the core serves nothing more: the caller stops it,
  // and the next start finishes what the reset journaled.
  [[nodiscard]] Status factory_reset(const security::ownership::Subject& who) noexcept;
  // Orderly shutdown: audits "Shutdown requested" (by `user`), stops the scheduler (processing
  // jobs aborted and released; held and queued jobs kept) and waits for pending overwrites.
  // Idempotent.
  void shutdown(const std::string& user = "-") noexcept;

 private:
  explicit DeviceCore(DeviceCoreOptions options) : options_(std::move(options)) {}
  [[nodiscard]] Status start() noexcept;
  [[nodiscard]] Status open_services() noexcept;
  void close_services() noexcept;
  [[nodiscard]] Status apply_settings() noexcept;
  [[nodiscard]] Status release_orphans() noexcept;
  [[nodiscard]] Status open_device_certificate() noexcept;
  void notify(std::string_view key) noexcept;
  // Overwrites and removes options_.initial_password_file once the Key Operator no longer
  // has to change the one-time password (audited as an overwrite of that file).
  void spend_initial_password_file() noexcept;

  DeviceCoreOptions options_;
  std::shared_ptr<engine_hw::DeviceClock> clock_;
  std::unique_ptr<DeviceFaults> faults_;
  StageRegistry registry_;
  BufferPool pool_;
  // Declaration order is start-up order; close_services() tears down in reverse.
  std::unique_ptr<security::DeviceSecurity> security_;
  std::unique_ptr<security::auth::Accounts> accounts_;
  std::unique_ptr<security::auth::Authenticator> auth_;
  std::unique_ptr<security::auth::SessionManager> sessions_;
  std::shared_ptr<engine_hw::PrintEngine> engine_;
  std::unique_ptr<stages::output::PageStore> page_store_;
  std::unique_ptr<stages::output::EngineFeeder> feeder_;
  std::shared_ptr<const stages::output::EngineOutputSink> sink_;
  std::unique_ptr<jobs::FolderService> folders_;
  std::unique_ptr<jobs::JobManager> jobs_;
  std::unique_ptr<security::certs::CertificateStore> certificates_;
  mutable std::mutex certificate_mu_;
  std::shared_ptr<const security::certs::DeviceCertificate> device_certificate_;
  security::certs::TrustStore trust_;  // guarded by certificate_mu_
  std::vector<std::function<void(std::string_view)>> listeners_;
  security::ownership::AccessPolicy policy_;
  std::size_t orphans_ = 0;
  bool shut_down_ = false;
};

}  // namespace mfp::pipeline::device
