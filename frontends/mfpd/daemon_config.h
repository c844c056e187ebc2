#pragma once
// DaemonConfig: the settings of the mfpd daemon, read from its TOML configuration file
// (network listeners, engine model and speed, job history, log level), with the defaults that
// apply to every key the file leaves out.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

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
//   [network] address, panel_address, ipps_port, https_port, http_port, raw_port, panel_port
//             (address: one IP literal as a string, or an array of 1..8 distinct ones)
//   [engine]  model, speed
//   [jobs]    history_count, history_minutes
//   [log]     level
struct DaemonConfig {
  // [network]
  // IP literals (v4 or v6) the IPPS, HTTPS and plain-HTTP listeners each bind to: 1..8,
  // pairwise distinct (TOML key `address`). Kept as written in the file, not normalised.
  std::vector<std::string> addresses = {"127.0.0.1", "::1"};
  std::string panel_address = "127.0.0.1";  // loopback IP literal for the panel listener
  // Port 0 on the three public listeners means "an ephemeral port chosen at start" (tests;
  // `mfpctl status` reports the bound port). The panel port is fixed: 1..65535.
  std::uint16_t ipps_port = 8631;
  std::uint16_t https_port = 8443;
  std::uint16_t http_port = 8000;  // plain HTTP; only redirects to HTTPS
  std::uint16_t raw_port = 9100;   // raw printing, while the "Port 9100" setting is on
  std::uint16_t panel_port = 8080;
  // [engine]
  std::string engine_model = "C7070";  // an engine_hw::known_models() name
  EngineSpeed engine_speed = EngineSpeed::rated;
  // [jobs]
  std::uint32_t history_count = 500;        // finished jobs kept in the history, 1..10000
  std::uint32_t history_minutes = 60 * 24;  // how long a finished job is kept, 1..43200
  // [log]
  LogLevel log_level = LogLevel::info;

  static constexpr std::size_t kMaxAddresses = 8;
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

  // Checks the values: 1..kMaxAddresses listener addresses, each an IP literal and no two the
  // same address (compared after parsing, so "::1" and "0::1" clash); the panel address is a
  // loopback IP literal (host names are refused everywhere); panel_port is 1..65535; the
  // non-zero ports among ipps/https/http/panel are pairwise distinct (any number may be 0);
  // the model is known; history limits are in range. invalid_argument naming the key on the
  // first violation.
  [[nodiscard]] pipeline::Status validate() const;

  // The configuration as a TOML document with a comment per key (`mfpd --print-config`);
  // `address` is a string when there is exactly one address, an array otherwise.
  // parse(to_toml()) gives back an equal configuration.
  [[nodiscard]] std::string to_toml() const;

  friend bool operator==(const DaemonConfig&, const DaemonConfig&) = default;
};

}  // namespace mfp::frontends::mfpd
