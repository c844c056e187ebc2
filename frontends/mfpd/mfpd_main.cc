// mfpd: the OpenMFP device daemon. Opens the device in --data-dir (first start: keys, the
// encrypted database, the Key Operator's one-time password), serves the local maintenance
// socket for mfpctl, and runs until SIGTERM or SIGINT, then shuts down in order (audited
// "Shutdown requested") within a few seconds.
//
//   mfpd --data-dir DIR [--config FILE]
//   mfpd [--config FILE] --print-config
//
// `mfpctl restart` stops the device in order and starts it again in the same process image
// (a warm boot).
//
// Exit status: 0 after an orderly shutdown; 1 when the device cannot start (the reason on
// stderr); 2 on bad arguments or configuration.

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine_hw/sim/file_nvram.h"
#include "engine_hw/sim/simulated_engine.h"
#include "engine_hw/system_clock.h"
#include "frontends/http/network_services.h"
#include "frontends/mfpd/control_commands.h"
#include "frontends/mfpd/control_server.h"
#include "frontends/mfpd/daemon_config.h"
#include "frontends/mfpd/daemon_log.h"
#include "frontends/mfpd/device_layout.h"
#include "pipeline/device/device_core.h"
#include "pipeline/device/device_services.h"
#include "security/auth/initial_password_file.h"
#include "security/certs/self_signed_options.h"
#include "security/process_protection.h"
#include "security/settings/setting_table.h"

