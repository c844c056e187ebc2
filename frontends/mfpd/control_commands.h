#pragma once
// ControlCommands: what mfpctl may ask of the device over mfpd's local maintenance socket,
// mapped onto the device core. The socket is root-only, so its caller acts as the Key Operator
// (the device's own maintenance interface, like the panel's service menu); every decision is
// still made by the core's services with that subject, and audited there.
//
// Requests are JSON objects {"cmd": "...", ...}; responses {"ok": true, ...} or {"ok": false,
// "error": "...", "code": "<status code>"}. Commands: status; settings-list; settings-get key;
// settings-set key value; settings-check; users-list; user-add login name role password;
// user-delete id; user-unlock id; jobs-list; job-release id; job-cancel id; print path
// [name] (a local job by the Key Operator); folders-list; folder-create number name;
// folder-delete number; engine-tray tray (fill|empty|sheets); engine-jam; engine-clear-jam;
// engine-toner colorant percent; engine-door open; audit-list [last]; first-start-password;
// factory-reset; restart (an orderly shutdown and a warm boot).

#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine_hw/sim/simulated_engine.h"
#include "pipeline/jobs/device_core.h"
#include "security/certs/certificate_request.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::frontends::mfpd {

class ControlCommands {
 public:
  // `core` must outlive the commands. `initial_password` is the Key Operator's one-time
  // password when this start made it (answered by first-start-password until the Key
  // Operator has changed it); `password_file` is where a factory reset writes the new one.
  // `simulator` is the engine mfpd gave the core: its operator actions, fault injection and
  // output tray are the simulator's, not the device's (a real engine has none of them).
  ControlCommands(pipeline::jobs::DeviceCore& core, engine_hw::sim::SimulatedEngine& simulator,
                  security::crypto::SecureBytes initial_password,
                  std::filesystem::path password_file, std::function<void()> on_restart = {})
      : core_(core),
        simulator_(simulator),
        initial_password_(std::move(initial_password)),
        password_file_(std::move(password_file)),
        on_restart_(std::move(on_restart)) {}

  // What the network front ends add to the maintenance commands: "status" shows `listeners`;
  // a factory reset runs `pause` before the device core closes its services and `resume`
  // after they reopened (no request may reach a service while it is replaced).
  struct NetworkHooks {
    std::function<nlohmann::json()> listeners;
    std::function<void()> pause;
    std::function<void()> resume;
  };
  void set_network_hooks(NetworkHooks hooks) { network_ = std::move(hooks); }

  // Answers one request. Never throws.
  [[nodiscard]] nlohmann::json handle(const nlohmann::json& request) noexcept;

 private:
  [[nodiscard]] nlohmann::json dispatch(const std::string& cmd, const nlohmann::json& request);

  pipeline::jobs::DeviceCore& core_;
  engine_hw::sim::SimulatedEngine& simulator_;
  std::mutex mu_;  // one maintenance command at a time
  security::crypto::SecureBytes initial_password_;
  const std::filesystem::path password_file_;
  std::function<void()> on_restart_;  // the daemon's: restart after this shutdown
  NetworkHooks network_;
  std::optional<security::certs::CertificateRequest> pending_csr_;  // awaiting the CA's answer
};

}  // namespace mfp::frontends::mfpd
