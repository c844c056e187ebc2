#include "frontends/mfpd/daemon_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace mfp::frontends::mfpd {
namespace {

using pipeline::StatusCode;
using ::testing::HasSubstr;

// Parses `text` and expects invalid_argument whose message contains every one of `parts`.
template <typename... Parts>
void expect_refused(const std::string& text, const Parts&... parts) {
  const auto result = DaemonConfig::parse(text, "mfpd.toml");
  ASSERT_FALSE(result.is_ok()) << text;
  EXPECT_EQ(result.status().code(), StatusCode::invalid_argument) << text;
  for (const std::string& part : {std::string(parts)...}) {
    EXPECT_THAT(result.status().message(), HasSubstr(part)) << text;
  }
}

TEST(DaemonConfig, Defaults) {
  const DaemonConfig c = DaemonConfig::defaults();
  EXPECT_EQ(c.addresses, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_EQ(c.panel_address, "127.0.0.1");
  EXPECT_EQ(c.ipps_port, 8631);
  EXPECT_EQ(c.https_port, 8443);
  EXPECT_EQ(c.http_port, 8000);
  EXPECT_EQ(c.panel_port, 8080);
  EXPECT_EQ(c.engine_model, "C7070");
  EXPECT_EQ(c.engine_speed, EngineSpeed::rated);
  EXPECT_EQ(c.history_count, 500u);
  EXPECT_EQ(c.history_minutes, 1440u);
  EXPECT_EQ(c.log_level, LogLevel::info);
  EXPECT_TRUE(c.validate().is_ok());
}

TEST(DaemonConfig, EmptyFileAndEmptyTablesGiveDefaults) {
  auto empty = DaemonConfig::parse("", "mfpd.toml");
  ASSERT_TRUE(empty.is_ok()) << empty.status().to_string();
  EXPECT_EQ(*empty, DaemonConfig::defaults());
  auto tables = DaemonConfig::parse("# comment\n[network]\n[engine]\n[jobs]\n[log]\n", "x");
  ASSERT_TRUE(tables.is_ok()) << tables.status().to_string();
  EXPECT_EQ(*tables, DaemonConfig::defaults());
}

TEST(DaemonConfig, EveryKeyIsRead) {
  const auto result = DaemonConfig::parse(R"(
[network]
address = "::"
panel_address = "::1"
ipps_port = 631
https_port = 443
http_port = 80
panel_port = 8081

[engine]
model = "C3070"
speed = "unthrottled"

[jobs]
history_count = 10000
history_minutes = 1

[log]
level = "debug"
)",
                                          "mfpd.toml");
  ASSERT_TRUE(result.is_ok()) << result.status().to_string();
  const DaemonConfig& c = result.value();
  EXPECT_EQ(c.addresses, std::vector<std::string>{"::"});
  EXPECT_EQ(c.panel_address, "::1");
  EXPECT_EQ(c.ipps_port, 631);
  EXPECT_EQ(c.https_port, 443);
  EXPECT_EQ(c.http_port, 80);
  EXPECT_EQ(c.panel_port, 8081);
  EXPECT_EQ(c.engine_model, "C3070");
  EXPECT_EQ(c.engine_speed, EngineSpeed::unthrottled);
  EXPECT_EQ(c.history_count, 10000u);
  EXPECT_EQ(c.history_minutes, 1u);
  EXPECT_EQ(c.log_level, LogLevel::debug);
}

TEST(DaemonConfig, AcceptedValues) {
  for (const char* address : {"0.0.0.0", "192.168.1.20", "::", "fe80::1", "::ffff:10.0.0.1"}) {
    auto r = DaemonConfig::parse(std::string("[network]\naddress = \"") + address + "\"\n", "x");
    ASSERT_TRUE(r.is_ok()) << address << ": " << r.status().to_string();
    EXPECT_EQ(r->addresses, std::vector<std::string>{address});
  }
  for (const char* panel : {"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"}) {
    auto r =
        DaemonConfig::parse(std::string("[network]\npanel_address = \"") + panel + "\"\n", "x");
    ASSERT_TRUE(r.is_ok()) << panel << ": " << r.status().to_string();
  }
  for (const char* level : {"debug", "info", "warning", "error"}) {
    auto r = DaemonConfig::parse(std::string("[log]\nlevel = \"") + level + "\"\n", "x");
    ASSERT_TRUE(r.is_ok()) << level;
    EXPECT_EQ(to_string(r->log_level), level);
  }
  for (const char* model : {"C7070", "C6570", "C5570", "C4570", "C3570", "C3070"}) {
    auto r = DaemonConfig::parse(std::string("[engine]\nmodel = \"") + model + "\"\n", "x");
    ASSERT_TRUE(r.is_ok()) << model;
    EXPECT_EQ(r->engine_model, model);
  }
  // The model name is matched as engine_hw::find_model does, and stored canonically.
  auto product = DaemonConfig::parse("[engine]\nmodel = \"ApeosPort c5570\"\n", "x");
  ASSERT_TRUE(product.is_ok()) << product.status().to_string();
  EXPECT_EQ(product->engine_model, "C5570");
  // Range ends.
  auto ends = DaemonConfig::parse(
      "[network]\nipps_port = 1\nhttps_port = 65535\n[jobs]\nhistory_count = 1\n"
      "history_minutes = 43200\n",
      "x");
  ASSERT_TRUE(ends.is_ok()) << ends.status().to_string();
  EXPECT_EQ(ends->ipps_port, 1);
  EXPECT_EQ(ends->https_port, 65535);
  EXPECT_EQ(ends->history_minutes, 43200u);
}

TEST(DaemonConfig, BadAddresses) {
  expect_refused("[network]\naddress = \"printer.example.com\"\n",
                 "mfpd.toml:2:", "[network] address", "host names are refused");
  expect_refused("[network]\naddress = \"localhost\"\n", "host names are refused");
  expect_refused("[network]\naddress = \"\"\n", "[network] address");
  expect_refused("[network]\naddress = \"256.1.1.1\"\n", "[network] address");
  expect_refused("[network]\naddress = \"127.0.0.1:80\"\n", "[network] address");
  expect_refused("[network]\naddress = 127\n", "expected a string or an array of strings",
                 "got an integer");
  expect_refused("[network]\npanel_address = \"0.0.0.0\"\n", "panel_address", "loopback");
  expect_refused("[network]\npanel_address = \"192.168.0.1\"\n", "not a loopback address");
  expect_refused("[network]\npanel_address = \"::\"\n", "not a loopback address");
  expect_refused("[network]\npanel_address = \"panel.local\"\n", "host names are refused");
}

TEST(DaemonConfig, AddressAsString) {
  auto r = DaemonConfig::parse("[network]\naddress = \"192.0.2.7\"\n", "x");
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->addresses, std::vector<std::string>{"192.0.2.7"});
}

