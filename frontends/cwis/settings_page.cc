// The settings pages: Permissions → Authentication and Access Control, System, Network. Each
// shows its groups of the settings table with the current value, the secure configuration's
// value and whether the current one deviates (OpenMFP keeps that visible); one form saves a
// group's changes through the device services (which refuse a setting changed only at the
// control panel, and audit each change). A change that needs a restart says so and offers it
// (reboot confirmation). "Set every setting to its secure value" fixes every deviation this
// interface may change.

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "frontends/cwis/display_text.h"
#include "frontends/cwis/pages.h"
#include "frontends/cwis/web_request.h"
#include "security/settings/setting_table.h"

namespace mfp::frontends::cwis {

namespace {

using http::TemplateData;
using http::TemplateList;
using security::settings::SettingDefinition;
using security::settings::SettingType;

enum class SettingsPage : std::uint8_t { permissions, system, network };

struct Group {
  SettingsPage page;
  std::string_view id;       // the group's anchor on its page
  std::string_view heading;  // the guide's words
  std::string_view prefix;   // the keys it holds: the longest matching prefix of any group wins
};

// clang-format off
constexpr std::array kGroups = {
  Group{SettingsPage::permissions, "authentication", "Authentication", "auth."},
  Group{SettingsPage::permissions, "access-control", "Access Control", "access."},
  Group{SettingsPage::permissions, "personalization", "Personalization Restrictions", "personalization."},
  Group{SettingsPage::permissions, "job-operations", "Job Operation Restrictions and Active Jobs View", "jobs."},
  Group{SettingsPage::system, "security", "Security", "security."},
  Group{SettingsPage::system, "security", "Security", "system.data_encryption."},
  Group{SettingsPage::system, "security", "Security", "system.self_test."},
  Group{SettingsPage::system, "security", "Security", "system.service_rep"},
  Group{SettingsPage::system, "logs", "Logs", "system.audit_log."},
  Group{SettingsPage::system, "timeouts", "Timeouts", "cwis."},
  Group{SettingsPage::system, "timeouts", "Timeouts", "panel."},
  Group{SettingsPage::system, "software-update", "Software Update", "system.software"},
  Group{SettingsPage::system, "plug-ins", "Plug-in Settings", "system.plugins."},
  Group{SettingsPage::system, "clock", "Date and Time", "system.clock."},
  Group{SettingsPage::system, "print", "Print and Defaults", "print."},
  Group{SettingsPage::system, "folders", "Send from Folder", "folder."},
  Group{SettingsPage::system, "folders", "Send from Folder", "app."},
  Group{SettingsPage::system, "home", "Apps on the Home Screen", "home."},
  Group{SettingsPage::system, "reports", "Reports", "system.report"},
  Group{SettingsPage::system, "fax", "Fax", "fax."},
  Group{SettingsPage::network, "tls", "SSL/TLS Settings", "tls."},
  Group{SettingsPage::network, "http", "HTTP", "network.http."},
  Group{SettingsPage::network, "smtp", "SMTP", "network.smtp."},
  Group{SettingsPage::network, "tcpip", "Connections (TCP/IP)", "network.tcpip."},
  Group{SettingsPage::network, "protocols", "Protocols", "network."},
};
// clang-format on

const Group* group_of(std::string_view key) {
  const Group* best = nullptr;
  for (const Group& g : kGroups) {
    if (key.starts_with(g.prefix) && (best == nullptr || g.prefix.size() > best->prefix.size())) {
      best = &g;
    }
  }
  return best;
}

std::string_view page_path(SettingsPage page) {
  switch (page) {
    case SettingsPage::permissions:
      return "/permissions/settings.html";
    case SettingsPage::system:
      return "/system/index.html";
    case SettingsPage::network:
      return "/network/index.html";
  }
  return "/system/index.html";
}

struct ChoiceLabel {
  std::string_view name;
  std::string_view label;
};

// The guide's words for enumeration values whose names do not read well capitalized.
constexpr std::array kChoiceLabels = {
    ChoiceLabel{"tls1.0_or_later", "TLS 1.0 or later"},
    ChoiceLabel{"tls1.2_or_later", "TLS 1.2 or later"},
    ChoiceLabel{"http_and_https", "HTTP and HTTPS"},
    ChoiceLabel{"https_only", "Only HTTPS"},
    ChoiceLabel{"ipv4", "IPv4"},
    ChoiceLabel{"ipv6", "IPv6"},
    ChoiceLabel{"dual_stack", "IPv4 and IPv6 (dual stack)"},
    ChoiceLabel{"ssl_tls", "SSL/TLS"},
    ChoiceLabel{"starttls", "STARTTLS"},
    ChoiceLabel{"local", "Login to Local Accounts"},
    ChoiceLabel{"lock_all", "Lock All"},
    ChoiceLabel{"1", "1 Overwrite"},
    ChoiceLabel{"3", "3 Overwrites"},
    ChoiceLabel{"delete", "Delete Job"},
    ChoiceLabel{"yyyy_mm_dd", "YYYY/MM/DD"},
    ChoiceLabel{"mm_dd_yyyy", "MM/DD/YYYY"},
    ChoiceLabel{"dd_mm_yyyy", "DD/MM/YYYY"},
};

// "according_to_print_accounting" -> "According to print accounting"; booleans On/Off.
std::string value_label(const SettingDefinition& def, std::string_view value) {
  if (def.type == SettingType::boolean) return value == "true" ? "On" : "Off";
  for (const ChoiceLabel& c : kChoiceLabels) {
    if (c.name == value) return std::string(c.label);
  }
  std::string out(value);
  std::replace(out.begin(), out.end(), '_', ' ');
  return capitalized(out);
}

TemplateList choices_of(const SettingDefinition& def, std::string_view current) {
  std::vector<std::string> names;
  if (def.type == SettingType::boolean) {
    names = {"true", "false"};
  } else {
    std::string_view rest = def.allowed;
    while (!rest.empty()) {
      const std::size_t bar = rest.find('|');
      names.emplace_back(rest.substr(0, bar));
      rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
    }
  }
  TemplateList list;
  for (const auto& name : names) {
    TemplateData c;
    c.set("value", name);
    c.set("label", value_label(def, name));
    c.set("selected", name == current);
    list.push_back(std::move(c));
  }
  return list;
}

TemplateData row_of(const pipeline::device::SettingRow& row, const SettingDefinition& def) {
  TemplateData d;
  d.set("key", row.key);
  d.set("field", "s:" + row.key);
  d.set("name", row.name);
  d.set("value_label", value_label(def, row.value));
  d.set("secure_label", def.secure_rule == security::settings::SecureRule::any
                            ? std::string("—")
                            : value_label(def, row.secure));
  d.set("deviates", row.deviates);
  d.set("restart", row.needs_restart);
  const bool here = security::settings::has(def.changed_on, security::settings::ChangedOn::cwis);
  d.set("editable", here);
  if (def.type == SettingType::integer) {
    d.set("number", true);
    d.set("value", row.value);
    d.set("min", std::to_string(def.min));
    d.set("max", std::to_string(def.max));
  } else {
    d.set("choices", choices_of(def, row.value));
  }
  return d;
}

void show(WebRequest& request, SettingsPage page, std::string_view title) {
  auto rows = request.device().settings().list(request.caller());
  if (!rows) return request.fail(rows.status());
  TemplateList groups;
  std::size_t deviations = 0;
  for (const Group& g : kGroups) {
    if (g.page != page) continue;
    bool seen = false;  // groups that share an id (several prefixes) are shown once
    for (const Group& earlier : kGroups) {
      if (&earlier == &g) break;
      if (earlier.page == page && earlier.id == g.id) seen = true;
    }
    if (seen) continue;
    TemplateList items;
    for (const auto& row : *rows) {
      const Group* owner = group_of(row.key);
      const SettingDefinition* def = security::settings::find_setting(row.key);
      if (owner == nullptr || owner->page != page || owner->id != g.id || def == nullptr) continue;
      items.push_back(row_of(row, *def));
      if (row.deviates) ++deviations;
    }
    if (items.empty()) continue;
    TemplateData group;
    group.set("id", std::string(g.id));
    group.set("heading", std::string(g.heading));
    group.set("settings", items);
    groups.push_back(std::move(group));
  }
  TemplateData data;
  data.set("groups", groups);
  data.set("page", std::string(page_path(page)));
  data.set("csrf", request.session()->csrf_token);
  data.set("deviations", std::to_string(deviations));
  data.set("secure", deviations == 0);
  data.set("is_system", page == SettingsPage::system);
  data.set("is_permissions", page == SettingsPage::permissions);
  const auto& q = request.query();
  if (q.value("done") == "saved") data.set("notice", std::string("The settings were saved."));
  if (q.value("done") == "secure") {
    data.set("notice", std::string("Every setting changed here is at its secure value."));
  }
  if (q.value("done") == "unchanged") data.set("notice", std::string("Nothing was changed."));
  if (q.has("restart")) data.set("restart_needed", true);
  request.page("templates/settings.html", title, data);
}

std::string_view return_page(const WebRequest& request) {
  const std::string_view page = request.form().value("page");
  for (SettingsPage p : {SettingsPage::permissions, SettingsPage::system, SettingsPage::network}) {
    if (page == page_path(p)) return page_path(p);
  }
  return "/system/index.html";
}

}  // namespace

void permissions_settings_page(WebRequest& request) {
  show(request, SettingsPage::permissions, "Authentication and Access Control");
}

void system_settings_page(WebRequest& request) {
  show(request, SettingsPage::system, "System");
}

void network_settings_page(WebRequest& request) {
  show(request, SettingsPage::network, "Network");
}

void settings_submit(WebRequest& request) {
  auto rows = request.device().settings().list(request.caller());
  if (!rows) return request.fail(rows.status());
  bool changed = false;
  bool restart = false;
  for (const auto& [field, value] : request.form().fields()) {
    if (!field.starts_with("s:")) continue;
    const std::string key = field.substr(2);
    const auto current =
        std::find_if(rows->begin(), rows->end(), [&](const auto& r) { return r.key == key; });
    if (current == rows->end()) return request.fail(400, "The form names an unknown setting.");
    if (current->value == value) continue;
    auto set = request.device().settings().set(request.caller(), {key, value});
    if (!set) return request.fail(set.status());
    changed = true;
    restart = restart || set->needs_restart;
  }
  std::string path(return_page(request));
  path += changed ? "?done=saved" : "?done=unchanged";
  if (restart) path += "&restart=1";
  request.see_other(path);
}

void settings_secure_submit(WebRequest& request) {
  auto applied = request.device().settings().apply_secure(request.caller());
  if (!applied) return request.fail(applied.status());
  std::string path(return_page(request));
  path += "?done=secure";
  if (applied->needs_restart) path += "&restart=1";
  request.see_other(path);
}

}  // namespace mfp::frontends::cwis
