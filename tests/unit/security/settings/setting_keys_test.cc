// The declared setting keys against the settings table, and SettingsRegistry::read()'s fail
// closed reading.

#include "security/settings/setting_keys.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "security/audit/memory_audit_sink.h"
#include "security/ownership/subject.h"
#include "security/settings/setting_table.h"
#include "security/settings/settings_registry.h"

namespace mfp::security::settings {
namespace {

std::set<std::string_view> split(std::string_view names) {
  std::set<std::string_view> out;
  while (!names.empty()) {
    const auto bar = names.find('|');
    out.insert(names.substr(0, bar));
    names = bar == std::string_view::npos ? std::string_view{} : names.substr(bar + 1);
  }
  return out;
}

// Every key code uses names a row of the table, with the type it is read as; an enumeration's
// names are exactly the row's allowed names, and its last (fail-closed) one is secure.
TEST(SettingKeysTest, EveryDeclaredKeyIsARowOfItsType) {
  const auto declared = declared_keys();
  ASSERT_FALSE(declared.empty());
  std::set<std::string_view> seen;
  for (const auto& key : declared) {
    SCOPED_TRACE(std::string(key.name));
    EXPECT_TRUE(seen.insert(key.name).second) << "declared twice";
    const SettingDefinition* row = find_setting(key.name);
    ASSERT_NE(row, nullptr) << "no such row";
    EXPECT_EQ(row->type, key.type);
    if (key.type != SettingType::enumeration) continue;
    EXPECT_EQ(std::set<std::string_view>(key.choices.begin(), key.choices.end()),
              split(row->allowed));
    EXPECT_TRUE(is_secure(*row, SettingValue(std::string(key.choices.back()))))
        << key.choices.back() << " is the last resort but not secure";
  }
}

class SettingReadTest : public ::testing::Test {
 protected:
  audit::MemoryAuditSink sink_;
  SettingsRegistry registry_{sink_};
  const ownership::Subject ko_ =
      ownership::Subject::user(ownership::kKeyOperatorUserId, {ownership::Role::key_operator});
};

TEST_F(SettingReadTest, ReadsTheCurrentValueTyped) {
  EXPECT_EQ(registry_.read(kReceiveControl), ReceiveControl::according_to_print_accounting);
  ASSERT_TRUE(registry_.set(kReceiveControl.name, std::string("print"), ko_));
  EXPECT_EQ(registry_.read(kReceiveControl), ReceiveControl::print);
  ASSERT_TRUE(registry_.set(kOverwriteStorage.name, std::string("3"), ko_));
  EXPECT_EQ(registry_.read(kOverwriteStorage), OverwriteStorage::three_passes);
  ASSERT_TRUE(registry_.set(kAutoClearSeconds.name, std::int64_t{45}, ko_));
  EXPECT_EQ(registry_.read(kAutoClearSeconds), 45);
  EXPECT_TRUE(registry_.read(kTls));
}

// What cannot be read as declared reads as the setting's secure value, never the factory one
// (a misspelt key no longer compiles; these keys are built by hand to get past that).
TEST_F(SettingReadTest, UnreadableValuesFailClosed) {
  registry_.reset_to_factory_defaults();
  // The stored name is no enumerator of the type asked for: the secure value is not one either,
  // so the most restrictive enumerator.
  EXPECT_EQ(registry_.read(SettingKey<IpMode>{kReceiveControl.name}), IpMode::ipv4);
  // No such row: the most restrictive enumerator.
  EXPECT_EQ(registry_.read(SettingKey<ReceiveControl>{"print.private.receive_contrl"}),
            ReceiveControl::according_to_print_accounting);
  EXPECT_EQ(registry_.read(SettingKey<JobRule>{"print.private.job_without_user"}),
            JobRule::delete_job);
  // A boolean asked of an integer row: its secure value cannot be one either.
  EXPECT_FALSE(registry_.read(SettingKey<bool>{kAutoClearSeconds.name}));
  // The factory values themselves read as they are.
  EXPECT_EQ(registry_.read(kReceiveControl), ReceiveControl::print);
}

}  // namespace
}  // namespace mfp::security::settings
