#include "security/audit/audit_settings.h"
#include "security/settings/setting_keys.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "security/audit/audit_catalog.h"
#include "security/audit/audit_events.h"
#include "tests/support/test_security.h"

namespace mfp::security::audit {
namespace {

using ownership::Role;
using ownership::Subject;
using pipeline::StatusCode;

const Subject kKeyOperator = Subject::user(ownership::kKeyOperatorUserId, {Role::key_operator});

AuditEvent a_login_failure() {
  return events::login_failed(events::LoginInterface::control_panel,
                              events::LoginFailure::invalid_password, "alice");
}

class AuditSettingsTest : public ::testing::Test {
 protected:
  // What the device core does after every change.
  [[nodiscard]] pipeline::Status set_audit_log(bool enabled) {
    MFP_RETURN_IF_ERROR(
        sec_.device().set_setting(security::settings::kAuditLog.name, enabled, kKeyOperator));
    return apply_audit_settings(sec_.device().settings(), log(), "KO");
  }
  AuditLog& log() { return sec_.audit(); }
  std::vector<AuditEvent> named(const std::string& name) {
    return mfp::testing::audit_events(log(), name);
  }

  mfp::testing::TestSecurity sec_;
};

TEST_F(AuditSettingsTest, SecureConfigurationKeepsTheLogOnAndRecordsNothing) {
  const std::uint64_t head = log().head_sequence();
  ASSERT_TRUE(apply_audit_settings(sec_.device().settings(), log(), "-").is_ok());
  EXPECT_TRUE(log().enabled());
  EXPECT_EQ(log().head_sequence(), head);
  EXPECT_TRUE(named("Audit Policy").empty());
}

TEST_F(AuditSettingsTest, DisabledDropsEventsButRecordsTheSwitch) {
  ASSERT_TRUE(set_audit_log(false).is_ok());
  EXPECT_FALSE(log().enabled());
  log().record(a_login_failure());
  EXPECT_EQ(log().dropped_records(), 1u);
  EXPECT_EQ(log().failed_records(), 0u);
  EXPECT_TRUE(named("Login/Logout").empty());
  // append() refuses instead of claiming the event is durable.
  auto appended = log().append(a_login_failure());
  EXPECT_EQ(appended.code(), StatusCode::conflict);
  EXPECT_EQ(log().dropped_records(), 2u);

  ASSERT_TRUE(set_audit_log(true).is_ok());
  EXPECT_TRUE(log().enabled());
  log().record(a_login_failure());
  EXPECT_EQ(named("Login/Logout").size(), 1u);

  const auto switches = named("Audit Policy");
  ASSERT_EQ(switches.size(), 2u);
  EXPECT_EQ(switches[0].description, "Audit Log");
  EXPECT_EQ(switches[0].status, "Disable");
  EXPECT_EQ(switches[0].id, event_id(EventKind::audit_log_disabled));
  EXPECT_EQ(switches[0].user, "KO");
  EXPECT_EQ(switches[1].status, "Enable");
  EXPECT_EQ(switches[1].id, event_id(EventKind::audit_log_enabled));
  EXPECT_EQ(switches[1].user, "KO");
  EXPECT_TRUE(log().verify().is_ok());
}

TEST_F(AuditSettingsTest, ReapplyingTheSamePositionRecordsNothing) {
  ASSERT_TRUE(set_audit_log(false).is_ok());
  const std::uint64_t head = log().head_sequence();
  ASSERT_TRUE(apply_audit_settings(sec_.device().settings(), log(), "KO").is_ok());
  ASSERT_TRUE(log().set_enabled(false, "KO").is_ok());
  EXPECT_EQ(log().head_sequence(), head);
  EXPECT_EQ(named("Audit Policy").size(), 1u);
}

TEST_F(AuditSettingsTest, TheSwitchEventIsRecordedWhileDisabled) {
  ASSERT_TRUE(set_audit_log(false).is_ok());
  // A switch event recorded by a producer passes the switch too.
  log().record(events::audit_log_switched("KO", false));
  EXPECT_EQ(log().dropped_records(), 0u);
  EXPECT_EQ(named("Audit Policy").size(), 2u);
}

}  // namespace
}  // namespace mfp::security::audit
