#pragma once
// DaemonConfig: the settings of the mfpd daemon, read from its TOML configuration file
// (network listeners, engine model and speed, job history, log level), with the defaults that
// apply to every key the file leaves out.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "pipeline/status.h"

namespace mfp::frontends::mfpd {

// How fast the simulated engine prints.
enum class EngineSpeed : std::uint8_t {
  rated,        // the model's rated pages per minute
  unthrottled,  // as fast as the controller feeds it (benchmarks, tests)
};

// The least severe log message mfpd writes.
enum class LogLevel : std::uint8_t { debug, info, warning, error };

// Stable lowercase names as written in the configuration file ("rated", "warning").
[[nodiscard]] std::string_view to_string(EngineSpeed speed) noexcept;
[[nodiscard]] std::string_view to_string(LogLevel level) noexcept;

// The effective configuration of mfpd. A plain value; the member initialisers are the defaults.
// File layout (every table and key optional; unknown tables or keys are errors):
//   [network] address, panel_address, ipps_port, https_port, panel_port
//   [engine]  model, speed
//   [jobs]    history_count, history_minutes
//   [log]     level
struct DaemonConfig {
  // [network]
  std::string address = "127.0.0.1";        // IP literal (v4 or v6) for IPPS and HTTPS
  std::string panel_address = "127.0.0.1";  // loopback IP literal for the panel listener
  std::uint16_t ipps_port = 8631;
  std::uint16_t https_port = 8443;
  std::uint16_t panel_port = 8080;
  // [engine]
  std::string engine_model = "C7070";  // an engine_hw::known_models() name
  EngineSpeed engine_speed = EngineSpeed::rated;
  // [jobs]
  std::uint32_t history_count = 500;        // finished jobs kept in the history, 1..10000
  std::uint32_t history_minutes = 60 * 24;  // how long a finished job is kept, 1..43200
  // [log]
  LogLevel log_level = LogLevel::info;

  static constexpr std::uint32_t kMaxHistoryCount = 10000;
  static constexpr std::uint32_t kMaxHistoryMinutes = 43200;  // 30 days

  // The configuration used when no file is given. Never fails.
  [[nodiscard]] static DaemonConfig defaults() { return DaemonConfig{}; }

  // Reads and parses the file at `path` (see parse()). not_found when the file does not exist,
  // io_error when it cannot be read, otherwise parse()'s errors with the path as source name.
  [[nodiscard]] static pipeline::Result<DaemonConfig> load(const std::filesystem::path& path);

  // Parses TOML `text`; keys it leaves out keep their defaults. Fails with invalid_argument and
  // a message "source:line:column: ..." on a syntax error, an unknown table or key, a value of
  // the wrong type, or a value validate() refuses. `source_name` only labels the messages.
  [[nodiscard]] static pipeline::Result<DaemonConfig> parse(std::string_view text,
                                                            std::string_view source_name);

  // Checks the values: addresses are IP literals (host names are refused; the panel address
  // must be loopback), ports are 1..65535 and pairwise distinct, the model is known, history
  // limits are in range. invalid_argument naming the key on the first violation.
  [[nodiscard]] pipeline::Status validate() const;

  // The configuration as a TOML document with a comment per key (`mfpd --print-config`);
  // parse(to_toml()) gives back an equal configuration.
  [[nodiscard]] std::string to_toml() const;

  friend bool operator==(const DaemonConfig&, const DaemonConfig&) = default;
};

}  // namespace mfp::frontends::mfpd