TEST(DaemonConfig, AddressAsArray) {
  auto r = DaemonConfig::parse(
      "[network]\naddress = [\"0.0.0.0\", \"::\", \"fe80::1\", \"::ffff:10.0.0.1\"]\n", "x");
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->addresses,
            (std::vector<std::string>{"0.0.0.0", "::", "fe80::1", "::ffff:10.0.0.1"}));
  // Kept as written, in order.
  auto one = DaemonConfig::parse("[network]\naddress = [\"0:0::1\"]\n", "x");
  ASSERT_TRUE(one.is_ok()) << one.status().to_string();
  EXPECT_EQ(one->addresses, std::vector<std::string>{"0:0::1"});
  // The most the array takes.
  auto eight = DaemonConfig::parse(
      "[network]\naddress = [\"10.0.0.1\", \"10.0.0.2\", \"10.0.0.3\", \"10.0.0.4\", "
      "\"10.0.0.5\", \"10.0.0.6\", \"10.0.0.7\", \"10.0.0.8\"]\n",
      "x");
  ASSERT_TRUE(eight.is_ok()) << eight.status().to_string();
  EXPECT_EQ(eight->addresses.size(), DaemonConfig::kMaxAddresses);
}

TEST(DaemonConfig, BadAddressArrays) {
  expect_refused("[network]\naddress = []\n", "mfpd.toml:2:11", "[network] address",
                 "0 addresses; list 1..8");
  // The position is the offending element's, not the array's.
  expect_refused("[network]\naddress = [\"::1\", 7]\n", "mfpd.toml:2:19", "[network] address",
                 "element 2", "expected a string, got an integer");
  expect_refused("[network]\naddress = [\"::1\", [\"::2\"]]\n", "mfpd.toml:2:19", "element 2",
                 "got an array");
  expect_refused("[network]\naddress = [\"::1\",\n  \"printer.local\"]\n", "mfpd.toml:3:3",
                 "element 2", "host names are refused");
  expect_refused("[network]\naddress = { a = \"::1\" }\n", "mfpd.toml:2:11",
                 "expected a string or an array of strings, got a table");
  // Duplicates are found after parsing the literal, so other spellings of one address clash.
  expect_refused("[network]\naddress = [\"::1\", \"127.0.0.1\", \"::1\"]\n", "mfpd.toml:2:32",
                 "[network] address", "element 3 \"::1\" is the same address as element 1",
                 "list each address once");
  expect_refused("[network]\naddress = [\"::1\", \"0:0:0::0001\"]\n", "mfpd.toml:2:19",
                 "element 2 \"0:0:0::0001\" is the same address as element 1 \"::1\"");
  expect_refused("[network]\naddress = [\"10.1.2.3\", \"::ffff:10.1.2.3\"]\n",
                 "is the same address");
  expect_refused(
      "[network]\naddress = [\"10.0.0.1\", \"10.0.0.2\", \"10.0.0.3\", \"10.0.0.4\", "
      "\"10.0.0.5\", \"10.0.0.6\", \"10.0.0.7\", \"10.0.0.8\", \"10.0.0.9\"]\n",
      "mfpd.toml:2:108", "[network] address", "9 addresses; list 1..8");
}

