// App → Send from Folder → one folder: its settings (name, Check Folder Passcode; edit and
// delete for its owner or an administrator) and its File List (Type, File Name, Date & Time,
// Page Count) for the folder's owner and the Key Operator only: anyone else reads "Unable to
// select because you do not have access". A file is retrieved (downloaded as stored; "Files
// Retrieved By Client: Force Delete" deletes it after retrieval, as the device services apply
// it) or deleted. Retrieval is a POST: with Force Delete it changes state.

#include <string>

#include "frontends/cwis/folder_label.h"
#include "frontends/cwis/pages.h"
#include "frontends/cwis/web_request.h"
#include "pipeline/device/time_operations.h"
#include "security/settings/setting_keys.h"

namespace mfp::frontends::cwis {

namespace {

// The largest file a retrieval sends (the device's scans and faxes are far smaller).
constexpr std::uint64_t kMaxRetrieveBytes = std::uint64_t{512} << 20;

std::string page_of(std::uint32_t number, std::string_view done = {}) {
  std::string path = "/app/folder.html?number=" + std::to_string(number);
  if (!done.empty()) path += "&done=" + std::string(done);
  return path;
}

std::optional<std::uint32_t> folder_number(const WebRequest& request) {
  const auto n = request.number("number");
  if (!n || *n == 0 || *n > 999) return std::nullopt;
  return static_cast<std::uint32_t>(*n);
}

void file_rows(WebRequest& request, std::uint32_t number, http::TemplateData& data) {
  auto files = request.device().folders().files(request.caller(), number);
  if (!files) {
    if (files.status().code() == pipeline::StatusCode::permission_denied) {
      data.set("no_access", true);
      return;
    }
    data.set("files_failed", files.status().message());
    return;
  }
  pipeline::device::DeviceTime zone;
  if (auto t = request.device().time().view(request.caller())) zone = *t;
  http::TemplateList rows;
  for (const auto& f : *files) {
    http::TemplateData row;
    row.set("id", std::to_string(f.id));
    row.set("type", f.type);
    row.set("name", f.name);
    row.set("stored",
            pipeline::device::local_text(
                std::chrono::system_clock::time_point(std::chrono::seconds(f.stored)), zone));
    row.set("pages", std::to_string(f.pages));
    rows.push_back(row);
  }
  data.set("files", rows);
  data.set("no_files", files->empty());
  data.set("has_files", !files->empty());
}

void show(WebRequest& request, std::uint32_t number, const std::string& failed, unsigned status) {
  auto folder = request.device().folders().view(request.caller(), number);
  if (!folder && folder.status().code() == pipeline::StatusCode::permission_denied) {
    // The guide's words for another user's folder.
    http::TemplateData data;
    data.set("no_access", true);
    data.set("label", folder_label(number));
    request.page("templates/folder.html", "Folder " + folder_label(number), data, 403);
    return;
  }
  if (!folder) return request.fail(folder.status());
  http::TemplateData data;
  data.set("manage", true);
  data.set("number", std::to_string(folder->number));
  data.set("label", folder_label(folder->number));
  data.set("name", folder->name);
  data.set("check_passcode", folder->check_passcode);
  data.set("csrf", request.session()->csrf_token);
  data.set("force_delete",
           request.device().protocol().setting(security::settings::kFilesRetrievedByClient) ==
               security::settings::FilesRetrieved::force_delete);
  file_rows(request, number, data);
  if (!failed.empty()) data.set("failed", failed);
  const std::string_view done = request.query().value("done");
  if (done == "saved") data.set("notice", std::string("The folder was saved."));
  if (done == "file-deleted") data.set("notice", std::string("The file was deleted."));
  request.page("templates/folder.html", "Folder " + folder_label(folder->number), data, status);
}

void refused(WebRequest& request, std::uint32_t number, const pipeline::Status& status) {
  if (status.code() == pipeline::StatusCode::permission_denied ||
      status.code() == pipeline::StatusCode::not_found) {
    return request.fail(status);
  }
  show(request, number, status.message(), 400);
}

}  // namespace

void folder_page(WebRequest& request) {
  const auto number = folder_number(request);
  if (!number) return request.fail(400, "Which folder? The address names none.");
  show(request, *number, {}, 200);
}

void folder_edit(WebRequest& request) {
  const auto number = folder_number(request);
  if (!number) return request.fail(400, "Which folder? The form names none.");
  pipeline::device::FolderSettings folder;
  folder.number = *number;
  folder.name = std::string(request.form().value("name"));
  folder.check_passcode = request.form().has("check_passcode");
  const auto done = request.device().folders().edit(request.caller(), folder);
  if (!done.is_ok()) return refused(request, *number, done);
  request.see_other(page_of(*number, "saved"));
}

void folder_delete(WebRequest& request) {
  const auto number = folder_number(request);
  if (!number) return request.fail(400, "Which folder? The form names none.");
  if (!request.form().has("confirm")) {
    return show(request, *number, "Tick the box to confirm the deletion.", 400);
  }
  const auto done = request.device().folders().remove(request.caller(), *number);
  if (!done.is_ok()) return refused(request, *number, done);
  request.see_other("/app/folders.html?done=deleted");
}

void folder_file_retrieve(WebRequest& request) {
  const auto number = folder_number(request);
  const auto id = request.number("id");
  if (!number || !id) return request.fail(400, "Which file? The form names none.");
  // The name first: a Force Delete retrieval removes the file.
  auto files = request.device().folders().files(request.caller(), *number);
  if (!files) return request.fail(files.status());
  std::string name = "file-" + std::to_string(*id);
  for (const auto& f : *files) {
    if (f.id == *id) name = f.name;
  }
  // A download name without quotes, path separators or control characters.
  for (char& c : name) {
    if (c == '"' || c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20) c = '_';
  }
  auto bytes =
      request.device().folders().retrieve(request.caller(), *number, *id, kMaxRetrieveBytes);
  if (!bytes) return request.fail(bytes.status());
  request.download(name, "application/octet-stream",
                   std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
}

void folder_file_delete(WebRequest& request) {
  const auto number = folder_number(request);
  const auto id = request.number("id");
  if (!number || !id) return request.fail(400, "Which file? The form names none.");
  const auto done = request.device().folders().remove_file(request.caller(), *number, *id);
  if (!done.is_ok()) return refused(request, *number, done);
  request.see_other(page_of(*number, "file-deleted"));
}

}  // namespace mfp::frontends::cwis
