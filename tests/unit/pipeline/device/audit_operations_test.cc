// AuditOperations::export_log(): the guide's export format, its header from the device's Time
// Zone and Date Format settings and the address the caller reached.

#include "pipeline/device/audit_operations.h"

#include <gtest/gtest.h>

#include "pipeline/device/device_services.h"
#include "security/audit/audit_export.h"
#include "security/settings/setting_keys.h"
#include "tests/support/device_fixture.h"

namespace mfp::pipeline::device {
namespace {

TEST(AuditOperations, ExportHeaderFollowsTheClockSettings) {
  testing::DeviceFixture f;
  DeviceServices services(f.core());
  f.set(security::settings::kTimeZoneMinutes, std::int64_t{-300});
  f.set(security::settings::kDateFormat, security::settings::DateFormat::dd_mm_yyyy);
  const Caller carol{f.carol(), Interface::browser, "192.0.2.7"};
  auto text = services.audit().export_log(carol, "192.0.2.1");
  ASSERT_TRUE(text.is_ok()) << text.status().message();
  auto parsed = security::audit::parse_export_v3(text.value());
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().message();
  EXPECT_EQ(parsed.value().header.ip_address, "192.0.2.1");
  EXPECT_EQ(parsed.value().header.time_zone_minutes, -300);
  EXPECT_EQ(parsed.value().header.date_format, security::audit::DateFormat::dd_mm_yyyy);
  EXPECT_FALSE(parsed.value().records.empty());
}

}  // namespace
}  // namespace mfp::pipeline::device
