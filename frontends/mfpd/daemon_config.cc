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
#include <vector>

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

// The address `text` names, spelt canonically, so that "::1" and "0:0::1" compare equal. An
// IPv4-mapped IPv6 address is spelt as its IPv4 address: on a dual-stack host it is the same
// endpoint, and binding both would fail with "address in use". nullopt for a non-literal.
std::optional<std::string> canonical_address(const std::string& text) {
  in_addr v4{};
  in6_addr v6{};
  std::array<char, INET6_ADDRSTRLEN> buffer{};
  if (::inet_pton(AF_INET, text.c_str(), &v4) != 1) {
    if (::inet_pton(AF_INET6, text.c_str(), &v6) != 1) return std::nullopt;
    if (!IN6_IS_ADDR_V4MAPPED(&v6)) {
      if (::inet_ntop(AF_INET6, &v6, buffer.data(), buffer.size()) == nullptr) return std::nullopt;
      return std::string(buffer.data());
    }
    std::memcpy(&v4.s_addr, &v6.s6_addr[12], sizeof v4.s_addr);  // NOLINT(*-array-index)
  }
  if (::inet_ntop(AF_INET, &v4, buffer.data(), buffer.size()) == nullptr) return std::nullopt;
  return std::string(buffer.data());
}

// Two entries of a listener address list that name the same address: indexes first < second.
struct AddressClash {
  std::size_t first;
  std::size_t second;
  std::string reason;
};

// The earliest repeated address in `addresses` (entries that are not IP literals are skipped;
// address_problem() reports those).
std::optional<AddressClash> duplicate_address_problem(const std::vector<std::string>& addresses) {
  std::vector<std::optional<std::string>> canonical;
  canonical.reserve(addresses.size());
  for (const auto& text : addresses) canonical.push_back(canonical_address(text));
  for (std::size_t j = 1; j < canonical.size(); ++j) {
    if (!canonical.at(j)) continue;
    for (std::size_t i = 0; i < j; ++i) {
      if (canonical.at(i) == canonical.at(j)) {
        return AddressClash{i, j,
                            "element " + std::to_string(j + 1) + " \"" + addresses.at(j) +
                                "\" is the same address as element " + std::to_string(i + 1) +
                                " \"" + addresses.at(i) + "\" (list each address once)"};
      }
    }
  }
  return std::nullopt;
}

