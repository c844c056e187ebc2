#include "frontends/mfpd/daemon_config.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <toml++/toml.h>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <iterator>
#include <new>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

#include "engine_hw/engine_model.h"

namespace mfp::frontends::mfpd {

using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

std::string_view to_string(EngineSpeed speed) noexcept {
  switch (speed) {
    case EngineSpeed::rated:
      return "rated";
    case EngineSpeed::unthrottled:
      return "unthrottled";
  }
  return "rated";
}

std::string_view to_string(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warning:
      return "warning";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

namespace {

// A configuration file is a few hundred bytes; anything near this is not one.
constexpr std::uintmax_t kMaxFileBytes = 1024 * 1024;

Status invalid(std::string message) {
  return Status(StatusCode::invalid_argument, std::move(message));
}

// ---- Value checks shared by parse() (with a file position) and validate() (without). ----
// Each returns the reason a value is refused, or nullopt when it is acceptable.

std::optional<std::string> address_problem(const std::string& text, bool loopback_only) {
  in_addr v4{};
  in6_addr v6{};
  if (::inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(&v4.s_addr);
    if (loopback_only && bytes[0] != 127) {
      return "\"" + text + "\" is not a loopback address (the panel listens on loopback only)";
    }
    return std::nullopt;
  }
  if (::inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    if (loopback_only) {
      // ::1, or an IPv4-mapped 127.x.y.z, is loopback.
      const bool is_v4_mapped_loopback =
          IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;  // NOLINT(*-array-index)
      if (!IN6_IS_ADDR_LOOPBACK(&v6) && !is_v4_mapped_loopback) {
        return "\"" + text + "\" is not a loopback address (the panel listens on loopback only)";
      }
    }
    return std::nullopt;
  }
  // Name resolution at start-up would make the bound address depend on DNS; refuse names.
  return "\"" + text + "\" is not an IPv4 or IPv6 address literal (host names are refused)";
}

std::string model_names() {
  std::string names;
  for (const auto& model : engine_hw::known_models()) {
    if (!names.empty()) names += ", ";
    names += model.name;
  }
  return names;
}

std::optional<std::string> model_problem(const std::string& name) {
  if (engine_hw::find_model(name)) return std::nullopt;
  return "unknown engine model \"" + name + "\" (known: " + model_names() + ")";
}

std::optional<std::string> range_problem(std::int64_t value, std::int64_t lo, std::int64_t hi) {
  if (value >= lo && value <= hi) return std::nullopt;
  return std::to_string(value) + " is out of range " + std::to_string(lo) + ".." +
         std::to_string(hi);
}

// Two [network] ports that are equal, and why that is refused.
struct PortClash {
  std::string_view first;
  std::string_view second;
  std::string reason;
};

std::optional<PortClash> duplicate_port_problem(const DaemonConfig& c) {
  const std::array<std::pair<std::string_view, std::uint16_t>, 3> ports = {{
      {"ipps_port", c.ipps_port},
      {"https_port", c.https_port},
      {"panel_port", c.panel_port},
  }};
  for (std::size_t i = 0; i < ports.size(); ++i) {
    for (std::size_t j = i + 1; j < ports.size(); ++j) {
      if (ports.at(i).second == ports.at(j).second) {
        return PortClash{ports.at(i).first, ports.at(j).first,
                         "[network] " + std::string(ports.at(j).first) + " " +
                             std::to_string(ports.at(j).second) + " is already used by " +
                             std::string(ports.at(i).first) + " (ports must be distinct)"};
      }
    }
  }
  return std::nullopt;
}

// ---- TOML node access. ----

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string position(std::string_view source, const toml::source_region& region) {
  return std::string(source) + ":" + std::to_string(region.begin.line) + ":" +
         std::to_string(region.begin.column);
}

Result<std::string> get_string(const toml::node& node) {
  if (const auto* value = node.as_string()) return value->get();
  return invalid("expected a string, got " + type_name(node));
}

Result<std::int64_t> get_integer(const toml::node& node, std::int64_t lo, std::int64_t hi) {
  const auto* value = node.as_integer();
  if (value == nullptr) return invalid("expected an integer, got " + type_name(node));
  if (auto problem = range_problem(value->get(), lo, hi)) return invalid(*problem);
  return value->get();
}

Result<std::string> get_address(const toml::node& node, bool loopback_only) {
  MFP_ASSIGN_OR_RETURN(std::string text, get_string(node));
  if (auto problem = address_problem(text, loopback_only)) return invalid(*problem);
  return text;
}

Result<std::uint16_t> get_port(const toml::node& node) {
  MFP_ASSIGN_OR_RETURN(std::int64_t port, get_integer(node, 1, 65535));
  return static_cast<std::uint16_t>(port);
}

// One known key: where it lives and how it lands in the configuration. `apply` returns the
// reason a value is refused, without position or key name (the caller adds both).
struct KeySpec {
  std::string_view table;
  std::string_view key;
  Status (*apply)(const toml::node& node, DaemonConfig& config);
};

// NOLINTBEGIN(readability-function-cognitive-complexity): a flat table of small lambdas.
const std::array<KeySpec, 10>& key_specs() {
  static const std::array<KeySpec, 10> specs = {{
      {"network", "address",
       [](const toml::node& n, DaemonConfig& c) -> Status {
         MFP_ASSIGN_OR_RETURN(c.address, get_address(n, /*loopback_only=*/false));
         return Status::ok();
       }},
      {"network", "panel_address",
       [](const toml::node& n, DaemonConfig& c) -> Status {
         MFP_ASSIGN_OR_RETURN(c.panel_address, get_address(n, /*loopback_only=*/true));
         return Status::ok();
       }},
      {"network", "ipps_port",
       [](const toml::node& n, DaemonConfig& c) -> Status {
         MFP_ASSIGN_OR_RETURN(c.ipps_port, get_port(n));
         return Status::ok();
       }},
      {"network", "https_port",
       [](const toml::node& n, DaemonConfig& c) -> Status {
         MFP_ASSIGN_OR_RETURN(c.https_port, get_port(n));
         return Status::ok();
       }},
      {"network", "panel_port",
       [](const toml::node& n, DaemonConfig& c) -> Status {
         MFP_ASSIGN_OR_RETURN(c.panel_port, get_port(n));
         return Status::ok();
       }},
      {"engine", "model",
       [](const toml::node& n, DaemonConfig& c) -> Status {
         MFP_ASSIGN_OR_RETURN(std::string name, get_string(n));
         auto model = engine_hw::find_model(name);
         if (!model) return invalid(*model_problem(name));
         c.engine_model = model->name;  // canonical spelling ("apeosport c7070" -> "C7070")
         return Status::ok();
       }},
      {"engine", "speed",
       [](const toml::node& n, DaemonConfig& c) -> Status {
         MFP_ASSIGN_OR_RETURN(std::string text, get_string(n));
         for (EngineSpeed s : {EngineSpeed::rated, EngineSpeed::unthrottled}) {
           if (text == to_string(s)) {
             c.engine_speed = s;
             return Status::ok();
           }
         }
         return invalid("\"" + text + "\" is not \"rated\" or \"unthrottled\"");
       }},
      {"jobs", "history_count",
       [](const toml::node& n, DaemonConfig& c) -> Status {
         MFP_ASSIGN_OR_RETURN(std::int64_t v, get_integer(n, 1, DaemonConfig::kMaxHistoryCount));
         c.history_count = static_cast<std::uint32_t>(v);
         return Status::ok();
       }},
      {"jobs", "history_minutes",
       [](const toml::node& n, DaemonConfig& c) -> Status {
         MFP_ASSIGN_OR_RETURN(std::int64_t v, get_integer(n, 1, DaemonConfig::kMaxHistoryMinutes));
         c.history_minutes = static_cast<std::uint32_t>(v);
         return Status::ok();
       }},
      {"log", "level",
       [](const toml::node& n, DaemonConfig& c) -> Status {
         MFP_ASSIGN_OR_RETURN(std::string text, get_string(n));
         for (LogLevel l : {LogLevel::debug, LogLevel::info, LogLevel::warning, LogLevel::error}) {
           if (text == to_string(l)) {
             c.log_level = l;
             return Status::ok();
           }
         }
         return invalid("\"" + text + "\" is not \"debug\", \"info\", \"warning\" or \"error\"");
       }},
  }};
  return specs;
}
// NOLINTEND(readability-function-cognitive-complexity)

bool is_known_table(std::string_view name) {
  for (const auto& spec : key_specs()) {
    if (spec.table == name) return true;
  }
  return false;
}

std::string known_keys(std::string_view table) {
  std::string keys;
  for (const auto& spec : key_specs()) {
    if (spec.table != table) continue;
    if (!keys.empty()) keys += ", ";
    keys += spec.key;
  }
  return keys;
}

// Applies one [table] to `config`; every key must be known and well-typed.
Status apply_table(std::string_view source, std::string_view table_name, const toml::table& table,
                   DaemonConfig& config) {
  for (auto&& [key, node] : table) {
    const KeySpec* spec = nullptr;
    for (const auto& candidate : key_specs()) {
      if (candidate.table == table_name && candidate.key == key.str()) spec = &candidate;
    }
    if (spec == nullptr) {
      // A misspelt key silently falling back to its default is worse than refusing to start.
      return invalid(position(source, key.source()) + ": unknown key \"" + std::string(key.str()) +
                     "\" in [" + std::string(table_name) + "] (known: " + known_keys(table_name) +
                     ")");
    }
    const Status status = spec->apply(node, config);
    if (!status.is_ok()) {
      return invalid(position(source, node.source()) + ": [" + std::string(table_name) + "] " +
                     std::string(spec->key) + ": " + status.message());
    }
  }
  return Status::ok();
}

Result<DaemonConfig> from_document(std::string_view source, const toml::table& document) {
  DaemonConfig config;
  for (auto&& [key, node] : document) {
    const std::string name(key.str());
    if (!is_known_table(name)) {
      return invalid(position(source, key.source()) + ": unknown " +
                     (node.is_table() ? "table [" + name + "]" : "key \"" + name + "\"") +
                     " (known tables: [network], [engine], [jobs], [log])");
    }
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      return invalid(position(source, node.source()) + ": [" + name + "] must be a table, got " +
                     type_name(node));
    }
    MFP_RETURN_IF_ERROR(apply_table(source, name, *table, config));
  }
  // Per-key checks ran above with positions; the port clash is the one check across keys. It
  // is reported at whichever of the two keys the file sets (the later one if both).
  if (auto clash = duplicate_port_problem(config)) {
    const toml::node* node = document["network"][clash->second].node();
    if (node == nullptr) node = document["network"][clash->first].node();
    const std::string where =
        node != nullptr ? position(source, node->source()) : std::string(source);
    return invalid(where + ": " + clash->reason);
  }
  if (Status status = config.validate(); !status.is_ok()) {
    return invalid(std::string(source) + ": " + status.message());
  }
  return config;
}

// A TOML basic string holding `text`.
std::string quote(std::string_view text) {
  std::string out = "\"";
  for (const char ch : text) {
    const auto byte = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (byte < 0x20 || byte == 0x7f) {
      std::array<char, 8> escaped{};
      std::snprintf(escaped.data(), escaped.size(), "\\u%04x", byte);
      out += escaped.data();
    } else {
      out += ch;
    }
  }
  out += '"';
  return out;
}

}  // namespace

Status DaemonConfig::validate() const {
  if (auto p = address_problem(address, false)) return invalid("[network] address: " + *p);
  if (auto p = address_problem(panel_address, true)) {
    return invalid("[network] panel_address: " + *p);
  }
  // The uint16_t members cannot exceed 65535; 0 ("any port") is the only bad value left.
  if (ipps_port == 0) return invalid("[network] ipps_port: 0 is out of range 1..65535");
  if (https_port == 0) return invalid("[network] https_port: 0 is out of range 1..65535");
  if (panel_port == 0) return invalid("[network] panel_port: 0 is out of range 1..65535");
  if (auto clash = duplicate_port_problem(*this)) return invalid(clash->reason);
  if (auto p = model_problem(engine_model)) return invalid("[engine] model: " + *p);
  if (auto p = range_problem(history_count, 1, kMaxHistoryCount)) {
    return invalid("[jobs] history_count: " + *p);
  }
  if (auto p = range_problem(history_minutes, 1, kMaxHistoryMinutes)) {
    return invalid("[jobs] history_minutes: " + *p);
  }
  return Status::ok();
}

Result<DaemonConfig> DaemonConfig::parse(std::string_view text, std::string_view source_name) {
  // toml++ reports errors by exception or by parse_result depending on how it was built;
  // both paths end in a Status, and nothing thrown leaves this function.
  try {
#if TOML_EXCEPTIONS
    try {
      const toml::table document = toml::parse(text, source_name);
      return from_document(source_name, document);
    } catch (const toml::parse_error& e) {
      return invalid(position(source_name, e.source()) +
                     ": syntax error: " + std::string(e.description()));
    }
#else
    const toml::parse_result result = toml::parse(text, source_name);
    if (!result) {
      return invalid(position(source_name, result.error().source()) +
                     ": syntax error: " + std::string(result.error().description()));
    }
    return from_document(source_name, result.table());
#endif
  } catch (const std::bad_alloc&) {
    return Status(StatusCode::resource_exhausted, std::string(source_name) + ": out of memory");
  } catch (const std::exception& e) {
    return Status(StatusCode::internal, std::string(source_name) + ": " + e.what());
  } catch (...) {
    return Status(StatusCode::internal, std::string(source_name) + ": unexpected exception");
  }
}

Result<DaemonConfig> DaemonConfig::load(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    if (!ec || ec == std::errc::no_such_file_or_directory) {
      return Status(StatusCode::not_found, path.string() + ": no such configuration file");
    }
    return Status(StatusCode::io_error, path.string() + ": " + ec.message());
  }
  if (!std::filesystem::is_regular_file(status)) {
    return Status(StatusCode::io_error, path.string() + ": not a regular file");
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Status(StatusCode::io_error, path.string() + ": " + ec.message());
  if (size > kMaxFileBytes) {
    return Status(StatusCode::limit_exceeded,
                  path.string() + ": larger than " + std::to_string(kMaxFileBytes) + " bytes");
  }
  std::string text;
  try {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return Status(StatusCode::io_error, path.string() + ": cannot open: " + std::strerror(errno));
    }
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) return Status(StatusCode::io_error, path.string() + ": read failed");
  } catch (const std::exception& e) {
    return Status(StatusCode::io_error, path.string() + ": " + e.what());
  }
  return parse(text, path.string());
}

