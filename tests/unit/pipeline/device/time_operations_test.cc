// TimeOperations: an administrator sets the device's clock; the change is audited as the
// guide's "Adjust Time" with the interface, dates every later record, and survives a restart;
// a date out of range changes nothing.

#include "pipeline/device/time_operations.h"

#include <gtest/gtest.h>

#include <string>

#include "pipeline/device/device_services.h"
#include "security/settings/setting_keys.h"
#include "tests/support/device_fixture.h"

namespace mfp::pipeline::device {
namespace {

namespace chr = std::chrono;
using namespace std::chrono_literals;

constexpr chr::sys_days kNewDay = chr::year{2031} / chr::March / 14;

const security::audit::StoredEvent* newest(const std::vector<security::audit::StoredEvent>& all,
                                           std::string_view description) {
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (it->event.description == description) return &*it;
  }
  return nullptr;
}

std::string item(const security::audit::StoredEvent& e, std::string_view key) {
  for (const auto& [k, v] : e.event.items) {
    if (k == key) return v;
  }
  return {};
}

TEST(TimeOperations, AnAdministratorSetsTheClockAndEveryLaterRecordFollowsIt) {
  testing::DeviceFixture f;
  DeviceServices services(f.core());
  const Caller carol{f.carol(), Interface::panel, "panel"};
  const auto target = chr::system_clock::time_point(kNewDay) + 9h + 30min;
  ASSERT_TRUE(services.time().adjust(carol, {target}).is_ok());

  auto now = services.time().view(carol);
  ASSERT_TRUE(now.is_ok()) << now.status().message();
  EXPECT_GE(now.value().now, target);
  EXPECT_LT(now.value().now, target + 1min);

  auto events = f.core().security().audit().events();
  ASSERT_TRUE(events.is_ok());
  const auto* adjusted = newest(events.value(), "Adjust Time");
  ASSERT_NE(adjusted, nullptr);
  EXPECT_EQ(adjusted->event.user, "carol");
  EXPECT_EQ(adjusted->event.name, "Device Settings");
  EXPECT_EQ(item(*adjusted, "Time"), "2031-03-14T09:30:00Z");
  EXPECT_EQ(item(*adjusted, "Interface"), "Control Panel");
  EXPECT_GE(adjusted->event.time, target);
  EXPECT_LT(adjusted->event.time, target + 1min);

  // A job made now is dated by the device's clock too.
  auto job = f.jobs().submit(f.request(f.alice()));
  ASSERT_TRUE(job.is_ok()) << job.status().message();
  auto info = f.jobs().get(f.alice(), job.value());
  ASSERT_TRUE(info.is_ok());
  const auto target_seconds = chr::duration_cast<chr::seconds>(target.time_since_epoch()).count();
  EXPECT_GE(info.value().created, target_seconds);
  EXPECT_LT(info.value().created, target_seconds + 60);

  // The clock keeps the time over a restart (it is kept in NVRAM).
  f.core().shutdown();
  f.reopen();
  DeviceServices after(f.core());
  auto later = after.time().view(carol);
  ASSERT_TRUE(later.is_ok());
  EXPECT_GE(later.value().now, target);
  EXPECT_LT(later.value().now, target + 5min);
}

TEST(TimeOperations, ADateOutOfRangeChangesNothing) {
  testing::DeviceFixture f;
  DeviceServices services(f.core());
  const Caller ko{testing::DeviceFixture::key_operator(), Interface::browser, "192.0.2.1"};
  const auto before = f.core().clock().wall_now();
  for (const auto bad : {chr::system_clock::time_point(chr::sys_days(chr::year{1999} / 12 / 31)),
                         chr::system_clock::time_point(chr::sys_days(chr::year{2100} / 1 / 1))}) {
    EXPECT_EQ(services.time().adjust(ko, {bad}).code(), StatusCode::invalid_argument);
  }
  EXPECT_LT(f.core().clock().wall_now() - before, 1min);
  auto events = f.core().security().audit().events();
  ASSERT_TRUE(events.is_ok());
  EXPECT_EQ(newest(events.value(), "Adjust Time"), nullptr);
}

TEST(TimeOperations, ViewShowsTheTimeZoneAndDateFormatSettings) {
  testing::DeviceFixture f;
  DeviceServices services(f.core());
  const Caller ko{testing::DeviceFixture::key_operator(), Interface::local, "local"};
  auto fresh = services.time().view(ko);
  ASSERT_TRUE(fresh.is_ok());
  EXPECT_EQ(fresh.value().time_zone_minutes, 0);
  EXPECT_EQ(fresh.value().date_format, security::settings::DateFormat::yyyy_mm_dd);
  f.set(security::settings::kTimeZoneMinutes, std::int64_t{-300});
  f.set(security::settings::kDateFormat, security::settings::DateFormat::dd_mm_yyyy);
  auto changed = services.time().view(ko);
  ASSERT_TRUE(changed.is_ok());
  EXPECT_EQ(changed.value().time_zone_minutes, -300);
  EXPECT_EQ(changed.value().date_format, security::settings::DateFormat::dd_mm_yyyy);
}

}  // namespace
}  // namespace mfp::pipeline::device