std::string address_count_problem(std::size_t count) {
  return std::to_string(count) + " addresses; list 1.." +
         std::to_string(DaemonConfig::kMaxAddresses);
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

// Port 0 asks the kernel for a fresh ephemeral port per listener, so zeros never clash.
std::optional<PortClash> duplicate_port_problem(const DaemonConfig& c) {
  const std::array<std::pair<std::string_view, std::uint16_t>, 5> ports = {{
      {"ipps_port", c.ipps_port},
      {"https_port", c.https_port},
      {"http_port", c.http_port},
      {"raw_port", c.raw_port},
      {"panel_port", c.panel_port},
  }};
  for (std::size_t i = 0; i < ports.size(); ++i) {
    for (std::size_t j = i + 1; j < ports.size(); ++j) {
      if (ports.at(i).second != 0 && ports.at(i).second == ports.at(j).second) {
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

// `lowest` is 0 for the listeners that accept an ephemeral port, 1 for the others.
Result<std::uint16_t> get_port(const toml::node& node, std::int64_t lowest) {
  MFP_ASSIGN_OR_RETURN(std::int64_t port, get_integer(node, lowest, 65535));
  return static_cast<std::uint16_t>(port);
}

// [network] address: one IP literal, or an array of 1..kMaxAddresses distinct ones. Points
// `at` at the offending element so the message names its own line and column.
Status get_addresses(const toml::node& node, std::vector<std::string>& addresses,
                     const toml::node*& at) {
  if (node.is_string()) {
    MFP_ASSIGN_OR_RETURN(std::string text, get_address(node, /*loopback_only=*/false));
    addresses = {std::move(text)};
    return Status::ok();
  }
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    return invalid("expected a string or an array of strings, got " + type_name(node));
  }
  if (array->empty() || array->size() > DaemonConfig::kMaxAddresses) {
    if (!array->empty()) at = array->get(DaemonConfig::kMaxAddresses);
    return invalid(address_count_problem(array->size()));
  }
  std::vector<std::string> parsed;
  parsed.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    at = array->get(i);
    auto text = get_address(*at, /*loopback_only=*/false);
    if (!text.is_ok()) {
      return invalid("element " + std::to_string(i + 1) + ": " + text.status().message());
    }
    parsed.push_back(std::move(text).value());
  }
  if (auto clash = duplicate_address_problem(parsed)) {
    at = array->get(clash->second);
    return invalid(clash->reason);
  }
  at = &node;
  addresses = std::move(parsed);
  return Status::ok();
}

// One known key: where it lives and how it lands in the configuration. `apply` returns the
// reason a value is refused, without position or key name (the caller adds both, taking the
// position from `at`, which starts as `node` and may be moved to an element of it).
struct KeySpec {
  std::string_view table;
  std::string_view key;
  Status (*apply)(const toml::node& node, DaemonConfig& config, const toml::node*& at);
};

// NOLINTBEGIN(readability-function-cognitive-complexity): a flat table of small lambdas.
const std::array<KeySpec, 12>& key_specs() {
  static const std::array<KeySpec, 12> specs = {{
      {"network", "address",
       [](const toml::node& n, DaemonConfig& c, const toml::node*& at) -> Status {
         return get_addresses(n, c.addresses, at);
       }},
      {"network", "panel_address",
       [](const toml::node& n, DaemonConfig& c, const toml::node*& /*at*/) -> Status {
         MFP_ASSIGN_OR_RETURN(c.panel_address, get_address(n, /*loopback_only=*/true));
         return Status::ok();
       }},
      {"network", "ipps_port",
       [](const toml::node& n, DaemonConfig& c, const toml::node*& /*at*/) -> Status {
         MFP_ASSIGN_OR_RETURN(c.ipps_port, get_port(n, /*lowest=*/0));
         return Status::ok();
       }},
      {"network", "https_port",
       [](const toml::node& n, DaemonConfig& c, const toml::node*& /*at*/) -> Status {
         MFP_ASSIGN_OR_RETURN(c.https_port, get_port(n, /*lowest=*/0));
         return Status::ok();
       }},
      {"network", "http_port",
       [](const toml::node& n, DaemonConfig& c, const toml::node*& /*at*/) -> Status {
         MFP_ASSIGN_OR_RETURN(c.http_port, get_port(n, /*lowest=*/0));
         return Status::ok();
       }},
      {"network", "raw_port",
       [](const toml::node& n, DaemonConfig& c, const toml::node*& /*at*/) -> Status {
         MFP_ASSIGN_OR_RETURN(c.raw_port, get_port(n, /*lowest=*/0));
         return Status::ok();
       }},
      {"network", "panel_port",
       [](const toml::node& n, DaemonConfig& c, const toml::node*& /*at*/) -> Status {
         MFP_ASSIGN_OR_RETURN(c.panel_port, get_port(n, /*lowest=*/1));
         return Status::ok();
       }},
      {"engine", "model",
       [](const toml::node& n, DaemonConfig& c, const toml::node*& /*at*/) -> Status {
         MFP_ASSIGN_OR_RETURN(std::string name, get_string(n));
         auto model = engine_hw::find_model(name);
         if (!model) return invalid(*model_problem(name));
         c.engine_model = model->name;  // canonical spelling ("apeosport c7070" -> "C7070")
         return Status::ok();
       }},
      {"engine", "speed",
       [](const toml::node& n, DaemonConfig& c, const toml::node*& /*at*/) -> Status {
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
       [](const toml::node& n, DaemonConfig& c, const toml::node*& /*at*/) -> Status {
         MFP_ASSIGN_OR_RETURN(std::int64_t v, get_integer(n, 1, DaemonConfig::kMaxHistoryCount));
         c.history_count = static_cast<std::uint32_t>(v);
         return Status::ok();
       }},
      {"jobs", "history_minutes",
       [](const toml::node& n, DaemonConfig& c, const toml::node*& /*at*/) -> Status {
         MFP_ASSIGN_OR_RETURN(std::int64_t v, get_integer(n, 1, DaemonConfig::kMaxHistoryMinutes));
         c.history_minutes = static_cast<std::uint32_t>(v);
         return Status::ok();
       }},
      {"log", "level",
       [](const toml::node& n, DaemonConfig& c, const toml::node*& /*at*/) -> Status {
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
    const toml::node* at = &node;
    const Status status = spec->apply(node, config, at);
    if (!status.is_ok()) {
      return invalid(position(source, at->source()) + ": [" + std::string(table_name) + "] " +
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

// The TOML value of [network] address: a string for one address, else an array of strings.
std::string address_value(const std::vector<std::string>& addresses) {
  if (addresses.size() == 1) return quote(addresses.front());
  std::string out = "[";
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    if (i != 0) out += ", ";
    out += quote(addresses.at(i));
  }
  out += ']';
  return out;
}

}  // namespace

Status DaemonConfig::validate() const {
  if (addresses.empty() || addresses.size() > kMaxAddresses) {
    return invalid("[network] address: " + address_count_problem(addresses.size()));
  }
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    if (auto p = address_problem(addresses.at(i), false)) {
      return invalid("[network] address: element " + std::to_string(i + 1) + ": " + *p);
    }
  }
  if (auto clash = duplicate_address_problem(addresses)) {
    return invalid("[network] address: " + clash->reason);
  }
  if (auto p = address_problem(panel_address, true)) {
    return invalid("[network] panel_address: " + *p);
  }
  // The uint16_t members cannot exceed 65535, and 0 (ephemeral) is fine for the public
  // listeners; the panel port is fixed because the panel client has to know it in advance.
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
         "# IP literals (IPv4 or IPv6) the IPPS, HTTPS and plain-HTTP listeners each bind to:\n"
         "# one as a string, or an array of 1.."
      << kMaxAddresses << " distinct ones. Host names are refused.\n"
      << "address = " << address_value(addresses) << "\n"
      << "# Loopback IP literal (127.0.0.0/8 or ::1) the operator-panel listener binds to.\n"
      << "panel_address = " << quote(panel_address) << "\n"
      << "# Port of the IPP-over-TLS listener (ipps://), 0..65535; 0 picks an ephemeral port\n"
      << "# at start. The non-zero ports of the five listeners differ.\n"
      << "ipps_port = " << ipps_port << "\n"
      << "# Port of the HTTPS listener (the embedded web pages), 0..65535 (0: ephemeral).\n"
      << "https_port = " << https_port << "\n"
      << "# Port of the plain-HTTP listener, which only redirects to HTTPS, 0..65535 (0: "
         "ephemeral).\n"
      << "http_port = " << http_port << "\n"
      << "# Port of raw printing (listens only while the Port 9100 setting is on), 0..65535\n"
      << "# (0: ephemeral).\n"
      << "raw_port = " << raw_port << "\n"
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
