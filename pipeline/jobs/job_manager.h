#pragma once
// JobManager: the device's job service. Every front end submits and operates jobs here with
// the caller's identity; authorization is decided here (security/ownership's AccessPolicy plus
// the "Job Operation Restrictions" and "Hide Job Details" settings), never in a front end.
//
// - Submission spools every document into a sealed object of the job (durable), then applies
//   Receive Control ("Set Private Print"): with "According to Print Accounting", a job whose
//   login succeeded is saved as a Private Charge Print job (held until its owner releases it),
//   a job whose login failed and a job without a user ID are deleted, each as the settings say;
//   with the factory value "Print" every job prints at once. Deletions and holds are audited.
// - A scheduler RIPs ahead of the engine: job N+1's graph starts as soon as every page of job N
//   is in the page store, so the RIP works while the engine prints, and each job's pages stay
//   contiguous at the engine (one job renders at a time; the page store is first in, first out).
// - Cancel works at any stage: a queued or held job's data is released at once; a processing
//   job's graph drops its bands, its stored pages are discarded and everything it stored is
//   overwritten on release (the envelope's job end).
// - Finished jobs stay in the history (count and age bounded) for polling.
// - Restart: open() reloads the table: held and queued jobs stay (their sealed documents
//   re-registered with the envelope); jobs that were processing when the device stopped are
//   reported aborted (aborted-by-system) and their documents overwritten.
//
// Thread-safe. Everything passed to open() must outlive the manager; stop() (or the
// destructor) ends the scheduler, aborting the jobs still processing.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/buffer_pool.h"
#include "pipeline/job_context.h"
#include "pipeline/jobs/job_client.h"
#include "pipeline/jobs/job_record.h"
#include "pipeline/jobs/job_runner.h"
#include "pipeline/jobs/job_table.h"
#include "pipeline/jobs/receive_control.h"
#include "pipeline/stage.h"
#include "pipeline/stage_registry.h"
#include "security/device_security.h"
#include "security/ownership/access_policy.h"
#include "security/ownership/subject.h"
#include "stages/output/engine_output_sink.h"
#include "stages/output/page_store.h"

