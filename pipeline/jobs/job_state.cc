#include "pipeline/jobs/job_state.h"

#include <array>
#include <utility>

namespace mfp::pipeline::jobs {

namespace {

constexpr std::array<std::pair<JobState, std::string_view>, 7> kStates{{
    {JobState::pending, "pending"},
    {JobState::pending_held, "pending-held"},
    {JobState::processing, "processing"},
    {JobState::processing_stopped, "processing-stopped"},
    {JobState::canceled, "canceled"},
    {JobState::aborted, "aborted"},
    {JobState::completed, "completed"},
}};

constexpr std::array<std::pair<JobStateReason, std::string_view>, 16> kReasons{{
    {JobStateReason::none, "none"},
    {JobStateReason::job_incoming, "job-incoming"},
    {JobStateReason::job_queued, "job-queued"},
    {JobStateReason::job_hold_until_specified, "job-hold-until-specified"},
    {JobStateReason::job_interpreting, "job-interpreting"},
    {JobStateReason::job_printing, "job-printing"},
    {JobStateReason::printer_stopped, "printer-stopped"},
    {JobStateReason::job_canceled_by_user, "job-canceled-by-user"},
    {JobStateReason::job_canceled_by_operator, "job-canceled-by-operator"},
    {JobStateReason::aborted_by_system, "aborted-by-system"},
    {JobStateReason::job_completed_successfully, "job-completed-successfully"},
    {JobStateReason::job_completed_with_errors, "job-completed-with-errors"},
    {JobStateReason::document_format_error, "document-format-error"},
    {JobStateReason::document_unprintable_error, "document-unprintable-error"},
    {JobStateReason::unsupported_document_format, "unsupported-document-format"},
    {JobStateReason::job_data_insufficient, "job-data-insufficient"},
}};

constexpr std::array<std::pair<JobType, std::string_view>, 7> kTypes{{
    {JobType::print, "print"},
    {JobType::copy, "copy"},
    {JobType::scan, "scan"},
    {JobType::fax_send, "fax-send"},
    {JobType::fax_receive, "fax-receive"},
    {JobType::mailbox, "mailbox"},
    {JobType::print_reports, "print-reports"},
}};

}  // namespace

std::string_view to_keyword(JobState s) noexcept {
  for (const auto& [state, name] : kStates) {
    if (state == s) return name;
  }
  return "pending";
}

std::optional<JobState> job_state_from_int(int value) noexcept {
  for (const auto& [state, name] : kStates) {
    if (static_cast<int>(state) == value) return state;
  }
  return std::nullopt;
}

std::string_view to_keyword(JobStateReason r) noexcept {
  for (const auto& [reason, name] : kReasons) {
    if (reason == r) return name;
  }
  return "none";
}

std::optional<JobStateReason> job_state_reason_from_keyword(std::string_view keyword) noexcept {
  for (const auto& [reason, name] : kReasons) {
    if (name == keyword) return reason;
  }
  return std::nullopt;
}

std::string_view type_keyword(JobType type) noexcept {
  for (const auto& [t, name] : kTypes) {
    if (t == type) return name;
  }
  return "print";
}

std::optional<JobType> job_type_from_keyword(std::string_view keyword) noexcept {
  for (const auto& [t, name] : kTypes) {
    if (name == keyword) return t;
  }
  return std::nullopt;
}

}  // namespace mfp::pipeline::jobs
