#pragma once
// JobState and JobStateReason: a job's life as the device tracks it, mapped one-to-one onto IPP
// job-state (RFC 8011 5.3.7) and the job-state-reasons keywords (RFC 8011 5.3.8, PWG 5100.7),
// so every front end reports the same thing.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "pipeline/job_options.h"

namespace mfp::pipeline::jobs {

// The values are IPP's job-state enum.
enum class JobState : std::uint8_t {
  pending = 3,             // queued, waiting for the RIP
  pending_held = 4,        // held: a Private Charge Print job waiting for its owner
  processing = 5,          // being RIPped or printed
  processing_stopped = 6,  // processing, but the engine is stopped (jam, no paper, no toner)
  canceled = 7,
  aborted = 8,
  completed = 9,
};

// True for canceled, aborted and completed: the job is history, its data already released.
[[nodiscard]] constexpr bool is_terminal(JobState s) noexcept {
  return s == JobState::canceled || s == JobState::aborted || s == JobState::completed;
}
// IPP keyword ("pending-held", ...).
[[nodiscard]] std::string_view to_keyword(JobState s) noexcept;
[[nodiscard]] std::optional<JobState> job_state_from_int(int value) noexcept;

enum class JobStateReason : std::uint8_t {
  none,
  job_incoming,                 // documents still arriving
  job_queued,                   // waiting for the RIP
  job_hold_until_specified,     // held as Private Charge Print until released at the panel
  job_interpreting,             // the RIP is working on it
  job_printing,                 // pages are reaching the engine
  printer_stopped,              // the engine is stopped; the job resumes when it is fixed
  job_canceled_by_user,         // cancelled by its owner
  job_canceled_by_operator,     // cancelled by an administrator
  aborted_by_system,            // the device ended it (a restart while it was printing)
  job_completed_successfully,   // printed
  job_completed_with_errors,    // ended with an engine error on a page
  document_format_error,        // a document could not be interpreted
  document_unprintable_error,   // a document was interpreted but cannot print
  unsupported_document_format,  // no RIP for its format
  job_data_insufficient,        // no document
};

// IPP keyword ("job-hold-until-specified", ...); "none" for none.
[[nodiscard]] std::string_view to_keyword(JobStateReason r) noexcept;
[[nodiscard]] std::optional<JobStateReason> job_state_reason_from_keyword(
    std::string_view keyword) noexcept;

// Stable lower-case names of the job types, as stored and shown by mfpctl ("print", ...).
[[nodiscard]] std::string_view type_keyword(JobType type) noexcept;
[[nodiscard]] std::optional<JobType> job_type_from_keyword(std::string_view keyword) noexcept;

}  // namespace mfp::pipeline::jobs
