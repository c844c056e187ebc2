#pragma once
// TimeOperations: the system clock as device-service operations ("How to check the Clock",
// Adjust Time). Viewing gives the device's calendar time with the Time Zone and Date Format
// settings; adjusting sets the device's clock (engine_hw::DeviceClock: kept in NVRAM, dating
// every later audit record, job and folder file) and is audited as the guide's "Device
// Settings / Adjust Time" with the interface used. Administrators only, as AccessPolicy says.
//
// Errors: permission_denied; invalid_argument for a time outside 2000-01-01..2099-12-31 UTC
// (nothing changed); the NVRAM's write error (nothing changed). Borrows the core, which must
// outlive it.

#include <chrono>
#include <cstdint>
#include <string>

#include "pipeline/device/caller.h"
#include "pipeline/device/device_core.h"
#include "security/settings/setting_choices.h"

namespace mfp::pipeline::device {

struct DeviceTime {
  std::chrono::system_clock::time_point now;  // the device's calendar time (UTC)
  std::int64_t time_zone_minutes = 0;         // Time Zone: minutes east of GMT, -720..720
  security::settings::DateFormat date_format = security::settings::DateFormat::yyyy_mm_dd;
};

struct TimeAdjustment {
  std::chrono::system_clock::time_point time;  // the new calendar time (UTC)
};

// "2026-12-08T01:02:03Z": a calendar time in UTC, ISO 8601 (logs, mfpctl, audit items).
[[nodiscard]] std::string utc_text(std::chrono::system_clock::time_point t);
// A calendar time as people at the device read it: shifted by the Time Zone and written in
// the Date Format, 24-hour clock ("2026/12/08 01:02:03", "12/08/2026 01:02:03").
[[nodiscard]] std::string local_text(std::chrono::system_clock::time_point t,
                                     std::int64_t time_zone_minutes,
                                     security::settings::DateFormat format);
[[nodiscard]] inline std::string local_text(std::chrono::system_clock::time_point t,
                                            const DeviceTime& zone) {
  return local_text(t, zone.time_zone_minutes, zone.date_format);
}

class TimeOperations {
 public:
  explicit TimeOperations(DeviceCore& core) : core_(core) {}

  [[nodiscard]] Result<DeviceTime> view(const Caller& caller);
  [[nodiscard]] Status adjust(const Caller& caller, const TimeAdjustment& request);

 private:
  DeviceCore& core_;
  security::ownership::AccessPolicy policy_;
};

}  // namespace mfp::pipeline::device
