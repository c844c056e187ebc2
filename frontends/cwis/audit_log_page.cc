// System → Logs → Audit Log: the newest 200 audit records (Log ID, date and time, event, user,
// description, status, items) and the export of the whole log as the guide's format version 3
// file (the same file /ALOGEXPT.CMD gives the guide's script). The Audit Log switch itself is a
// System setting. The device services decide who may read and export (administrators).

#include <string>

#include "frontends/cwis/pages.h"
#include "frontends/cwis/web_request.h"
#include "pipeline/device/time_operations.h"

namespace mfp::frontends::cwis {

namespace {

constexpr std::size_t kShown = 200;

}  // namespace

void audit_log_page(WebRequest& request) {
  auto events = request.device().audit().list(request.caller(), kShown);
  if (!events) return request.fail(events.status());
  pipeline::device::DeviceTime zone;
  if (auto t = request.device().time().view(request.caller())) zone = *t;
  http::TemplateList rows;
  for (auto it = events->rbegin(); it != events->rend(); ++it) {
    const auto& e = it->event;
    http::TemplateData row;
    row.set("log_id", std::to_string(it->log_id));
    row.set("time", pipeline::device::local_text(e.time, zone));
    row.set("name", e.name);
    row.set("user", e.user);
    row.set("description", e.description);
    row.set("status", e.status);
    std::string items;
    for (const auto& [k, v] : e.items) {
      if (!items.empty()) items += "; ";
      items += k;
      items += ": ";
      items += v;
    }
    row.set("items", items);
    rows.push_back(std::move(row));
  }
  http::TemplateData data;
  data.set("events", rows);
  data.set("empty", events->empty());
  data.set("shown", std::to_string(events->size()));
  request.page("templates/audit_log.html", "Audit Log", data);
}

void audit_log_export(WebRequest& request) {
  auto log = request.device().audit().export_log(request.caller(), request.host());
  if (!log) return request.fail(log.status());
  request.download("auditfile.txt", "text/plain; charset=utf-8", std::move(log).value());
}

}  // namespace mfp::frontends::cwis