namespace mfp::pipeline::jobs {

namespace detail {
class JobRecordWriter;
}  // namespace detail

struct SubmitDocument {
  std::string format;  // MIME type; empty or application/octet-stream: sniffed from the bytes
  std::string name;
  std::unique_ptr<DocumentStream> stream;
  // The document's password (IPP document-password), kept in memory only until the job ends.
  std::shared_ptr<const SecretText> password;
};

struct SubmitRequest {
  JobType type = JobType::print;
  std::string name;
  Credential credential = Credential::none;
  security::ownership::Subject submitter;  // meaningful when credential == verified
  std::string user_name;                   // the user ID as given ("-" or empty: none)
  std::string origin = "local";            // "ipp", "panel", "local", ...
  // The client (address, user name given) an unauthenticated created job is bound to.
  JobClient client;
  JobOptions options;
  PrintTicket ticket;
  std::uint32_t copies = 1;  // 1..999
  // IPP job-hold-until "indefinite": a job that would be queued is held (pending-held) until
  // release() instead. Receive Control's Private Charge Print hold takes precedence.
  bool hold_until_released = false;
  std::vector<SubmitDocument> documents;
};

// A job as a caller may see it: with "Hide Job Details" on, another user's job shows its id,
// type and state only (owner and name blanked, details_hidden set).
struct JobInfo : JobRecord {
  bool details_hidden = false;
};

// One page of a job list, newest first: the active jobs or the finished ones (history).
struct JobPageQuery {
  bool finished = false;   // the history (canceled, aborted, completed) instead of active jobs
  std::size_t offset = 0;  // jobs of the page that come first (among those shown)
  std::size_t limit = 50;
};

// A job list page: the jobs whose details `who` may see ([offset, offset + limit) of them),
// how many such jobs there are, and how many more the list holds whose details are hidden
// (other users' jobs under Hide Job Details: counted, never copied out).
struct JobPage {
  std::vector<JobInfo> jobs;
  std::size_t total = 0;
  std::size_t hidden = 0;
};

struct JobManagerOptions {
  std::size_t history_count = 500;  // finished jobs kept for polling
  std::chrono::seconds history_age = std::chrono::hours(24);
  std::string engine_profile_path;                       // empty: the installed default
  std::size_t spool_limit_bytes = std::size_t{2} << 30;  // per document
  // A created job without its document (or close) for this long is aborted.
  std::chrono::seconds incoming_timeout{120};
  // Unix seconds; empty: the system clock. Tests inject one.
  std::function<std::int64_t()> wall_clock;
  // The user ID the audit log shows for a user id (the device core asks the accounts);
  // empty: the number.
  std::function<std::string(std::uint64_t)> user_name;
  // Called (outside the manager's lock) when a job ends aborted by a failure of its own, not
  // by a stop of the device: its id and the failure. The device core raises fault codes from
  // it. Must not call back into the manager.
  std::function<void(std::uint64_t, const Status&)> on_aborted;
  // The runner of each job type besides print (whose runner is the print path's, always): a
  // job of a type without one ends aborted (unsupported).
  std::map<JobType, std::shared_ptr<JobRunner>> runners;
};

// What the scheduler needs from the print path, owned by the device core.
struct PrintPath {
  const StageRegistry* registry = nullptr;
  BufferPool* pool = nullptr;
  stages::output::PageStore* page_store = nullptr;
  std::shared_ptr<const stages::output::EngineOutputSink> sink;
  // True while the engine is stopped (jam, no paper, no toner, door open): a processing job
  // is then reported processing-stopped.
  std::function<bool()> engine_stopped;
};

class JobManager {
 public:
  // Opens the job table, recovers the jobs found there (see the class comment) and starts the
  // scheduler. The table's or the store's error; nothing is started on failure.
  [[nodiscard]] static Result<std::unique_ptr<JobManager>> open(security::DeviceSecurity& security,
                                                                PrintPath path,
                                                                JobManagerOptions options = {});
  JobManager(const JobManager&) = delete;
  JobManager& operator=(const JobManager&) = delete;
  ~JobManager();

  // Submits a job; returns its id (held or queued). permission_denied when Receive Control
  // deletes it (login failure, no user ID: audited, nothing kept); invalid_argument for bad
  // copies or no document; unsupported for a document format without a RIP; the spool's error
  // (limit_exceeded past spool_limit_bytes, io_error). A failed submission keeps nothing.
  [[nodiscard]] Result<std::uint64_t> submit(SubmitRequest request) noexcept;

  // Creates a job whose document comes later (IPP Create-Job): Receive Control is decided now
  // (a job it deletes is refused here, as submit() does); the job shows pending/job-incoming
  // until close(). invalid_argument when `request` carries documents or bad copies.
  [[nodiscard]] Result<std::uint64_t> create(SubmitRequest request) noexcept;
  // Spools the document of a created job (IPP Send-Document; one document per job) and, with
  // `last`, closes it. Only the job's submitter: the same verified user, or for a job created
  // without authentication the same unauthenticated client (`client` equal to the creator's);
  // anyone else gets permission_denied (audited). not_found for no such job; conflict once the
  // job was closed or while another document arrives; unsupported for a second document; the
  // spool's errors (the job then ends aborted).
  [[nodiscard]] Status add_document(const security::ownership::Subject& who,
                                    const JobClient& client, std::uint64_t job_id,
                                    SubmitDocument doc, bool last) noexcept;
  // Closes a created job (IPP Close-Job, or Send-Document's last-document): it is held or
  // queued as Receive Control decided at create(); without a document it ends aborted.
  // add_document()'s refusals.
  [[nodiscard]] Status close(const security::ownership::Subject& who, const JobClient& client,
                             std::uint64_t job_id) noexcept;
  // True when `job_id` is a created job awaiting its document whose creator logged in: a
  // caller without credentials refused by add_document() or close() should log in (IPP
  // challenges it), where another anonymous client's job refuses it for good.
  [[nodiscard]] bool created_with_login(std::uint64_t job_id) const;
  // Aborts created jobs that waited longer than JobManagerOptions::incoming_timeout for their
  // document or close (a client that went away). Called by create() and by the front ends.
  void abort_stale_incoming() noexcept;