namespace {

using mfp::frontends::mfpd::DaemonConfig;
using mfp::frontends::mfpd::DaemonLog;
using mfp::frontends::mfpd::LogLevel;

// run()'s result when the daemon stopped to start again (a warm boot).
constexpr int kRestartStatus = 100;

// Set by the "restart" maintenance command before it signals the main thread.
std::atomic<bool> g_restart{false};

// Blocks SIGTERM and SIGINT in this thread, so that every thread the device starts inherits
// the mask and the main thread takes them with sigwait().
sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

// The device as the composition root makes it: the simulated engine (whose operator controls
// stay with mfpd's maintenance commands) handed to the core as a PrintEngine.
struct OpenedDevice {
  std::shared_ptr<mfp::engine_hw::sim::SimulatedEngine> simulator;
  std::unique_ptr<mfp::pipeline::device::DeviceCore> core;
};

// The names the device's self-signed certificates carry (subjectAltName): localhost and this
// host's name, the loopback addresses and every configured listen address but the wildcards.
void set_certificate_names(const DaemonConfig& config,
                           mfp::pipeline::device::DeviceCoreOptions& options) {
  std::array<char, 256> host{};
  if (::gethostname(host.data(), host.size() - 1) == 0) {
    const std::string_view name(host.data());
    // A name the certificate cannot carry (an '_', say) is left out rather than failing start.
    if (name != "localhost" && mfp::security::certs::is_dns_name(name)) {
      options.certificate_dns_names.emplace_back(name);
    }
  }
  for (const auto& address : config.addresses) {
    if (address == "0.0.0.0" || address == "::") continue;
    auto& ips = options.certificate_ip_addresses;
    if (std::find(ips.begin(), ips.end(), address) == ips.end()) ips.push_back(address);
  }
}

std::optional<OpenedDevice> open_device(const DaemonConfig& config,
                                        const mfp::frontends::mfpd::DeviceLayout& layout,
                                        bool warm_boot, DaemonLog& log) {
  namespace mfpd = mfp::frontends::mfpd;
  mfp::pipeline::device::DeviceCoreOptions options;
  options.data_dir = layout.data();
  options.nvram_path = layout.nvram();
  auto nvram = mfp::engine_hw::sim::FileNvram::open_in_private_dir(layout.nvram());
  if (!nvram) {
    log.write(LogLevel::error, "the NVRAM cannot be opened",
              {{"reason", nvram.status().message()}});
    return std::nullopt;
  }
  options.nvram = std::move(nvram).value();
  mfp::engine_hw::sim::SimulatedEngineOptions engine_options;
  engine_options.model = config.engine_model;
  engine_options.pacing = config.engine_speed == mfpd::EngineSpeed::rated
                              ? mfp::engine_hw::sim::Pacing::rated
                              : mfp::engine_hw::sim::Pacing::unthrottled;
  auto clock = std::make_shared<mfp::engine_hw::SystemClock>();
  auto engine = mfp::engine_hw::sim::SimulatedEngine::create(engine_options, clock);
  if (!engine) {
    log.write(LogLevel::error, "the engine cannot start", {{"reason", engine.status().message()}});
    return std::nullopt;
  }
  OpenedDevice opened;
  opened.simulator = std::move(engine).value();
  options.engine = opened.simulator;
  options.clock = clock;
  options.jobs.history_count = config.history_count;
  options.jobs.history_age = std::chrono::minutes(config.history_minutes);
  options.initial_password_file = layout.password_file();
  set_certificate_names(config, options);
  options.boot = warm_boot ? mfp::security::audit::events::BootKind::warm
                           : mfp::security::audit::events::BootKind::cold;
  log.write(LogLevel::info, "starting", {{"data_dir", layout.root.string()}});
  auto core = mfp::pipeline::device::DeviceCore::open(std::move(options));
  if (!core) {
    log.write(LogLevel::error, "the device cannot start",
              {{"code", std::string(mfp::pipeline::to_string(core.status().code()))},
               {"reason", core.status().message()}});
    return std::nullopt;
  }
  opened.core = std::move(core).value();
  return opened;
}

// At first start: the Key Operator's one-time password to its file (mode 0600) and the
// console, the one place it is shown. Returns it (empty at later starts) for the maintenance
// commands, or nullopt when the file cannot be written.
std::optional<mfp::security::crypto::SecureBytes> publish_initial_password(
    mfp::pipeline::device::DeviceCore& core, const mfp::frontends::mfpd::DeviceLayout& layout,
    DaemonLog& log) {
  auto password = core.take_initial_password();
  if (password.size() == 0) return password;
  if (auto s =
          mfp::security::auth::write_initial_password_file(layout.password_file(), password.span());
      !s.is_ok()) {
    log.write(LogLevel::error, s.message());
    return std::nullopt;
  }
  std::cout << "First start: the Key Operator (user ID \"admin\") has the one-time password "
            << std::string(reinterpret_cast<const char*>(password.data()), password.size())
            << "\n(also in " << layout.password_file().string()
            << ", mode 0600). The first login must change it.\n"
            << std::flush;
  return password;
}

// The listeners follow the settings (a TLS or network setting, a new device certificate, a
// factory reset); mfpctl status lists them; the maintenance operations pause, resume and
// restart through them. The main thread takes SIGTERM and shuts down in order; an answer in
// flight goes out first (the control server stops after answering).
void connect_network(mfp::pipeline::device::DeviceCore& core,
                     mfp::pipeline::device::DeviceServices& device,
                     mfp::frontends::mfpd::ControlCommands& commands,
                     mfp::frontends::http::NetworkServices& net, DaemonLog& log) {
  auto apply = [&net, &log] {
    if (auto s = net.apply(); !s.is_ok()) {
      log.write(LogLevel::error, "network services", {{"reason", s.message()}});
    }
  };
  core.on_settings_changed([apply](std::string_view key) {
    const auto* row = mfp::security::settings::find_setting(key);
    if ((row != nullptr && row->reconfigures_listeners) || key == "device-certificate" ||
        key == "*") {
      apply();
    }
  });
  commands.set_listeners([&net] {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& l : net.listeners()) {
      out.push_back({{"service", l.name}, {"address", l.address}, {"port", l.port}});
    }
    return out;
  });
  device.maintenance().set_hooks({.pause = [&net] { net.stop(); },
                                  .resume = apply,
                                  .restart =
                                      [] {
                                        g_restart = true;
                                        ::kill(::getpid(), SIGTERM);
                                      },
                                  // A reset that could not reopen the services: stop serving.
                                  .stop = [] { ::kill(::getpid(), SIGTERM); }});
}

// "ready" in the log, and the addresses a person uses on the console.
void announce(const DaemonConfig& config, const mfp::frontends::mfpd::DeviceLayout& layout,
              const mfp::pipeline::device::DeviceCore& core,
              const mfp::frontends::http::NetworkServices& net, DaemonLog& log) {
  log.write(LogLevel::info, "ready",
            {{"model", config.engine_model},
             {"orphans_released", std::to_string(core.orphans_released())},
             {"mfpctl", "mfpctl --data-dir " + layout.root.string() + " status"}});
  std::cout << "OpenMFP is running. Local maintenance: mfpctl --data-dir " << layout.root.string()
            << " status\n";
  for (const auto& l : net.listeners()) {
    const std::string host =
        l.address.find(':') != std::string::npos ? "[" + l.address + "]" : l.address;
    if (l.name == "ipps") {
      std::cout << "  IPP printer: ipps://" << host << ":" << l.port << "/ipp/print\n";
    } else if (l.name == "https") {
      std::cout << "  Browser (CentreWare Internet Services): https://" << host << ":" << l.port
                << "/ (log in as admin)\n";
    }
  }
  std::cout << std::flush;
}