std::string DaemonConfig::to_toml() const {
  std::ostringstream out;
  out << "# mfpd configuration: the effective values. Every key may be left out, taking its\n"
         "# default; unknown tables and keys are refused.\n"
         "\n"
         "[network]\n"
         "# IP literal (IPv4 or IPv6) the IPPS and HTTPS listeners bind to; host names are "
         "refused.\n"
      << "address = " << quote(address) << "\n"
      << "# Loopback IP literal (127.0.0.0/8 or ::1) the operator-panel listener binds to.\n"
      << "panel_address = " << quote(panel_address) << "\n"
      << "# Port of the IPP-over-TLS listener (ipps://), 1..65535; the three ports differ.\n"
      << "ipps_port = " << ipps_port << "\n"
      << "# Port of the HTTPS listener (the embedded web pages), 1..65535.\n"
      << "https_port = " << https_port << "\n"
      << "# Port of the operator-panel listener (loopback only), 1..65535.\n"
      << "panel_port = " << panel_port << "\n"
      << "\n"
      << "[engine]\n"
      << "# Engine model: one of " << model_names() << ".\n"
      << "model = " << quote(engine_model) << "\n"
      << "# \"rated\": the model's rated pages per minute; \"unthrottled\": as fast as fed.\n"
      << "speed = " << quote(to_string(engine_speed)) << "\n"
      << "\n"
      << "[jobs]\n"
      << "# Finished jobs kept in the job history, 1.." << kMaxHistoryCount << ".\n"
      << "history_count = " << history_count << "\n"
      << "# Minutes a finished job stays in the history, 1.." << kMaxHistoryMinutes << ".\n"
      << "history_minutes = " << history_minutes << "\n"
      << "\n"
      << "[log]\n"
      << "# Least severe message logged: \"debug\", \"info\", \"warning\" or \"error\".\n"
      << "level = " << quote(to_string(log_level)) << "\n";
  return out.str();
}

}  // namespace mfp::frontends::mfpd