  // Releases a held (Private Charge Print) job for printing: the owner or an administrator.
  [[nodiscard]] Status release(const security::ownership::Subject& who,
                               std::uint64_t job_id) noexcept;
  // Cancels a job that has not finished: the owner or an administrator ("Job Operation
  // Restrictions" = "Anyone" also lets any logged-in user cancel). conflict for a finished job.
  [[nodiscard]] Status cancel(const security::ownership::Subject& who,
                              std::uint64_t job_id) noexcept;
  // Holds a queued job (IPP Hold-Job) until release(): the owner or an administrator.
  // conflict once it is processing or finished.
  [[nodiscard]] Status hold(const security::ownership::Subject& who, std::uint64_t job_id) noexcept;
  // Cancels every unfinished job `who` owns (IPP Cancel-My-Jobs); returns how many.
  [[nodiscard]] Result<std::size_t> cancel_own(const security::ownership::Subject& who) noexcept;
  // Changes the number of copies of a job not yet processing (held or queued).
  [[nodiscard]] Status set_copies(const security::ownership::Subject& who, std::uint64_t job_id,
                                  std::uint32_t copies) noexcept;
  // Cancels every unfinished job of `user_id` and drops its history (a deleted user).
  void remove_user_jobs(std::uint64_t user_id) noexcept;

  // One job as `who` may see it. not_found for no such job; permission_denied when `who`
  // may not even list it: unauthenticated callers, except while Receive Control is "Print"
  // (jobs come in without a login; their submitters see every job with details hidden).
  [[nodiscard]] Result<JobInfo> get(const security::ownership::Subject& who,
                                    std::uint64_t job_id) const;
  // Every job `who` may list, oldest first: active jobs, then (with `history`) finished ones.
  [[nodiscard]] Result<std::vector<JobInfo>> list(const security::ownership::Subject& who,
                                                  bool history = true) const;

  // One page of the active jobs or of the history (JobPage), under one lock hold: only the
  // page's jobs are copied (a browser reading its jobs page with thousands in the history).
  // Errors as list().
  [[nodiscard]] Result<JobPage> list_page(const security::ownership::Subject& who,
                                          const JobPageQuery& query) const;

  // Jobs not yet finished (held, queued, processing).
  [[nodiscard]] std::size_t active_count() const;
  // The unfinished jobs, held apart from the rest, in one snapshot (the device's status).
  struct Counts {
    std::size_t held = 0;   // pending-held
    std::size_t other = 0;  // queued, incoming or processing
  };
  [[nodiscard]] Counts counts() const;

  // The sealed object ids every kept job still references (start-up finds orphans with it).
  [[nodiscard]] std::vector<std::string> referenced_objects() const;
  // Blocks until no job is queued or processing (tests and orderly shutdown), or `timeout`.
  bool wait_idle(std::chrono::milliseconds timeout) const;
  // Stops the scheduler: jobs still processing are aborted and their data released; queued
  // and held jobs stay for the next start. Idempotent.
  void stop() noexcept;

 private:
  struct Active;

  // A submission that passed Receive Control: its id (the record is in jobs_, incoming).
  struct Admission {
    std::uint64_t id = 0;
    bool hold = false;
    std::string user;
  };
  // A created job waiting for its document or close.
  struct Incoming {
    bool hold = false;
    bool hold_until_released = false;
    std::string user;
    std::uint64_t submitter = 0;
    JobClient client;  // compared when submitter is the unauthenticated user id
    std::vector<StoredDocument> stored;
    bool spooling = false;
    std::chrono::steady_clock::time_point since;
  };

