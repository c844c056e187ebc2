// DeviceCore: what survives a restart (settings, users, folders, held jobs), the start-up audit,
// factory reset through the core, and shutdown.

#include "pipeline/device/device_core.h"

#include <gtest/gtest.h>
#include <openssl/x509v3.h>

#include "pipeline/device/device_services.h"
#include "security/audit/audit_catalog.h"
#include "security/auth/initial_password_file.h"
#include "security/settings/setting_keys.h"
#include "tests/support/device_fixture.h"

namespace mfp::pipeline::device {
namespace {

namespace settings = security::settings;

using testing::DeviceFixture;

std::size_t count(DeviceFixture& f, std::string_view name, std::string_view description) {
  std::size_t n = 0;
  for (const auto& e : testing::audit_events(f.core().security().audit(), std::string(name))) {
    if (e.description == description) ++n;
  }
  return n;
}

TEST(DeviceCore, SettingsUsersFoldersAndHeldJobsSurviveARestart) {
  DeviceFixture f;
  f.set(settings::kPort9100, true);
  ASSERT_TRUE(f.core().folders().create_folder(f.alice(), 7, "Invoices", false).is_ok());
  auto held = f.jobs().submit(f.request(f.alice(), 1, "kept"));
  ASSERT_TRUE(held.is_ok());
  f.reopen();
  EXPECT_TRUE(f.core().security().settings().get<bool>(settings::kPort9100.name).value());
  ASSERT_EQ(f.core().security().settings().conformance().size(), 1u);
  EXPECT_EQ(f.core().accounts().find("alice").value().id, f.alice_id());
  EXPECT_EQ(f.core().folders().get_folder(f.alice(), 7).value().name, "Invoices");
  EXPECT_EQ(f.jobs().get(f.alice(), held.value()).value().state, jobs::JobState::pending_held);
  EXPECT_EQ(count(f, "System Status", "Started normally (cold boot)"), 2u);
  EXPECT_EQ(count(f, "System Status", "Shutdown requested"), 1u);
}

TEST(DeviceCore, FactoryResetIsTheKeyOperatorsAndLeavesNothing) {
  DeviceFixture f;
  f.set(settings::kPort9100, true);
  ASSERT_TRUE(f.jobs().submit(f.request(f.alice())).is_ok());
  ASSERT_TRUE(f.core().folders().create_folder(f.alice(), 3, "Mine", false).is_ok());
  EXPECT_EQ(f.core().factory_reset(f.carol()).code(), StatusCode::permission_denied);
  const auto old_key = f.core().security().keys().key_id();
  ASSERT_TRUE(f.core().factory_reset(DeviceFixture::key_operator()).is_ok());
  EXPECT_NE(f.core().security().keys().key_id(), old_key);
  EXPECT_EQ(f.core().take_initial_password().size(), security::auth::kInitialPasswordLength);
  EXPECT_EQ(f.core().accounts().find("alice").status().code(), StatusCode::not_found);
  EXPECT_TRUE(f.jobs().list(DeviceFixture::key_operator()).value().empty());
  EXPECT_TRUE(f.core().folders().list_folders(DeviceFixture::key_operator()).value().empty());
  EXPECT_TRUE(f.core().security().settings().conformance().empty());
  EXPECT_EQ(f.stored_objects(), 0u);
  // The device still works: a new job is held and prints when released.
  f.set(settings::kReceiveControl, settings::ReceiveControl::print);
  auto id = f.jobs().submit(f.request(security::ownership::Subject::unauthenticated()));
  ASSERT_TRUE(id.is_ok()) << id.status().message();
  ASSERT_TRUE(f.jobs().wait_idle(std::chrono::seconds(60)));
  EXPECT_EQ(f.jobs().get(DeviceFixture::key_operator(), id.value()).value().state,
            jobs::JobState::completed);
}

TEST(DeviceCore, FirstStartMakesAOneTimePasswordOnlyOnce) {
  DeviceFixture f;
  auto first = f.core().take_initial_password();
  EXPECT_EQ(first.size(), security::auth::kInitialPasswordLength);
  EXPECT_EQ(f.core().take_initial_password().size(), 0u);
  f.reopen();
  EXPECT_EQ(f.core().take_initial_password().size(), 0u);
  EXPECT_TRUE(f.core()
                  .accounts()
                  .get(security::ownership::kKeyOperatorUserId)
                  .value()
                  .must_change_password);
}

// Security review finding 3: the spent one-time password's file is overwritten and removed the
// moment the Key Operator's password change succeeds (audited), not at the next start.
TEST(DeviceCore, TheSpentOneTimePasswordFileGoesWithThePasswordChange) {
  DeviceFixture f;
  auto otp = f.core().take_initial_password();
  ASSERT_TRUE(security::auth::write_initial_password_file(f.password_file(), otp.span()));
  ASSERT_TRUE(std::filesystem::exists(f.password_file()));
  // Another user's password change leaves it.
  const std::string_view pw = DeviceFixture::kUserPassword;
  const auto bytes = [](std::string_view s) {
    return std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
  };
  ASSERT_TRUE(
      f.core().accounts().change_own_password(f.alice(), bytes(pw), bytes("Other-pass-456")));
  EXPECT_TRUE(std::filesystem::exists(f.password_file()));
  EXPECT_EQ(count(f, "Storage", "Overwrite Storage"), 0u);
  ASSERT_TRUE(f.core().accounts().change_own_password(DeviceFixture::key_operator(), otp.span(),
                                                      bytes("Chosen-by-KO-789")));
  EXPECT_FALSE(std::filesystem::exists(f.password_file()));
  bool audited = false;
  for (const auto& e : testing::audit_events(f.core().security().audit(), "Storage")) {
    for (const auto& [k, v] : e.items) {
      if (k == "Target" && v == "first-start password file") audited = true;
    }
  }
  EXPECT_TRUE(audited);
  // A file left behind (a crash before the change was seen) goes at the next start.
  ASSERT_TRUE(security::auth::write_initial_password_file(f.password_file(), otp.span()));
  f.reopen();
  EXPECT_FALSE(std::filesystem::exists(f.password_file()));
}

}  // namespace
}  // namespace mfp::pipeline::device

namespace mfp::pipeline::device {
namespace {

// The certificate finding: the device certificate names the device (localhost, the
// loopback addresses), at first start and when an administrator makes a new one.
TEST(DeviceCore, ItsSelfSignedCertificatesNameTheDevice) {
  testing::DeviceFixture f;
  const auto names_the_device = [](X509* x) {
    return X509_check_host(x, "localhost", 0, 0, nullptr) == 1 &&
           X509_check_ip_asc(x, "127.0.0.1", 0) == 1 && X509_check_ip_asc(x, "::1", 0) == 1;
  };
  EXPECT_TRUE(names_the_device(f.core().device_certificate()->leaf().native()));
  DeviceServices services(f.core());
  ASSERT_TRUE(services.certificates()
                  .create_self_signed(Caller{f.carol(), Interface::browser, "127.0.0.1"}, {})
                  .is_ok());
  EXPECT_TRUE(names_the_device(f.core().device_certificate()->leaf().native()));
}

}  // namespace
}  // namespace mfp::pipeline::device
