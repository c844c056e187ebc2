#pragma once
// ControlCommands: mfpctl's requests over mfpd's local maintenance socket, each a row of one
// command table: the command's name, where mfpctl offers it, and the device-service operation
// it calls (operation_table.h), or none for the simulator's controls and the daemon's own
// first-start password. The socket is root-only, so its caller is the Key Operator at the
// local interface (Caller::local_key_operator()); every decision is the device services'.
//
// Requests are JSON objects {"cmd": "...", ...}; responses {"ok": true, ...} or {"ok": false,
// "error": "...", "code": "<status code>"}. This class only parses, calls and serializes.

#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine_hw/sim/engine_control.h"
#include "pipeline/device/device_services.h"
#include "pipeline/device/operation_spec.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::frontends::mfpd {

class ControlCommands;

// One row of the command table.
struct ControlCommand {
  std::string_view name;  // the request's "cmd"
  std::string_view cli;   // mfpctl's subcommand path: "certs trusted"
  // The device-service operation it runs; none for the simulator's controls and the daemon's
  // own commands.
  std::optional<pipeline::device::OperationId> operation;
  nlohmann::json (ControlCommands::*handler)(const nlohmann::json& request);
};

class ControlCommands {
 public:
  // `services` must outlive the commands. `initial_password` is the Key Operator's
  // one-time password when this start made it (answered by first-start-password until the Key
  // Operator has changed it); `password_file` is where a factory reset writes the new one.
  // `simulator` is the engine mfpd gave the core: its operator actions, fault injection and
  // output tray are the simulator's, not the device's (a real engine has none of them).
  ControlCommands(pipeline::device::DeviceServices& services,
                  engine_hw::sim::EngineControl& simulator,
                  security::crypto::SecureBytes initial_password,
                  std::filesystem::path password_file)
      : services_(services),
        simulator_(simulator),
        initial_password_(std::move(initial_password)),
        password_file_(std::move(password_file)) {}

  // "status" shows what `listeners` returns (the network front ends' listeners).
  void set_listeners(std::function<nlohmann::json()> listeners) {
    listeners_ = std::move(listeners);
  }

  // Answers one request. Never throws.
  [[nodiscard]] nlohmann::json handle(const nlohmann::json& request) noexcept;

  // The command table, in mfpctl's help order.
  [[nodiscard]] static std::span<const ControlCommand> table() noexcept;

 private:
  using json = nlohmann::json;
  json status(const json& r);
  json settings_list(const json& r);
  json settings_get(const json& r);
  json settings_set(const json& r);
  json settings_check(const json& r);
  json settings_secure(const json& r);
  json time_view(const json& r);
  json time_adjust(const json& r);
  json users_list(const json& r);
  json user_add(const json& r);
  json user_delete(const json& r);
  json user_unlock(const json& r);
  json jobs_list(const json& r);
  json job_release(const json& r);
  json job_cancel(const json& r);
  json print(const json& r);
  json cert_show(const json& r);
  json cert_create(const json& r);
  json cert_csr(const json& r);
  json cert_accept(const json& r);
  json cert_import(const json& r);
  json trust_list(const json& r);
  json trust_add(const json& r);
  json trust_remove(const json& r);
  json folders_list(const json& r);
  json folder_create(const json& r);
  json folder_delete(const json& r);
  json engine_output(const json& r);
  json engine_tray(const json& r);
  json engine_jam(const json& r);
  json engine_clear_jam(const json& r);
  json engine_door(const json& r);
  json engine_toner(const json& r);
  json audit_list(const json& r);
  json first_start_password(const json& r);
  json factory_reset(const json& r);
  json restart(const json& r);

  pipeline::device::DeviceServices& services_;
  engine_hw::sim::EngineControl& simulator_;
  const pipeline::device::Caller caller_ = pipeline::device::Caller::local_key_operator();
  std::mutex mu_;  // one maintenance command at a time
  security::crypto::SecureBytes initial_password_;
  const std::filesystem::path password_file_;
  std::function<json()> listeners_;
};

}  // namespace mfp::frontends::mfpd