  JobManager(security::DeviceSecurity& security, PrintPath path, JobManagerOptions options);
  [[nodiscard]] Result<Admission> admit(SubmitRequest& request);
  [[nodiscard]] JobContext context_of(std::uint64_t id) const;
  void drop_incoming(std::uint64_t id, const Status& status);
  // Holds or queues a job whose documents are stored; returns its write. Requires mu_ held.
  std::uint64_t accept_locked(JobRecord& job, bool hold, bool hold_until_released);
  // A refusal's audit event goes to `refusal`, recorded by the caller once mu_ is released
  // (an anonymous client must not be able to hold mu_ through the audit log's fsync).
  [[nodiscard]] Status check_incoming_locked(
      const security::ownership::Subject& who, const JobClient& client, std::uint64_t job_id,
      std::string_view operation, std::optional<security::audit::AuditEvent>& refusal) const;
  [[nodiscard]] std::int64_t now() const;
  [[nodiscard]] std::string audit_name(const security::ownership::Subject& who) const;
  [[nodiscard]] Status recover() noexcept;
  [[nodiscard]] Status authorize(const security::ownership::Subject& who,
                                 security::ownership::Operation op, const JobRecord& job,
                                 bool log_refusal) const;
  [[nodiscard]] JobInfo view(const security::ownership::Subject& who, const JobRecord& job) const;
  // Whether `who` sees `job` with its details hidden (`hide`: the Hide Job Details setting).
  [[nodiscard]] bool details_hidden(const security::ownership::Subject& who, const JobRecord& job,
                                    bool hide) const;
  [[nodiscard]] bool anonymous_view_allowed() const;
  [[nodiscard]] Result<StoredDocument> spool(JobContext& context, SubmitDocument& doc) noexcept;
  // Ends a job that never reached (or left) the scheduler: its objects are released and its
  // end audited by the envelope, its record made terminal. Requires mu_ held.
  void end_unscheduled(JobRecord& job, JobState state, JobStateReason reason, const Status& status);
  // Cancels an unfinished job with `reason`: a processing job's context is cancelled (true:
  // the caller discards its stored pages outside mu_); a queued or held job ends now, its data
  // released (false). Requires mu_ held.
  bool cancel_locked(JobRecord& job, JobStateReason reason, const Status& why);
  // Queues the record's current state (or its removal) for the writer thread, in order, and
  // returns the write's sequence number. Requires mu_ held.
  std::uint64_t persist(const JobRecord& job);
  std::uint64_t persist_removal(std::uint64_t id);
  // Blocks until every write up to `sequence` has reached the database. Without mu_ held.
  void wait_written(std::uint64_t sequence) const;
  void trim_history();
  void scheduler_loop();
  void runner_loop();
  [[nodiscard]] std::shared_ptr<Active> start_job(std::uint64_t id);
  void finish_job(const std::shared_ptr<Active>& active, const Status& status);

  security::DeviceSecurity& security_;
  PrintPath path_;
  JobManagerOptions options_;
  std::unique_ptr<JobTable> table_;
  security::ownership::AccessPolicy policy_;
  // One runner per job type (options_.runners plus print), fixed at open().
  std::map<JobType, std::shared_ptr<JobRunner>> job_runners_;

  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::map<std::uint64_t, JobRecord> jobs_;     // every kept job, by id
  std::deque<std::uint64_t> queue_;             // pending jobs, in order
  std::map<std::uint64_t, Incoming> incoming_;  // created jobs awaiting their document
  std::map<std::uint64_t, std::shared_ptr<Active>> active_;
  std::shared_ptr<Active> handoff_;  // rendered by the next free runner
  bool starting_ = false;            // the scheduler took a job and is opening its documents
  std::size_t idle_runners_ = 0;
  bool stopping_ = false;
  std::thread scheduler_;
  std::vector<std::thread> runners_;

  // The ordered record writer (detail/job_record_writer.h): state changes decided under mu_
  // reach the database in order without mu_ held across an fsync.
  std::unique_ptr<detail::JobRecordWriter> writer_;
};

}  // namespace mfp::pipeline::jobs