TEST(DaemonConfig, HttpPort) {
  EXPECT_EQ(DaemonConfig::defaults().http_port, 8000);
  auto r = DaemonConfig::parse("[network]\nhttp_port = 8001\n", "x");
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->http_port, 8001);
  auto top = DaemonConfig::parse("[network]\nhttp_port = 65535\n", "x");
  ASSERT_TRUE(top.is_ok()) << top.status().to_string();
  EXPECT_EQ(top->http_port, 65535);
  expect_refused("[network]\nhttp_port = 65536\n", "mfpd.toml:2:13", "[network] http_port",
                 "65536 is out of range 0..65535");
  expect_refused("[network]\nhttp_port = -1\n", "[network] http_port", "out of range");
  expect_refused("[network]\nhttp_port = \"80\"\n", "http_port", "expected an integer");
  expect_refused("[network]\nhttp_port = 8631\n", "mfpd.toml:2:13", "http_port",
                 "already used by ipps_port");
  expect_refused("[network]\nhttp_port = 9000\nipps_port = 9000\n", "mfpd.toml:2:13",
                 "[network] http_port 9000 is already used by ipps_port");
  expect_refused("[network]\nhttp_port = 8080\n", "already used by http_port");
}

TEST(DaemonConfig, PortZeroMeansEphemeral) {
  for (const char* key : {"ipps_port", "https_port", "http_port"}) {
    auto r = DaemonConfig::parse(std::string("[network]\n") + key + " = 0\n", "x");
    ASSERT_TRUE(r.is_ok()) << key << ": " << r.status().to_string();
    EXPECT_TRUE(r->validate().is_ok()) << key;
  }
  // Zeros never clash with each other.
  auto zeros =
      DaemonConfig::parse("[network]\nipps_port = 0\nhttps_port = 0\nhttp_port = 0\n", "x");
  ASSERT_TRUE(zeros.is_ok()) << zeros.status().to_string();
  EXPECT_EQ(zeros->ipps_port, 0);
  EXPECT_EQ(zeros->https_port, 0);
  EXPECT_EQ(zeros->http_port, 0);
  expect_refused("[network]\npanel_port = 0\n", "mfpd.toml:2:14", "[network] panel_port",
                 "0 is out of range 1..65535");
}

TEST(DaemonConfig, BadPorts) {
  expect_refused("[network]\nhttps_port = 65536\n", "[network] https_port", "out of range");
  expect_refused("[network]\npanel_port = -1\n", "[network] panel_port", "out of range");
  expect_refused("[network]\nipps_port = \"8631\"\n", "ipps_port", "expected an integer");
  expect_refused("[network]\nipps_port = 8631.0\n", "ipps_port", "got a float");
  expect_refused("[network]\nipps_port = 8443\n", "mfpd.toml:2:13", "https_port",
                 "already used by ipps_port", "distinct");
  expect_refused("[network]\npanel_port = 8631\n", "mfpd.toml:2:14", "panel_port",
                 "already used by ipps_port");
  expect_refused("[network]\nhttps_port = 8080\n", "panel_port", "already used by https_port");
}

