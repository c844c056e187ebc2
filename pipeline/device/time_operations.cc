#include "pipeline/device/time_operations.h"

#include <array>
#include <ctime>
#include <string>

#include "pipeline/device/authorize.h"
#include "security/audit/audit_events.h"
#include "security/settings/setting_keys.h"

namespace mfp::pipeline::device {

namespace {

namespace chr = std::chrono;

// The range a person can set: the panel's and the browser's date fields (four-digit years of
// this century), so a typo cannot date the audit log decades away.
constexpr chr::sys_days kEarliest = chr::year{2000} / chr::January / 1;
constexpr chr::sys_days kLatest = chr::year{2100} / chr::January / 1;

}  // namespace

std::string utc_text(chr::system_clock::time_point t) {
  const std::time_t tt = chr::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  std::array<char, 32> buf{};
  const std::size_t n = std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf.data(), n);
}

std::string local_text(chr::system_clock::time_point t, std::int64_t time_zone_minutes,
                       security::settings::DateFormat format) {
  const std::time_t tt = chr::system_clock::to_time_t(t + chr::minutes(time_zone_minutes));
  std::tm tm{};
  gmtime_r(&tt, &tm);
  const char* pattern = "%Y/%m/%d %H:%M:%S";
  if (format == security::settings::DateFormat::mm_dd_yyyy) pattern = "%m/%d/%Y %H:%M:%S";
  if (format == security::settings::DateFormat::dd_mm_yyyy) pattern = "%d/%m/%Y %H:%M:%S";
  std::array<char, 32> buf{};
  const std::size_t n = std::strftime(buf.data(), buf.size(), pattern, &tm);
  return std::string(buf.data(), n);
}

Result<DeviceTime> TimeOperations::view(const Caller& caller) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::time_view));
  const auto& settings = core_.security().settings();
  DeviceTime out;
  out.now = core_.clock().wall_now();
  out.time_zone_minutes = settings.read(security::settings::kTimeZoneMinutes);
  out.date_format = settings.read(security::settings::kDateFormat);
  return out;
}

Status TimeOperations::adjust(const Caller& caller, const TimeAdjustment& request) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::time_adjust));
  if (request.time < kEarliest || request.time >= kLatest) {
    return make_error(StatusCode::invalid_argument,
                      "the date must lie between 2000-01-01 and 2099-12-31");
  }
  MFP_RETURN_IF_ERROR(core_.device_clock().set_wall_time(request.time));
  // Recorded after the change, so the record carries the new time, as later ones will.
  core_.security().audit().record(security::audit::events::time_adjusted(
      core_.accounts().audit_name(caller.subject.user_id), utc_text(request.time),
      std::string(audit_name(caller.interface))));
  return Status::ok();
}

}  // namespace mfp::pipeline::device
