#pragma once
// ProtocolSupport: what the network front ends need from the device besides its operations:
// the configuration they serve by (typed setting reads that fail closed; the device reading
// its own configuration, not a person viewing it, so not audited as a view), the device's
// identity (printer UUID; the TLS policy and certificate their listeners are built from), the
// document formats it prints, the marking engine (its interface: status, identify), the login
// a front end checks credentials with, and the security events they detect (recorded in the
// audit log by the builders' fixed wording, never with user data).
//
// Thread-safe. Borrows the core, which must outlive it.

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/device/device_core.h"
#include "security/settings/setting_key.h"
#include "security/tls/tls_policy.h"

namespace mfp::pipeline::device {

class ProtocolSupport {
 public:
  explicit ProtocolSupport(DeviceCore& core) : core_(core) {}

  // A setting's value; the secure value when it cannot be read (SettingsRegistry::read).
  template <typename T>
  [[nodiscard]] T setting(security::settings::SettingKey<T> key) const noexcept {
    return core_.security().settings().read(key);
  }
  // "urn:uuid:..." derived from the master key (stable until a factory reset); a fixed,
  // well-formed UUID when the derivation fails (the printer must still answer).
  [[nodiscard]] std::string printer_uuid() const;
  // The TLS policy the settings give (the registry's status when they cannot be read).
  [[nodiscard]] Result<security::tls::TlsPolicy> tls_policy() const;
  [[nodiscard]] std::shared_ptr<const security::certs::DeviceCertificate> device_certificate()
      const {
    return core_.device_certificate();
  }
  // The MIME types the device prints.
  [[nodiscard]] std::vector<std::string> document_formats() const {
    return core_.document_formats();
  }

  // The marking engine the device was given (status, trays, identify).
  [[nodiscard]] engine_hw::PrintEngine& engine() const noexcept { return core_.engine(); }
  // The device's clock (calendar time as an administrator set it; monotonic time for uptime).
  [[nodiscard]] const engine_hw::Clock& clock() const noexcept { return core_.clock(); }

  // Checks a user's credentials at an interface (lockout, throttling and the failure's audit
  // event are the authenticator's): the subject on success; permission_denied with the
  // guide's one message for an unknown user, a wrong password or a locked account.
  [[nodiscard]] Result<security::auth::LoginResult> login(std::string_view user,
                                                          std::span<const std::uint8_t> password,
                                                          security::auth::Interface where,
                                                          std::string_view source) const noexcept {
    return core_.authenticator().verify(user, password, where, source);
  }

  // Sessions of the browser and the panel (SessionManager): a new one for a login (ending the
  // client's previous one), the live one an ID names (idle timer extended), its CSRF check
  // (constant time), its end at logout. IDs and tokens are secrets: never log them.
  [[nodiscard]] Result<security::auth::Session> start_session(
      security::auth::SessionKind kind, const security::auth::LoginResult& login,
      std::string_view previous_id) const noexcept {
    return core_.sessions().start(kind, login.subject, previous_id, login.login,
                                  login.must_change_password);
  }
  [[nodiscard]] Result<security::auth::Session> resume_session(
      std::string_view id, security::auth::SessionKind kind) const noexcept {
    return core_.sessions().resume(id, kind);
  }
  [[nodiscard]] Status check_csrf(std::string_view id, std::string_view token) const noexcept {
    return core_.sessions().check_csrf(id, token);
  }
  void end_session(std::string_view id) const noexcept { core_.sessions().end(id); }

  // Communication / Trusted Communication / Failed (a TLS handshake a peer failed).
  void trusted_communication_failed(std::string protocol, std::string destination,
                                    std::string reason) const;
  // Data on the raw print port that is not print data (cross-site printing).
  void raw_data_refused(std::string peer, std::string reason) const;
  // A PJL command dropped from a print stream (its keyword only).
  void pjl_command_refused(std::string keyword, std::string protocol, std::string peer) const;

 private:
  DeviceCore& core_;
};

}  // namespace mfp::pipeline::device
