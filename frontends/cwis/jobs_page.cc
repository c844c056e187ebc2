// Jobs: the active jobs and the job history (Owner, Name, Type, Status, Quantity), newest
// first, a page of 50 at a time; the job manager applies Hide Job Details and shows each
// caller what AccessPolicy lets them see (jobs whose details it hides are only counted). Cancel
// (and release, for a held job) per Job Operation Restrictions.

#include <algorithm>
#include <string>

#include "frontends/cwis/display_text.h"
#include "frontends/cwis/pages.h"
#include "frontends/cwis/web_request.h"
#include "pipeline/device/time_operations.h"
#include "pipeline/jobs/job_state.h"

namespace mfp::frontends::cwis {

namespace {

using http::TemplateData;
using http::TemplateList;
using pipeline::jobs::JobState;

constexpr std::size_t kPageSize = 50;

std::string state_text(const pipeline::jobs::JobInfo& job) {
  switch (job.state) {
    case JobState::pending:
      return "Waiting";
    case JobState::pending_held:
      return "Held";
    case JobState::processing:
      return "Printing";
    case JobState::processing_stopped:
      return "Stopped";
    case JobState::canceled:
      return "Canceled";
    case JobState::aborted:
      return "Aborted";
    case JobState::completed:
      return "Completed";
  }
  return "Unknown";
}

TemplateData row_of(const pipeline::jobs::JobInfo& job, const pipeline::device::DeviceTime& zone) {
  TemplateData row;
  row.set("id", std::to_string(job.id));
  row.set("name", job.name.empty() ? std::string("—") : job.name);
  row.set("owner",
          job.owner_name.empty() || job.owner_name == "-" ? std::string("Guest") : job.owner_name);
  row.set("type", capitalized(pipeline::jobs::type_keyword(job.type)));
  row.set("state", state_text(job));
  row.set("quantity", std::to_string(job.copies));
  row.set("pages", std::to_string(job.pages));
  row.set("created",
          pipeline::device::local_text(
              std::chrono::system_clock::time_point(std::chrono::seconds(job.created)), zone));
  row.set("cancelable", !pipeline::jobs::is_terminal(job.state));
  row.set("releasable", job.state == JobState::pending_held);
  return row;
}

}  // namespace

void jobs_page(WebRequest& request) {
  const bool history = request.query().value("which") == "history";
  const std::size_t wanted = request.number("page").value_or(1);
  pipeline::jobs::JobPageQuery query;
  query.finished = history;
  query.offset = (std::max<std::size_t>(wanted, 1) - 1) * kPageSize;
  query.limit = kPageSize;
  auto found = request.device().jobs().page(request.caller(), query);
  if (!found) return request.fail(found.status());
  const std::size_t pages = std::max<std::size_t>(1, (found->total + kPageSize - 1) / kPageSize);
  const std::size_t page = std::clamp<std::size_t>(wanted, 1, pages);
  if (page != wanted && wanted > pages) {
    query.offset = (page - 1) * kPageSize;
    found = request.device().jobs().page(request.caller(), query);
    if (!found) return request.fail(found.status());
  }
  pipeline::device::DeviceTime zone;
  if (auto t = request.device().time().view(request.caller())) zone = *t;

  TemplateData data;
  TemplateList rows;
  for (const auto& job : found->jobs) rows.push_back(row_of(job, zone));
  data.set("jobs", rows);
  data.set("empty", found->total == 0);
  if (found->hidden > 0) data.set("hidden", std::to_string(found->hidden));
  data.set("history", history);
  data.set("which", std::string(history ? "history" : "active"));
  data.set("csrf", request.session()->csrf_token);
  data.set("page", std::to_string(page));
  data.set("pages", std::to_string(pages));
  data.set("count", std::to_string(found->total));
  if (page > 1) data.set("previous", std::to_string(page - 1));
  if (page < pages) data.set("next", std::to_string(page + 1));
  if (auto done = request.query().get("done")) {
    if (*done == "canceled") data.set("notice", std::string("The job was canceled."));
    if (*done == "released") data.set("notice", std::string("The job was released to print."));
  }
  request.page("templates/jobs.html", history ? "Job History" : "Active Jobs", data);
}

void job_cancel(WebRequest& request) {
  const auto id = request.number("id");
  if (!id) return request.fail(400, "Which job? The form names none.");
  const auto done = request.device().jobs().cancel(request.caller(), *id);
  if (!done.is_ok()) return request.fail(done);
  request.see_other("/jobs/index.html?done=canceled");
}

void job_release(WebRequest& request) {
  const auto id = request.number("id");
  if (!id) return request.fail(400, "Which job? The form names none.");
  const auto done = request.device().jobs().release(request.caller(), *id);
  if (!done.is_ok()) return request.fail(done);
  request.see_other("/jobs/index.html?done=released");
}

}  // namespace mfp::frontends::cwis
