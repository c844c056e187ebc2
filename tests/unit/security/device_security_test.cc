// DeviceSecurity: opening the services in order, refusing an NVRAM inside the data directory,
// and Restore Factory Defaults (new master key, everything stored overwritten and removed, the
// audit log restarted under the new key).

#include "security/device_security.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "pipeline/job_context.h"
#include "security/audit/audit_events.h"
#include "tests/support/test_security.h"

namespace mfp::security {
namespace {

constexpr char kMarker[] = "FACTORY-RESET-MARKER-41c9";

bool tree_contains(const std::filesystem::path& root, std::string_view needle) {
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    const std::string content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (content.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(DeviceSecurity, RefusesNvramInsideTheDataDirectory) {
  const auto root = testing::make_temp_dir("mfp-devsec");
  auto s = DeviceSecurity::open(
      testing::security_options(root / "data", root / "data" / "nvram.bin", std::nullopt));
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.status().code(), pipeline::StatusCode::invalid_argument);
  std::filesystem::remove_all(root);
}

TEST(DeviceSecurity, FactoryResetRegeneratesKeysAndWipesEverything) {
  testing::TestSecurity sec;
  auto& dev = sec.device();
  const auto old_key = dev.keys().key_id();
  pipeline::JobContext held(pipeline::OwnerTag{3, 9}, pipeline::JobType::print, kMarker, {}, "u");
  {
    auto w = dev.envelope().create_object(held, "document");
    ASSERT_TRUE(w.is_ok());
    const std::string body = std::string(kMarker) + std::string(70000, 'z');
    ASSERT_TRUE(
        w.value()
            ->write(std::span(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()))
            .is_ok());
    ASSERT_TRUE(w.value()->commit().is_ok());
  }
  dev.audit().record(audit::events::user_added("KO", kMarker));
  ASSERT_EQ(dev.store().list().value().size(), 1u);

  ASSERT_TRUE(dev.factory_reset().is_ok());

  EXPECT_NE(dev.keys().key_id(), old_key);
  EXPECT_TRUE(dev.store().list().value().empty());
  EXPECT_FALSE(dev.eraser().pending());
  EXPECT_TRUE(dev.audit().verify().is_ok());
  EXPECT_TRUE(dev.audit().open_report().created);
  // The new log holds only the wipe's outcome: nothing from before survives, not even sealed.
  auto events = dev.audit().events();
  ASSERT_TRUE(events.is_ok());
  ASSERT_FALSE(events->empty());
  for (const auto& e : events.value()) {
    EXPECT_EQ(e.event.description, "Overwrite Storage");
    EXPECT_EQ(e.event.status, "Completed");
  }
  EXPECT_FALSE(tree_contains(sec.root(), kMarker));

  // The device works on under the new key, and reopens consistently.
  pipeline::JobContext job(pipeline::OwnerTag{3, 10}, pipeline::JobType::print, "after", {}, "u");
  auto w = dev.envelope().create_object(job, "document");
  ASSERT_TRUE(w.is_ok());
  ASSERT_TRUE(w.value()->commit().is_ok());
  EXPECT_EQ(dev.store().list().value().size(), 1u);
}

TEST(DeviceSecurity, ReopensWithTheSameKeyAndAVerifiedLog) {
  const auto root = testing::make_temp_dir("mfp-devsec");
  std::filesystem::create_directories(root / "nvram");
  std::vector<std::uint8_t> key_id;
  {
    auto s = DeviceSecurity::open(
        testing::security_options(root / "data", root / "nvram" / "nvram.bin", std::nullopt));
    ASSERT_TRUE(s.is_ok()) << s.status().to_string();
    key_id = s.value()->keys().key_id();
    EXPECT_TRUE(s.value()->keys().created());
    s.value()->audit().record(audit::events::shutdown_requested());
  }
  auto s = DeviceSecurity::open(
      testing::security_options(root / "data", root / "nvram" / "nvram.bin", std::nullopt));
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  EXPECT_FALSE(s.value()->keys().created());
  EXPECT_EQ(s.value()->keys().key_id(), key_id);
  EXPECT_TRUE(s.value()->audit().open_report().integrity.is_ok());
  EXPECT_EQ(s.value()->audit().size(), 1u);
  s.value().reset();
  std::filesystem::remove_all(root);
}

DeviceSecurityOptions options_in(const std::filesystem::path& root) {
  return testing::security_options(root / "data", root / "nvram" / "nvram.bin");
}

TEST(DeviceSecurity, SettingsPersistAndApply) {
  const auto root = testing::make_temp_dir("mfp-devsec");
  std::filesystem::create_directories(root / "nvram");
  const auto ko = ownership::Subject::user(ownership::kKeyOperatorUserId,
                                           ownership::RoleSet{ownership::Role::key_operator});
  const auto user = ownership::Subject::user(42, ownership::RoleSet{ownership::Role::general_user});
  {
    auto s = DeviceSecurity::open(options_in(root));
    ASSERT_TRUE(s.is_ok()) << s.status().to_string();
    EXPECT_TRUE(s.value()->settings().conformance().empty());  // ships secure
    EXPECT_EQ(s.value()->eraser().mode(), erase::OverwriteMode::one_pass);
    EXPECT_EQ(s.value()
                  ->set_setting("network.port9100.enabled", settings::SettingValue{true}, user)
                  .code(),
              pipeline::StatusCode::permission_denied);
    // Data Encryption is never switched off, not even by the Key Operator.
    EXPECT_EQ(s.value()
                  ->set_setting("system.data_encryption.enabled", settings::SettingValue{false}, ko)
                  .code(),
              pipeline::StatusCode::unsupported);
    EXPECT_TRUE(s.value()->settings().get<bool>("system.data_encryption.enabled").value());
    ASSERT_TRUE(s.value()
                    ->set_setting("security.overwrite_storage",
                                  settings::SettingValue{std::string("3")}, ko)
                    .is_ok());
    EXPECT_EQ(s.value()->eraser().mode(), erase::OverwriteMode::three_passes);
    ASSERT_TRUE(s.value()
                    ->set_setting("network.port9100.enabled", settings::SettingValue{true}, ko)
                    .is_ok());
  }
  {
    auto s = DeviceSecurity::open(options_in(root));
    ASSERT_TRUE(s.is_ok()) << s.status().to_string();
    EXPECT_EQ(s.value()->eraser().mode(), erase::OverwriteMode::three_passes);
    const auto deviations = s.value()->settings().conformance();
    ASSERT_EQ(deviations.size(), 1u);  // Port 9100 on; 3 overwrites is secure too
    EXPECT_EQ(deviations[0].key, "network.port9100.enabled");
  }
  std::filesystem::remove_all(root);
}

TEST(DeviceSecurity, TamperedDatabaseFailsTheStartUpSelfTest) {
  const auto root = testing::make_temp_dir("mfp-devsec");
  std::filesystem::create_directories(root / "nvram");
  {
    auto s = DeviceSecurity::open(options_in(root));
    ASSERT_TRUE(s.is_ok()) << s.status().to_string();
    const auto ko = ownership::Subject::user(ownership::kKeyOperatorUserId,
                                             ownership::RoleSet{ownership::Role::key_operator});
    ASSERT_TRUE(
        s.value()->set_setting("network.lpd.enabled", settings::SettingValue{true}, ko).is_ok());
  }
  {
    // Flip a byte in the middle of the encrypted database file.
    std::fstream f(root / "data" / "metadata.db", std::ios::in | std::ios::out | std::ios::binary);
    ASSERT_TRUE(f.is_open());
    f.seekg(4096 + 100);
    char c = 0;
    f.read(&c, 1);
    c ^= 0x40;
    f.seekp(4096 + 100);
    f.write(&c, 1);
  }
  auto s = DeviceSecurity::open(options_in(root));
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.status().code(), pipeline::StatusCode::integrity_error) << s.status().to_string();
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace mfp::security
