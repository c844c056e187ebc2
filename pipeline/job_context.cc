#include "pipeline/job_context.h"

namespace mfp::pipeline {

std::string_view to_string(JobType t) noexcept {
  switch (t) {
    case JobType::print:
      return "Print";
    case JobType::copy:
      return "Copy";
    case JobType::scan:
      return "Scan";
    case JobType::fax_send:
    case JobType::fax_receive:
      return "Fax";
    case JobType::mailbox:
      return "Mailbox";
    case JobType::print_reports:
      return "Print Reports";
  }
  return "Print";
}

void JobContext::fail(Status status) noexcept {
  if (status.is_ok()) return;
  std::lock_guard lock(mu_);
  if (status_.is_ok()) {
    status_ = std::move(status);
    failed_.store(true, std::memory_order_release);
  }
}

Status JobContext::status() const {
  std::lock_guard lock(mu_);
  if (status_.is_ok() && is_cancelled()) {
    return make_error(StatusCode::cancelled, "job cancelled");
  }
  return status_;
}

void JobContext::mark_rendered() noexcept {
  {
    std::lock_guard lock(mu_);
    rendered_ = true;
  }
  rendered_cv_.notify_all();
}

void JobContext::wait_rendered() const noexcept {
  std::unique_lock lock(mu_);
  rendered_cv_.wait(lock, [this] { return rendered_; });
}

bool JobContext::rendered() const noexcept {
  std::lock_guard lock(mu_);
  return rendered_;
}

}  // namespace mfp::pipeline