TEST(DaemonConfig, BadEngine) {
  expect_refused("[engine]\nmodel = \"C9999\"\n", "mfpd.toml:2:9", "[engine] model",
                 "unknown engine model \"C9999\"", "C7070, C6570");
  expect_refused("[engine]\nmodel = 7070\n", "[engine] model", "expected a string");
  expect_refused("[engine]\nspeed = \"fast\"\n", "[engine] speed", "\"rated\" or \"unthrottled\"");
  expect_refused("[engine]\nspeed = \"Rated\"\n", "[engine] speed");
  expect_refused("[engine]\nspeed = true\n", "[engine] speed", "got a boolean");
}

TEST(DaemonConfig, BadJobs) {
  expect_refused("[jobs]\nhistory_count = 0\n", "[jobs] history_count",
                 "0 is out of range 1..10000");
  expect_refused("[jobs]\nhistory_count = 10001\n", "[jobs] history_count", "out of range");
  expect_refused("[jobs]\nhistory_minutes = 0\n", "[jobs] history_minutes", "1..43200");
  expect_refused("[jobs]\nhistory_minutes = 43201\n", "[jobs] history_minutes");
  expect_refused("[jobs]\nhistory_minutes = 99999999999999\n", "[jobs] history_minutes");
  expect_refused("[jobs]\nhistory_count = [1]\n", "history_count", "got an array");
}

TEST(DaemonConfig, BadLogLevel) {
  expect_refused("[log]\nlevel = \"verbose\"\n", "mfpd.toml:2:9", "[log] level", "\"debug\"");
  expect_refused("[log]\nlevel = \"INFO\"\n", "[log] level");
  expect_refused("[log]\nlevel = 1\n", "[log] level", "expected a string");
}

TEST(DaemonConfig, UnknownTablesAndKeysAreRefused) {
  expect_refused("[network]\nipps_prot = 631\n", "mfpd.toml:2:1", "unknown key \"ipps_prot\"",
                 "[network]", "known: address");
  expect_refused("[engine]\nmodel = \"C7070\"\ncolor = true\n", "mfpd.toml:3:1",
                 "unknown key \"color\" in [engine]");
  expect_refused("[netwrok]\naddress = \"::1\"\n", "mfpd.toml:1:", "unknown table [netwrok]");
  expect_refused("address = \"::1\"\n", "mfpd.toml:1:1", "unknown key \"address\"");
  expect_refused("network = 5\n", "[network] must be a table, got an integer");
  expect_refused("[[network]]\naddress = \"::1\"\n", "[network] must be a table, got an array");
  expect_refused("[network.extra]\nx = 1\n", "unknown key \"extra\" in [network]");
}

TEST(DaemonConfig, SyntaxErrorNamesLineAndColumn) {
  const auto result =
      DaemonConfig::parse("[network]\naddress = \"::1\"\nipps_port = = 5\n", "/etc/mfpd.toml");
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().code(), StatusCode::invalid_argument);
  EXPECT_THAT(result.status().message(), HasSubstr("/etc/mfpd.toml:3:"));
  EXPECT_THAT(result.status().message(), HasSubstr("syntax error"));
  expect_refused("[network\n", "mfpd.toml:1:", "syntax error");
  expect_refused("\n\n[log]\nlevel = \"info\nx\"\n", "mfpd.toml:4:", "syntax error");
  expect_refused("[log]\nlevel = \"info\"\nlevel = \"debug\"\n", "mfpd.toml:3:", "syntax error");
}

TEST(DaemonConfig, RoundTripsThroughToml) {
  const DaemonConfig defaults = DaemonConfig::defaults();
  auto again = DaemonConfig::parse(defaults.to_toml(), "print-config");
  ASSERT_TRUE(again.is_ok()) << again.status().to_string() << "\n" << defaults.to_toml();
  EXPECT_EQ(*again, defaults);

  DaemonConfig custom;
  custom.addresses = {"2001:db8::7", "0.0.0.0", "::ffff:192.0.2.1"};
  custom.panel_address = "::1";
  custom.ipps_port = 10631;
  custom.https_port = 0;
  custom.http_port = 0;
  custom.panel_port = 10080;
  custom.engine_model = "C4570";
  custom.engine_speed = EngineSpeed::unthrottled;
  custom.history_count = 42;
  custom.history_minutes = 7;
  custom.log_level = LogLevel::warning;
  ASSERT_TRUE(custom.validate().is_ok());
  const std::string text = custom.to_toml();
  auto parsed = DaemonConfig::parse(text, "print-config");
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().to_string() << "\n" << text;
  EXPECT_EQ(*parsed, custom);
  // A comment per key.
  EXPECT_THAT(text, HasSubstr("# Finished jobs kept"));
  EXPECT_THAT(text, HasSubstr("history_count = 42\n"));
  EXPECT_THAT(text, HasSubstr("speed = \"unthrottled\"\n"));
  EXPECT_THAT(text, HasSubstr("address = [\"2001:db8::7\", \"0.0.0.0\", \"::ffff:192.0.2.1\"]\n"));
  EXPECT_THAT(text, HasSubstr("# Port of the plain-HTTP listener"));
  EXPECT_THAT(text, HasSubstr("http_port = 0\n"));

  // One address is written as a string and still comes back equal.
  custom.addresses = {"192.0.2.9"};
  const std::string single = custom.to_toml();
  EXPECT_THAT(single, HasSubstr("address = \"192.0.2.9\"\n"));
  auto single_parsed = DaemonConfig::parse(single, "print-config");
  ASSERT_TRUE(single_parsed.is_ok()) << single_parsed.status().to_string() << "\n" << single;
  EXPECT_EQ(*single_parsed, custom);
}

