// Home: the device's identity and status (model, software version, clock, trays, toner,
// counters) and its notifications (paper, jam, toner, overwrite, deviations from the secure
// configuration with a link to fix them). Without a login only the way to log in.

#include <string>

#include "frontends/cwis/display_text.h"
#include "frontends/cwis/pages.h"
#include "frontends/cwis/web_request.h"
#include "pipeline/device/time_operations.h"

namespace mfp::frontends::cwis {

namespace {

using http::TemplateData;
using http::TemplateList;

void notice(TemplateList& list, const std::string& kind, const std::string& text,
            const std::string& href = {}, const std::string& link = {}) {
  TemplateData n;
  n.set("kind", kind);
  n.set("text", text);
  if (!href.empty()) {
    n.set("href", href);
    n.set("link", link);
  }
  list.push_back(std::move(n));
}

std::string tray_name(const std::string& id) {
  if (id == "bypass") return "Bypass Tray";
  if (id.starts_with("tray-")) return "Tray " + id.substr(5);
  return id;
}

TemplateList notices_of(WebRequest& request, const pipeline::device::DeviceStatus& s) {
  TemplateList list;
  for (const auto& tray : s.trays) {
    if (tray.empty()) notice(list, "warning", tray_name(tray.id) + " is out of paper.");
  }
  using engine_hw::StateReason;
  if (s.engine.has(StateReason::media_jam)) notice(list, "error", "Paper jam: clear the jam.");
  for (const auto& toner : s.toner) {
    if (toner.empty()) {
      notice(list, "error", capitalized(to_string(toner.colorant)) + " toner is empty.");
    } else if (toner.low()) {
      notice(list, "warning", capitalized(to_string(toner.colorant)) + " toner is low.");
    }
  }
  if (s.overwrite_pending) {
    notice(list, "info", "Overwriting released data: the hard disk overwrite is in progress.");
  }
  for (const auto& fault : s.faults) {
    notice(list, "error",
           "Fault " + std::string(fault.code->code) + ": " + std::string(fault.code->cause) + " " +
               std::string(fault.code->remedy));
  }
  // The deviations (settings_check): only callers allowed to view settings see them.
  if (auto deviations = request.device().settings().check(request.caller())) {
    for (const auto& d : *deviations) {
      notice(list, "warning",
             std::string(d.display_name) + " deviates from the secure configuration.",
             "/system/index.html#secure", "Fix");
    }
  }
  return list;
}

TemplateData status_data(WebRequest& request, const pipeline::device::DeviceStatus& s) {
  TemplateData d;
  d.set("model", s.model.product);
  d.set("software_version", s.software_version);
  std::string clock = pipeline::device::utc_text(s.clock);
  if (auto zone = request.device().time().view(request.caller())) {
    clock = pipeline::device::local_text(s.clock, *zone);
  }
  d.set("clock", clock);
  d.set("engine_state",
        s.engine.message.empty() ? capitalized(to_string(s.engine.state)) : s.engine.message);
  TemplateList trays;
  for (const auto& tray : s.trays) {
    TemplateData t;
    t.set("name", tray_name(tray.id));
    t.set("media", tray.media);
    t.set("percent", std::to_string(tray.level_percent()));
    t.set("level", std::to_string(tray.level) + " of " + std::to_string(tray.capacity));
    trays.push_back(std::move(t));
  }
  d.set("trays", trays);
  TemplateList toner;
  for (const auto& t : s.toner) {
    TemplateData row;
    row.set("name", capitalized(to_string(t.colorant)));
    row.set("percent", std::to_string(t.level_percent()));
    toner.push_back(std::move(row));
  }
  d.set("toner", toner);
  d.set("color_impressions", std::to_string(s.counters.color_impressions));
  d.set("black_impressions", std::to_string(s.counters.black_impressions));
  d.set("total_impressions", std::to_string(s.counters.total_impressions));
  d.set("jobs_active", std::to_string(s.jobs_active));
  return d;
}

}  // namespace

void root_redirect(WebRequest& request) {
  request.see_other("/home/index.html");
}

void home_page(WebRequest& request) {
  TemplateData data;
  if (request.logged_in()) {
    if (auto status = request.device().status().status(request.caller())) {
      auto notices = notices_of(request, *status);
      data.set("has_notices", !notices.empty());
      data.set("notices", notices);
      data.set("status", status_data(request, *status));
    }
  }
  request.page("templates/home.html", "Home", data);
}

}  // namespace mfp::frontends::cwis
