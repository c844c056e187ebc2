// mfpctl's command table: every command mfpctl offers (its --help tree, read from the built
// binary) is a row of ControlCommands::table() and every row is offered by mfpctl; rows name
// device-service operations the maintenance interface may run; requests go through the table.

#include "frontends/mfpd/control_commands.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/device/operation_table.h"
#include "tests/support/device_fixture.h"

namespace mfp::frontends::mfpd {
namespace {

const std::filesystem::path kMfpctl = std::filesystem::path(MFP_TEST_BINARY_DIR) / "bin/mfpctl";

std::string run(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  std::string out;
  if (!pipe) return out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0) out.append(buf, n);
  return out;
}

// The subcommand names listed under "Subcommands:" in a CLI11 help text.
std::vector<std::string> subcommands_of(const std::string& help) {
  std::vector<std::string> out;
  std::istringstream in(help);
  std::string line;
  bool listing = false;
  while (std::getline(in, line)) {
    if (line.rfind("Subcommands:", 0) == 0) {
      listing = true;
      continue;
    }
    if (!listing || line.size() < 3 || line.rfind("  ", 0) != 0) continue;
    std::istringstream words(line);
    std::string name;
    words >> name;
    out.push_back(name);
  }
  return out;
}

// Every leaf of mfpctl's subcommand tree, as space-separated paths ("certs trusted").
void collect_leaves(const std::string& path, std::set<std::string>& leaves) {
  const std::string help = run(kMfpctl.string() + " " + path + " --help 2>&1");
  const auto children = subcommands_of(help);
  if (children.empty()) {
    leaves.insert(path);
    return;
  }
  for (const auto& child : children) {
    collect_leaves(path.empty() ? child : path + " " + child, leaves);
  }
}

TEST(ControlCommands, MfpctlHelpListsExactlyTheCommandTable) {
  if (!std::filesystem::exists(kMfpctl)) GTEST_SKIP() << "mfpctl is not built at " << kMfpctl;
  std::set<std::string> leaves;
  collect_leaves("", leaves);
  std::set<std::string> table;
  for (const auto& row : ControlCommands::table()) table.insert(std::string(row.cli));
  EXPECT_EQ(leaves, table);
  EXPECT_GT(table.size(), 30u);
}

TEST(ControlCommands, RowsAreUniqueAndNameOperationsOfTheLocalInterface) {
  std::set<std::string_view> names;
  for (const auto& row : ControlCommands::table()) {
    EXPECT_TRUE(names.insert(row.name).second) << row.name;
    EXPECT_NE(row.handler, nullptr) << row.name;
    if (row.operation) {
      EXPECT_TRUE(pipeline::device::spec_of(*row.operation)
                      .interfaces.contains(pipeline::device::Interface::local))
          << row.name;
    } else {
      // Only the simulator's controls and the daemon's own password are not operations.
      EXPECT_TRUE(row.name.rfind("engine-", 0) == 0 || row.name == "first-start-password")
          << row.name;
    }
  }
}

TEST(ControlCommands, RequestsGoThroughTheTable) {
  testing::DeviceFixture f;
  pipeline::device::DeviceServices services(f.core());
  ControlCommands commands(services, f.simulator(), {}, f.root() / "otp");

  auto unknown = commands.handle({{"cmd", "no-such-command"}});
  EXPECT_FALSE(unknown["ok"].get<bool>());
  EXPECT_FALSE(commands.handle({{"nocmd", 1}})["ok"].get<bool>());

  auto users = commands.handle({{"cmd", "users-list"}});
  ASSERT_TRUE(users["ok"].get<bool>()) << users.dump();
  EXPECT_EQ(users["users"].size(), 4u);  // the Key Operator, alice, bob, carol

  auto set = commands.handle({{"cmd", "settings-set"}, {"key", "no.such.key"}, {"value", "1"}});
  EXPECT_EQ(set["code"], "not_found");

  auto status = commands.handle({{"cmd", "status"}});
  ASSERT_TRUE(status["ok"].get<bool>()) << status.dump();
  EXPECT_EQ(status["model"], "C7070");
  EXPECT_FALSE(status["software_version"].get<std::string>().empty());

  // No restart hook in a test: the device cannot restart.
  EXPECT_EQ(commands.handle({{"cmd", "restart"}})["code"], "unsupported");
  // Malformed arguments are answered, never thrown.
  EXPECT_FALSE(commands.handle({{"cmd", "user-delete"}, {"id", "x"}})["ok"].get<bool>());
}

}  // namespace
}  // namespace mfp::frontends::mfpd