TEST(DaemonConfig, ValidateChecksConstructedValues) {
  DaemonConfig c;
  c.https_port = c.ipps_port;
  EXPECT_EQ(c.validate().code(), StatusCode::invalid_argument);
  c = DaemonConfig{};
  c.engine_model = "C1";
  EXPECT_THAT(c.validate().message(), HasSubstr("[engine] model"));
  c = DaemonConfig{};
  c.history_count = 0;
  EXPECT_THAT(c.validate().message(), HasSubstr("[jobs] history_count"));
  c = DaemonConfig{};
  c.panel_address = "10.0.0.1";
  EXPECT_THAT(c.validate().message(), HasSubstr("panel_address"));
  c = DaemonConfig{};
  c.panel_port = 0;
  EXPECT_THAT(c.validate().message(), HasSubstr("panel_port"));
  c = DaemonConfig{};
  c.ipps_port = 0;
  c.https_port = 0;
  c.http_port = 0;
  EXPECT_TRUE(c.validate().is_ok());
  c = DaemonConfig{};
  c.http_port = c.https_port;
  EXPECT_THAT(c.validate().message(), HasSubstr("http_port"));
  c = DaemonConfig{};
  c.addresses = {};
  EXPECT_THAT(c.validate().message(), HasSubstr("[network] address: 0 addresses"));
  c.addresses = std::vector<std::string>(9, "::1");
  EXPECT_THAT(c.validate().message(), HasSubstr("9 addresses"));
  c.addresses = {"::1", "nas.local"};
  EXPECT_THAT(c.validate().message(), HasSubstr("element 2"));
  c.addresses = {"127.0.0.1", "::1", "127.000.0.1"};
  // inet_pton refuses leading zeros in IPv4, so this is a bad literal rather than a repeat.
  EXPECT_THAT(c.validate().message(), HasSubstr("element 3"));
  c.addresses = {"127.0.0.1", "::1", "::0:1"};
  EXPECT_THAT(c.validate().message(), HasSubstr("same address"));
}

TEST(DaemonConfig, LoadReadsAFile) {
  testing::TempDir dir("mfpd-config");
  const auto path = dir.path() / "mfpd.toml";
  {
    std::ofstream out(path);
    out << "[engine]\nspeed = \"unthrottled\"\n\n[log]\nlevel = \"nonsense\"\n";
  }
  auto bad = DaemonConfig::load(path);
  ASSERT_FALSE(bad.is_ok());
  EXPECT_THAT(bad.status().message(), HasSubstr(path.string() + ":5:9"));
  {
    std::ofstream out(path, std::ios::trunc);
    out << "[engine]\nspeed = \"unthrottled\"\n";
  }
  auto good = DaemonConfig::load(path);
  ASSERT_TRUE(good.is_ok()) << good.status().to_string();
  EXPECT_EQ(good->engine_speed, EngineSpeed::unthrottled);

  auto missing = DaemonConfig::load(dir.path() / "absent.toml");
  ASSERT_FALSE(missing.is_ok());
  EXPECT_EQ(missing.status().code(), StatusCode::not_found);
  auto directory = DaemonConfig::load(dir.path());
  ASSERT_FALSE(directory.is_ok());
  EXPECT_EQ(directory.status().code(), StatusCode::io_error);
}

}  // namespace
}  // namespace mfp::frontends::mfpd
