// System → Date and Time: the system clock in the device's Time Zone and Date Format, and
// Adjust Time (a date and a time in that zone; the device services check the range and audit
// the change). Time Zone and Date Format are System settings.

#include <chrono>
#include <cstdio>
#include <string>

#include "frontends/cwis/pages.h"
#include "frontends/cwis/web_request.h"
#include "pipeline/device/time_operations.h"

namespace mfp::frontends::cwis {

namespace {

namespace chr = std::chrono;

// "2026-12-08" and "13:45" (or "13:45:10", as browsers send time fields) in the device's zone,
// as UTC; nullopt when malformed.
std::optional<chr::system_clock::time_point> parse_local(std::string_view date,
                                                         std::string_view time,
                                                         std::int64_t zone_minutes) {
  int y = 0;
  unsigned mo = 0;
  unsigned d = 0;
  unsigned h = 0;
  unsigned mi = 0;
  unsigned s = 0;
  char tail = 0;
  const std::string ds(date);
  const std::string ts(time);
  if (std::sscanf(ds.c_str(), "%4d-%2u-%2u%c", &y, &mo, &d, &tail) != 3) return std::nullopt;
  const int n = std::sscanf(ts.c_str(), "%2u:%2u:%2u%c", &h, &mi, &s, &tail);
  if (n != 2 && n != 3) return std::nullopt;
  const chr::year_month_day ymd{chr::year{y}, chr::month{mo}, chr::day{d}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
  return chr::sys_days{ymd} + chr::hours{h} + chr::minutes{mi} + chr::seconds{s} -
         chr::minutes{zone_minutes};
}

std::string zone_text(std::int64_t minutes) {
  const char sign = minutes < 0 ? '-' : '+';
  const std::int64_t m = minutes < 0 ? -minutes : minutes;
  char buf[48];
  std::snprintf(buf, sizeof buf, "GMT%c%02lld:%02lld", sign, static_cast<long long>(m / 60),
                static_cast<long long>(m % 60));
  return buf;
}

void show(WebRequest& request, const std::string& failed, unsigned status) {
  auto now = request.device().time().view(request.caller());
  if (!now) return request.fail(now.status());
  http::TemplateData data;
  data.set("now", pipeline::device::local_text(now->now, *now));
  data.set("zone", zone_text(now->time_zone_minutes));
  // The form's defaults: the current date and time in the device's zone.
  const auto local = chr::floor<chr::seconds>(now->now + chr::minutes(now->time_zone_minutes));
  const auto day = chr::floor<chr::days>(local);
  const chr::year_month_day ymd{day};
  const chr::hh_mm_ss hms{local - day};
  char date[16];
  char time[16];
  std::snprintf(date, sizeof date, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  std::snprintf(time, sizeof time, "%02d:%02d", static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()));
  data.set("date", std::string(date));
  data.set("time", std::string(time));
  data.set("csrf", request.session()->csrf_token);
  if (!failed.empty()) data.set("failed", failed);
  if (request.query().value("done") == "adjusted") {
    data.set("notice", std::string("The clock was set."));
  }
  request.page("templates/time.html", "Date and Time", data, status);
}

}  // namespace

void time_page(WebRequest& request) {
  show(request, {}, 200);
}

void time_submit(WebRequest& request) {
  auto zone = request.device().time().view(request.caller());
  if (!zone) return request.fail(zone.status());
  const auto when = parse_local(request.form().value("date"), request.form().value("time"),
                                zone->time_zone_minutes);
  if (!when) return show(request, "Enter the date as YYYY-MM-DD and the time as HH:MM.", 400);
  const auto done = request.device().time().adjust(request.caller(), {*when});
  if (!done.is_ok()) {
    if (done.code() == pipeline::StatusCode::permission_denied) return request.fail(done);
    return show(request, done.message(), 400);
  }
  request.see_other("/system/time.html?done=adjusted");
}

}  // namespace mfp::frontends::cwis
