#pragma once
// JobRecord: everything the device keeps about one job, persisted in the encrypted metadata
// database (JobTable) from submission until the job leaves the history: identity, owner,
// state and reason, options, the sealed objects holding its documents, counts and times.

#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/job_options.h"
#include "pipeline/jobs/job_state.h"
#include "pipeline/jobs/print_ticket.h"
#include "pipeline/status.h"

namespace mfp::pipeline::jobs {

// A document of a job as spooled into sealed storage.
struct StoredDocument {
  std::string object_id;  // the sealed object's id (hex); empty once released
  std::string format;     // MIME type, sniffed when the client sent none
  std::string name;       // document-name, when the client gave one
  std::uint64_t size = 0;
};

struct JobRecord {
  std::uint64_t id = 0;
  JobType type = JobType::print;
  JobState state = JobState::pending;
  JobStateReason reason = JobStateReason::job_incoming;
  std::uint64_t owner_id = 0;  // ownership::kUnauthenticatedUserId when nobody logged in
  std::string owner_name;      // the owner's user ID as the audit log shows it ("-": none)
  std::string name;            // job-name
  std::string origin;          // the interface that submitted it: "ipp", "panel", "local"
  bool private_print = false;  // saved as a Private Charge Print job by Receive Control
  std::uint32_t copies = 1;
  JobOptions options;
  PrintTicket ticket;           // the print options as the client asked for them
  std::string requesting_user;  // the user name a client gave without logging in (display only)
  std::vector<StoredDocument> documents;
  std::uint64_t pages = 0;    // pages completed at the engine
  std::int64_t created = 0;   // unix seconds
  std::int64_t started = 0;   // processing began (0: not yet)
  std::int64_t finished = 0;  // reached a terminal state (0: not yet)
  std::string message;        // why it was aborted (never user data)
};

// The record's fields other than id, owner and state as JSON text (the table keeps those three
// in columns), and back. from_json fails with integrity_error on text it did not write.
[[nodiscard]] std::string to_json(const JobRecord& record);
[[nodiscard]] Result<JobRecord> job_record_from_json(std::string_view text);

}  // namespace mfp::pipeline::jobs