int run(const DaemonConfig& config, const std::filesystem::path& dir, bool warm_boot) {
  namespace mfpd = mfp::frontends::mfpd;
  DaemonLog log(config.log_level);
  sigset_t signals = block_stop_signals();
  ::umask(077);

  const mfpd::DeviceLayout layout{dir};
  std::error_code ec;
  // The data store and the NVRAM directory are made (0700) by the device core.
  std::filesystem::create_directories(layout.root, ec);
  ::chmod(layout.root.c_str(), 0700);

  auto opened = open_device(config, layout, warm_boot, log);
  if (!opened) return 1;
  auto& core = *opened->core;
  auto password = publish_initial_password(core, layout, log);
  if (!password) return 1;
  mfp::pipeline::device::DeviceServices device(core);
  mfpd::ControlCommands commands(device, *opened->simulator, std::move(*password),
                                 layout.password_file());
  mfp::frontends::http::NetworkOptions network;
  network.addresses = config.addresses;
  network.ipps_port = config.ipps_port;
  network.https_port = config.https_port;
  network.http_port = config.http_port;
  network.raw_port = config.raw_port;
  auto services = mfp::frontends::http::NetworkServices::start(
      device,
      [&log](bool error, std::string_view message,
             const std::vector<std::pair<std::string, std::string>>& fields) {
        log.write(error ? LogLevel::error : LogLevel::info, message, fields);
      },
      network);
  if (!services) {
    log.write(LogLevel::error, "cannot start the network services",
              {{"reason", services.status().message()}});
    core.shutdown();
    return 1;
  }
  mfp::frontends::http::NetworkServices& net = *services.value();
  connect_network(core, device, commands, net, log);
  mfpd::ControlServerOptions server_options;
  server_options.path = layout.socket();
  auto server = mfpd::ControlServer::start(
      server_options, [&commands](const nlohmann::json& r) { return commands.handle(r); });
  if (!server) {
    log.write(LogLevel::error, "cannot open the maintenance socket",
              {{"reason", server.status().message()}});
    core.shutdown();
    return 1;
  }
  announce(config, layout, core, net, log);

  int sig = 0;
  while (sigwait(&signals, &sig) != 0) {
  }
  log.write(LogLevel::info, "shutdown requested", {{"signal", std::to_string(sig)}});
  server.value()->stop();
  net.stop();
  core.shutdown("-");
  opened->core.reset();
  log.write(LogLevel::info, g_restart ? "stopped for a restart" : "stopped");
  return g_restart ? kRestartStatus : 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Before any secret exists (security review finding 2): no core dumps, the secure heap.
  auto protection = mfp::security::protect_process();
  if (!protection) {
    std::cerr << "mfpd: " << protection.status().message() << "\n";
    return 1;
  }
  if (!protection.value().secure_heap_locked) {
    std::cerr << "mfpd: warning: the secure heap could not be locked in memory (RLIMIT_MEMLOCK); "
                 "it is still kept out of core dumps\n";
  }
  CLI::App app{"mfpd: the OpenMFP device daemon"};
  std::string data_dir;
  std::string config_file;
  bool print_config = false;
  app.add_option("--data-dir", data_dir, "the device's data directory (make run: ./var)");
  app.add_option("--config", config_file, "TOML configuration file");
  app.add_flag("--print-config", print_config, "print the effective configuration and exit");
  bool warm_boot = false;
  app.add_flag("--warm-boot", warm_boot, "(internal) started again by a restart")->group("");
  CLI11_PARSE(app, argc, argv);

  auto config = config_file.empty() ? mfp::pipeline::Result<DaemonConfig>(DaemonConfig::defaults())
                                    : DaemonConfig::load(config_file);
  if (!config) {
    std::cerr << "mfpd: " << config.status().message() << "\n";
    return 2;
  }
  if (print_config) {
    std::cout << config.value().to_toml();
    return 0;
  }
  if (data_dir.empty()) {
    std::cerr << "mfpd: --data-dir is required\n";
    return 2;
  }
  const int status = run(config.value(), data_dir, warm_boot);
  if (status != kRestartStatus) return status;
  // Restart: the same program with the same arguments, as a warm boot (the device's software
  // restarted without a power cycle; audited "Started normally (warm boot)").
  std::vector<std::string> args(argv, argv + argc);
  if (!warm_boot) args.emplace_back("--warm-boot");
  std::vector<char*> cargs;
  cargs.reserve(args.size() + 1);
  for (auto& a : args) cargs.push_back(a.data());
  cargs.push_back(nullptr);
  ::execv("/proc/self/exe", cargs.data());
  std::cerr << "mfpd: cannot restart\n";
  return 1;
}
