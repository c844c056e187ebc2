// SettingOperations::apply_secure(): every deviating setting the interface changes is set to
// its secure value, each change audited; settings the guide changes elsewhere are left and
// named.

#include "pipeline/device/setting_operations.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "pipeline/device/device_services.h"
#include "security/settings/setting_table.h"
#include "tests/support/device_fixture.h"

namespace mfp::pipeline::device {
namespace {

std::size_t count_changes(DeviceCore& core) {
  auto events = core.security().audit().events();
  if (!events) return 0;
  return static_cast<std::size_t>(std::count_if(
      events.value().begin(), events.value().end(),
      [](const auto& e) { return e.event.description == "Change Security Setting"; }));
}

bool contains(const std::vector<std::string>& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// The device starts in the secure configuration: four deviations, two of them of settings the
// guide changes in the browser only (TLS 1.3, PJL file system commands).
void deviate(testing::DeviceFixture& f) {
  namespace s = security::settings;
  f.set(s::kPort9100, true);
  f.set(s::kOverwriteStorage, s::OverwriteStorage::off);
  f.set(s::kTls13, true);
  f.set(s::kPjlFileSystemCommands, true);
}

TEST(SettingOperations, ApplySecureLeavesNoDeviationAtTheLocalInterface) {
  testing::DeviceFixture f;
  DeviceServices services(f.core());
  const Caller ko{testing::DeviceFixture::key_operator(), Interface::local, "local"};
  deviate(f);
  auto before = services.settings().check(ko);
  ASSERT_TRUE(before.is_ok());
  ASSERT_EQ(before.value().size(), 4u);
  const std::size_t changes_before = count_changes(f.core());

  auto applied = services.settings().apply_secure(ko);
  ASSERT_TRUE(applied.is_ok()) << applied.status().message();
  EXPECT_EQ(applied.value().changed.size(), before.value().size());
  EXPECT_TRUE(applied.value().elsewhere.empty());
  EXPECT_TRUE(applied.value().needs_restart);  // Port 9100 and TLS 1.3 need one
  auto after = services.settings().check(ko);
  ASSERT_TRUE(after.is_ok());
  EXPECT_TRUE(after.value().empty());
  // One audited change per security setting changed.
  std::size_t security_changes = 0;
  for (const auto& key : applied.value().changed) {
    if (security::settings::find_setting(key)->security) ++security_changes;
  }
  EXPECT_EQ(count_changes(f.core()) - changes_before, security_changes);

  // Nothing left to do: a second call changes nothing.
  auto again = services.settings().apply_secure(ko);
  ASSERT_TRUE(again.is_ok());
  EXPECT_TRUE(again.value().changed.empty());
}

TEST(SettingOperations, ApplySecureAtThePanelLeavesBrowserOnlySettings) {
  testing::DeviceFixture f;
  DeviceServices services(f.core());
  const Caller carol{f.carol(), Interface::panel, "panel"};
  deviate(f);
  auto applied = services.settings().apply_secure(carol);
  ASSERT_TRUE(applied.is_ok()) << applied.status().message();
  namespace s = security::settings;
  EXPECT_EQ(applied.value().changed,
            (std::vector<std::string>{std::string(s::kOverwriteStorage.name),
                                      std::string(s::kPort9100.name)}))
      << "in table order";
  EXPECT_TRUE(contains(applied.value().elsewhere, s::kTls13.name));
  EXPECT_TRUE(contains(applied.value().elsewhere, s::kPjlFileSystemCommands.name));
  auto left = services.settings().check(carol);
  ASSERT_TRUE(left.is_ok());
  EXPECT_EQ(left.value().size(), applied.value().elsewhere.size());
}

TEST(SettingOperations, ApplySecureIsRefusedToAGeneralUser) {
  testing::DeviceFixture f;
  DeviceServices services(f.core());
  const Caller alice{f.alice(), Interface::browser, "192.0.2.9"};
  EXPECT_EQ(services.settings().apply_secure(alice).status().code(), StatusCode::permission_denied);
}

}  // namespace
}  // namespace mfp::pipeline::device
