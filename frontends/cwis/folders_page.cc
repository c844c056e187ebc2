// App → Send from Folder: the folders (number, name) everyone may list, and the form that
// creates one (its creator owns it). The folder's own page (folder_page.cc) has its settings
// and File List.

#include <string>

#include "frontends/cwis/folder_label.h"
#include "frontends/cwis/pages.h"
#include "frontends/cwis/web_request.h"
#include "pipeline/jobs/folder.h"

namespace mfp::frontends::cwis {

namespace {

void show(WebRequest& request, const std::string& failed, unsigned status) {
  auto folders = request.device().folders().list(request.caller());
  if (!folders) return request.fail(folders.status());
  http::TemplateData data;
  http::TemplateList rows;
  for (const auto& f : *folders) {
    http::TemplateData row;
    row.set("number", std::to_string(f.number));
    row.set("label", folder_label(f.number));
    row.set("name", f.name);
    rows.push_back(row);
  }
  data.set("folders", rows);
  data.set("empty", folders->empty());
  data.set("csrf", request.session()->csrf_token);
  data.set("max_name", std::to_string(pipeline::jobs::kMaxFolderNameChars));
  if (!failed.empty()) data.set("failed", failed);
  if (request.query().value("done") == "created") {
    data.set("notice", std::string("The folder was created."));
  }
  if (request.query().value("done") == "deleted") {
    data.set("notice", std::string("The folder was deleted."));
  }
  request.page("templates/folders.html", "Send from Folder", data, status);
}

}  // namespace

void folders_page(WebRequest& request) {
  show(request, {}, 200);
}

void folder_create(WebRequest& request) {
  const auto number = request.number("number");
  if (!number || *number > pipeline::jobs::kMaxFolderNumber) {
    return show(request, "The folder number must be 1 to 999.", 400);
  }
  pipeline::device::FolderSettings folder;
  folder.number = static_cast<std::uint32_t>(*number);
  folder.name = std::string(request.form().value("name"));
  folder.check_passcode = request.form().has("check_passcode");
  const auto done = request.device().folders().create(request.caller(), folder);
  if (!done.is_ok()) {
    if (done.code() == pipeline::StatusCode::permission_denied) return request.fail(done);
    return show(request, done.message(), done.code() == pipeline::StatusCode::conflict ? 409 : 400);
  }
  request.see_other("/app/folders.html?done=created");
}

}  // namespace mfp::frontends::cwis
