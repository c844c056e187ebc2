// Management functions audit themselves in the device services, with the interface the caller
// used: viewing settings ("View Security Setting"), certificate and trust changes ("Change
// Security Setting"); a refused call records nothing of the kind.

#include <gtest/gtest.h>

#include <string>

#include "pipeline/device/device_services.h"
#include "security/settings/setting_keys.h"
#include "tests/support/device_fixture.h"

namespace mfp::pipeline::device {
namespace {

struct Found {
  std::string user;
  std::string interface;
  std::string setting;
};

// The newest event named `description`, with its items.
std::optional<Found> newest(DeviceCore& core, std::string_view description) {
  auto events = core.security().audit().events();
  if (!events) return std::nullopt;
  for (auto it = events.value().rbegin(); it != events.value().rend(); ++it) {
    if (it->event.description != description) continue;
    Found f{it->event.user, "", ""};
    for (const auto& [k, v] : it->event.items) {
      if (k == "Interface") f.interface = v;
      if (k == "Setting") f.setting = v;
    }
    return f;
  }
  return std::nullopt;
}

TEST(DeviceServicesAudit, ViewingSettingsIsAuditedWithTheInterface) {
  testing::DeviceFixture f;
  DeviceServices services(f.core());
  const Caller carol{f.carol(), Interface::browser, "192.0.2.7"};
  ASSERT_TRUE(services.settings().list(carol).is_ok());
  auto viewed = newest(f.core(), "View Security Setting");
  ASSERT_TRUE(viewed.has_value());
  EXPECT_EQ(viewed->user, "carol");
  EXPECT_EQ(viewed->interface, "CentreWare Internet Services");

  const Caller panel{f.carol(), Interface::panel, "panel"};
  ASSERT_TRUE(services.settings().check(panel).is_ok());
  EXPECT_EQ(newest(f.core(), "View Security Setting")->interface, "Control Panel");
}

TEST(DeviceServicesAudit, ARefusedViewRecordsNoView) {
  testing::DeviceFixture f;
  DeviceServices services(f.core());
  const Caller alice{f.alice(), Interface::panel, "panel"};
  EXPECT_EQ(services.settings().list(alice).status().code(), StatusCode::permission_denied);
  EXPECT_FALSE(newest(f.core(), "View Security Setting").has_value());
}

TEST(DeviceServicesAudit, CertificateChangesAreAuditedWithTheInterface) {
  testing::DeviceFixture f;
  DeviceServices services(f.core());
  const Caller carol{f.carol(), Interface::browser, "192.0.2.7"};
  const auto before = f.core().device_certificate()->leaf().sha256_fingerprint();
  ASSERT_TRUE(services.certificates().create_self_signed(carol, {}).is_ok());
  EXPECT_NE(f.core().device_certificate()->leaf().sha256_fingerprint(), before);
  auto changed = newest(f.core(), "Change Security Setting");
  ASSERT_TRUE(changed.has_value());
  EXPECT_EQ(changed->user, "carol");
  EXPECT_EQ(changed->setting, "Device Certificate");
  EXPECT_EQ(changed->interface, "CentreWare Internet Services");

  // A certificate is not changed at the panel (the guide offers it in the browser only).
  const Caller panel{f.carol(), Interface::panel, "panel"};
  EXPECT_EQ(services.certificates().create_self_signed(panel, {}).code(),
            StatusCode::permission_denied);
}

TEST(DeviceServicesAudit, UserAndSettingChangesCarryTheInterface) {
  testing::DeviceFixture f;
  DeviceServices services(f.core());
  const Caller panel{f.carol(), Interface::panel, "panel"};
  const std::string_view pw = testing::DeviceFixture::kUserPassword;
  NewUser dave{"dave",
               "Dave",
               {security::ownership::Role::general_user},
               security::crypto::SecureBytes::copy_of(
                   {reinterpret_cast<const std::uint8_t*>(pw.data()), pw.size()})};
  auto id = services.users().add(panel, dave);
  ASSERT_TRUE(id.is_ok()) << id.status().message();
  auto added = newest(f.core(), "Add User");
  ASSERT_TRUE(added.has_value());
  EXPECT_EQ(added->user, "carol");
  EXPECT_EQ(added->interface, "Control Panel");

  const Caller browser{f.carol(), Interface::browser, "192.0.2.7"};
  ASSERT_TRUE(services.users().remove(browser, id.value()).is_ok());
  EXPECT_EQ(newest(f.core(), "Delete User")->interface, "CentreWare Internet Services");

  ASSERT_TRUE(services.settings()
                  .set(browser, {std::string(security::settings::kBrowserSessionTimeout.name), "6"})
                  .is_ok());
  auto changed = newest(f.core(), "Change Security Setting");
  ASSERT_TRUE(changed.has_value());
  EXPECT_EQ(changed->setting, security::settings::kBrowserSessionTimeout.name);
  EXPECT_EQ(changed->interface, "CentreWare Internet Services");
}

TEST(DeviceServicesAudit, ASettingChangedOnlyInTheBrowserIsRefusedAtThePanel) {
  testing::DeviceFixture f;
  DeviceServices services(f.core());
  // "Browser Session Timeout" is set in CentreWare Internet Services only.
  const SettingChange change{std::string(security::settings::kBrowserSessionTimeout.name), "5"};
  EXPECT_EQ(services.settings().set({f.carol(), Interface::panel, "panel"}, change).status().code(),
            StatusCode::permission_denied);
  auto changed = services.settings().set({f.carol(), Interface::browser, "192.0.2.7"}, change);
  ASSERT_TRUE(changed.is_ok()) << changed.status().message();
  EXPECT_EQ(services.settings()
                .get({f.carol(), Interface::browser, "192.0.2.7"}, change.key)
                .value()
                .value,
            "5");
}

}  // namespace
}  // namespace mfp::pipeline::device
