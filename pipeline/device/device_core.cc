#include "pipeline/device/device_core.h"

#include <algorithm>
#include <set>

#include "engine_hw/device_clock.h"
#include "engine_hw/system_clock.h"
#include "security/audit/audit_settings.h"
#include "security/auth/auth_settings.h"
#include "security/auth/initial_password_file.h"
#include "security/certs/self_signed_options.h"
#include "security/crypto/drbg.h"
#include "security/settings/setting_keys.h"
#include "stages/register_stages.h"

namespace mfp::pipeline::device {

namespace ownership = security::ownership;

namespace {
// The device certificate and the trusted CAs: objects without an owner.
constexpr ownership::ObjectRef kCertificates{ownership::ObjectKind::certificate,
                                             ownership::kUnauthenticatedUserId};
}  // namespace

Result<std::unique_ptr<DeviceCore>> DeviceCore::open(DeviceCoreOptions options) {
  std::unique_ptr<DeviceCore> core(new DeviceCore(std::move(options)));  // NOLINT: private
  MFP_RETURN_IF_ERROR(core->start());
  return core;
}

DeviceCore::~DeviceCore() {
  shutdown();
}

Status DeviceCore::start() noexcept {
  try {
    MFP_RETURN_IF_ERROR(stages::register_stages(registry_));
    if (!options_.engine) return make_error(StatusCode::invalid_argument, "no print engine");
    if (!options_.nvram) return make_error(StatusCode::invalid_argument, "no NVRAM");
    engine_ = options_.engine;
    std::shared_ptr<engine_hw::Clock> base = options_.clock;
    if (!base) base = std::make_shared<engine_hw::SystemClock>();
    MFP_ASSIGN_OR_RETURN(clock_, engine_hw::DeviceClock::open(std::move(base), options_.nvram));
    faults_ = std::make_unique<DeviceFaults>(*clock_);
    MFP_ASSIGN_OR_RETURN(
        security_, security::DeviceSecurity::open({options_.data_dir, options_.nvram_path,
                                                   options_.overwrite, options_.nvram, clock_}));
    // Power on Self Test: the random bit generator's known answers before any key is used
    // for new data.
    if (security_->settings().read(security::settings::kSelfTest)) {
      Status kat = security::crypto::Drbg::known_answer_test();
      if (!kat.is_ok()) {
        return Status(kat.code(), "power-on self-test failed: " + kat.message());
      }
    }
    MFP_RETURN_IF_ERROR(open_services());
    security_->audit().record(security::audit::events::system_started(options_.boot));
    return Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("device start");
  }
}

Status DeviceCore::open_services() noexcept {
  try {
    auto& sec = *security_;
    MFP_ASSIGN_OR_RETURN(accounts_, security::auth::Accounts::open(sec.database(), sec.drbg(),
                                                                   sec.audit(), options_.accounts));
    MFP_ASSIGN_OR_RETURN(
        auth_, security::auth::Authenticator::create(*accounts_, sec.audit(), *clock_, sec.drbg()));
    MFP_ASSIGN_OR_RETURN(sessions_, security::auth::SessionManager::create(*clock_, sec.drbg()));
    // A password change, an edit, a deletion or a lockout ends the user's sessions at once.
    // The Key Operator's first password change spends the one-time password's file.
    accounts_->on_credentials_changed([this, sessions = sessions_.get()](std::uint64_t id) {
      sessions->end_user(id);
      if (id == ownership::kKeyOperatorUserId) spend_initial_password_file();
    });
    spend_initial_password_file();
    auth_->on_lockout([sessions = sessions_.get()](std::uint64_t id) { sessions->end_user(id); });
    MFP_RETURN_IF_ERROR(apply_settings());
    MFP_RETURN_IF_ERROR(open_device_certificate());
    page_store_ = std::make_unique<stages::output::PageStore>(sec.envelope(), pool_,
                                                              options_.page_store_pages);
    feeder_ = std::make_unique<stages::output::EngineFeeder>(*page_store_, *engine_);
    sink_ = std::make_shared<stages::output::EngineOutputSink>(*page_store_);
    // Job and folder times come from the device's clock, as the audit records' do.
    auto unix_seconds = [clock = clock_] {
      return std::chrono::duration_cast<std::chrono::seconds>(clock->wall_now().time_since_epoch())
          .count();
    };
    MFP_ASSIGN_OR_RETURN(folders_,
                         jobs::FolderService::open(sec.database(), sec.store(), sec.settings(),
                                                   sec.audit(), unix_seconds));
    jobs::PrintPath path;
    path.registry = &registry_;
    path.pool = &pool_;
    path.page_store = page_store_.get();
    path.sink = sink_;
    path.engine_stopped = [engine = engine_.get()] {
      return engine->status().state == engine_hw::PrinterState::stopped;
    };
    jobs::JobManagerOptions jobs = options_.jobs;
    if (!jobs.wall_clock) jobs.wall_clock = unix_seconds;
    if (!jobs.on_aborted) {
      // The guide's "An error occurred in the software" for a job an internal error ended.
      jobs.on_aborted = [faults = faults_.get()](std::uint64_t id, const Status& status) {
        if (status.code() != StatusCode::internal) return;
        try {
          faults->raise(kSoftwareError, "job " + std::to_string(id) + ": " + status.message());
        } catch (...) {
          // Out of memory: the job's own record still says why it ended.
        }
      };
    }
    if (!jobs.user_name) {
      jobs.user_name = [accounts = accounts_.get()](std::uint64_t id) {
        return accounts->audit_name(id);
      };
    }
    MFP_ASSIGN_OR_RETURN(jobs_, jobs::JobManager::open(sec, std::move(path), std::move(jobs)));
    // Recovered jobs' releases finish before the orphan sweep lists the store.
    sec.envelope().wait_for_releases();
    MFP_RETURN_IF_ERROR(release_orphans());
    sec.envelope().wait_for_releases();
    return Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("device services");
  }
}

void DeviceCore::close_services() noexcept {
  if (jobs_) jobs_->stop();
  jobs_.reset();
  folders_.reset();
  feeder_.reset();  // closes the page store and joins the feeder
  sink_.reset();
  page_store_.reset();
  sessions_.reset();
  {
    std::lock_guard lock(certificate_mu_);
    device_certificate_.reset();
  }
  certificates_.reset();
  auth_.reset();
  accounts_.reset();
  if (security_) security_->envelope().wait_for_releases();
}

Status DeviceCore::apply_settings() noexcept {
  const auto& settings = security_->settings();
  MFP_RETURN_IF_ERROR(
      security::auth::apply_auth_settings(settings, *accounts_, *auth_, *sessions_));
  return security::audit::apply_audit_settings(settings, security_->audit(), "-");
}

Status DeviceCore::release_orphans() noexcept {
  try {
    std::set<std::string> kept;
    for (auto& id : jobs_->referenced_objects()) kept.insert(std::move(id));
    MFP_ASSIGN_OR_RETURN(auto folder_objects, folders_->referenced_objects());
    for (auto& id : folder_objects) kept.insert(std::move(id));
    MFP_ASSIGN_OR_RETURN(auto all, security_->store().list());
    for (const auto& id : all) {
      if (kept.count(id.hex()) != 0) continue;
      Status removed = security_->store().remove(id);
      if (!removed.is_ok() && removed.code() != StatusCode::not_found) return removed;
      ++orphans_;
    }
    return Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("orphan sweep");
  }
}

void DeviceCore::spend_initial_password_file() noexcept {
  if (options_.initial_password_file.empty() || !accounts_) return;
  auto ko = accounts_->get(ownership::kKeyOperatorUserId);
  if (!ko || ko.value().must_change_password) return;
  if (security::auth::spend_initial_password_file(options_.initial_password_file)) {
    try {
      security_->audit().record(security::audit::events::overwrite_storage(
          true, "first-start password file", "the Key Operator has set a password"));
    } catch (...) {
      // Out of memory: the file is gone all the same.
    }
  }
}

security::crypto::SecureBytes DeviceCore::take_initial_password() noexcept {
  return accounts_->take_initial_password();
}

Status DeviceCore::set_setting(std::string_view key, const security::settings::SettingValue& value,
                               const ownership::Subject& who, std::string_view interface) noexcept {
  MFP_RETURN_IF_ERROR(security_->set_setting(key, value, who, interface));
  MFP_RETURN_IF_ERROR(apply_settings());
  notify(key);
  return Status::ok();
}

security::certs::SelfSignedOptions DeviceCore::self_signed_defaults() const {
  return with_device_names(security::certs::SelfSignedOptions::first_start_defaults());
}

security::certs::SelfSignedOptions DeviceCore::with_device_names(
    security::certs::SelfSignedOptions options) const {
  if (options.dns_names.empty() && options.ip_addresses.empty()) {
    options.dns_names = options_.certificate_dns_names;
    options.ip_addresses = options_.certificate_ip_addresses;
  }
  return options;
}

Status DeviceCore::open_device_certificate() noexcept {
  try {
    MFP_ASSIGN_OR_RETURN(certificates_,
                         security::certs::CertificateStore::open(security_->database()));
    MFP_ASSIGN_OR_RETURN(auto stored, certificates_->load_device());
    if (!stored) {
      MFP_ASSIGN_OR_RETURN(
          auto made, security::certs::make_self_signed(self_signed_defaults(), clock_->wall_now()));
      MFP_RETURN_IF_ERROR(certificates_->save_device(made));
      stored.emplace(std::move(made));
    }
    MFP_ASSIGN_OR_RETURN(auto anchors, certificates_->load_trusted());
    std::lock_guard lock(certificate_mu_);
    device_certificate_ =
        std::make_shared<const security::certs::DeviceCertificate>(std::move(*stored));
    trust_ = security::certs::TrustStore{};
    for (const auto& c : anchors) (void)trust_.add(c, clock_->wall_now());
    return Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("device certificate");
  }
}

std::shared_ptr<const security::certs::DeviceCertificate> DeviceCore::device_certificate() const {
  std::lock_guard lock(certificate_mu_);
  return device_certificate_;
}

Status DeviceCore::set_device_certificate(const ownership::Subject& who,
                                          security::certs::DeviceCertificate certificate) {
  MFP_RETURN_IF_ERROR(policy_.require(who, ownership::Operation::modify, kCertificates));
  MFP_RETURN_IF_ERROR(certificates_->save_device(certificate));
  {
    std::lock_guard lock(certificate_mu_);
    device_certificate_ =
        std::make_shared<const security::certs::DeviceCertificate>(std::move(certificate));
  }
  notify("device-certificate");
  return Status::ok();
}

security::certs::TrustStore DeviceCore::trust_store() const {
  std::lock_guard lock(certificate_mu_);
  return trust_;
}

Result<std::size_t> DeviceCore::import_trusted(const ownership::Subject& who,
                                               std::span<const std::uint8_t> bytes,
                                               security::certs::ImportFormat format,
                                               std::string_view password) {
  MFP_RETURN_IF_ERROR(policy_.require(who, ownership::Operation::create, kCertificates));
  std::lock_guard lock(certificate_mu_);
  security::certs::TrustStore next = trust_;
  MFP_ASSIGN_OR_RETURN(std::size_t added, next.import(bytes, format, password, clock_->wall_now()));
  MFP_RETURN_IF_ERROR(certificates_->save_trusted(next.list()));
  trust_ = std::move(next);
  return added;
}

Status DeviceCore::remove_trusted(const ownership::Subject& who,
                                  const security::certs::Fingerprint& fingerprint) {
  MFP_RETURN_IF_ERROR(policy_.require(who, ownership::Operation::delete_, kCertificates));
  std::lock_guard lock(certificate_mu_);
  security::certs::TrustStore next = trust_;
  MFP_RETURN_IF_ERROR(next.remove(fingerprint));
  MFP_RETURN_IF_ERROR(certificates_->save_trusted(next.list()));
  trust_ = std::move(next);
  return Status::ok();
}

void DeviceCore::on_settings_changed(std::function<void(std::string_view key)> listener) {
  listeners_.push_back(std::move(listener));
}

void DeviceCore::notify(std::string_view key) noexcept {
  for (const auto& listener : listeners_) {
    try {
      listener(key);
    } catch (...) {
      // A listener's failure does not undo the change; listeners report their own errors.
    }
  }
}

Status DeviceCore::delete_user(const ownership::Subject& who, std::uint64_t user_id,
                               std::string_view interface) noexcept {
  MFP_RETURN_IF_ERROR(accounts_->delete_user(who, user_id, interface));
  // The guide: "when a user is deleted, the Folder and private print data related to the user
  // are deleted" (overwritten on release).
  jobs_->remove_user_jobs(user_id);
  MFP_RETURN_IF_ERROR(folders_->delete_user_folders(user_id).status());
  sessions_->end_user(user_id);
  auth_->forget(user_id);
  return Status::ok();
}

Status DeviceCore::factory_reset(const ownership::Subject& who) noexcept {
  if (Status allowed = policy_.require(
          who, ownership::Operation::restore_defaults,
          ownership::ObjectRef{ownership::ObjectKind::device, ownership::kUnauthenticatedUserId});
      !allowed.is_ok()) {
    return allowed;
  }
  close_services();
  MFP_RETURN_IF_ERROR(security_->factory_reset());
  orphans_ = 0;
  MFP_RETURN_IF_ERROR(open_services());
  notify("*");
  return Status::ok();
}

void DeviceCore::shutdown(const std::string& user) noexcept {
  if (shut_down_) return;
  shut_down_ = true;
  if (security_) {
    try {
      security_->audit().record(security::audit::events::shutdown_requested(user));
    } catch (...) {
      // Allocation failure: the shutdown itself goes on.
    }
  }
  close_services();
}

}  // namespace mfp::pipeline::device
