#include "pipeline/jobs/job_manager.h"

#include <algorithm>
#include <array>
#include <ctime>
#include <type_traits>

#include "pipeline/jobs/detail/job_record_writer.h"
#include "pipeline/jobs/detail/sealing_worker.h"
#include "pipeline/jobs/print_job_runner.h"
#include "pipeline/jobs/sealed_document_stream.h"
#include "security/audit/audit_events.h"
#include "security/crypto/secure_bytes.h"
#include "security/settings/setting_keys.h"
#include "stages/print_path.h"
#include "stages/register_stages.h"
#include "stages/rip/document_format.h"

namespace mfp::pipeline::jobs {

namespace audit = security::audit;
namespace ownership = security::ownership;
using ownership::Operation;
using ownership::Subject;
namespace setting = security::settings;

namespace {

constexpr std::size_t kSpoolChunk = 1024 * 1024;
constexpr std::uint32_t kMaxCopies = 999;
constexpr std::size_t kRunners = 2;  // one job printing, one rendering

JobStateReason reason_for_failure(const Status& status) {
  switch (status.code()) {
    case StatusCode::malformed_data:
    case StatusCode::truncated:
      return JobStateReason::document_format_error;
    case StatusCode::unsupported:
      return JobStateReason::unsupported_document_format;
    case StatusCode::limit_exceeded:
      return JobStateReason::document_unprintable_error;
    default:
      return JobStateReason::aborted_by_system;
  }
}

Status shutdown_status() {
  return make_error(StatusCode::conflict, "the device shut down while the job was processing");
}

}  // namespace

struct JobManager::Active {
  std::unique_ptr<JobContext> context;
  // Opened by the scheduler; the runner builds the graph from them on its own thread, because
  // a oneTBB flow graph works in the arena of the thread that made it, and the thread that
  // waits for it must be able to join that arena (built on the scheduler thread, the runner's
  // wait could not take a slot and the job rendered on one worker).
  std::vector<stages::PrintDocument> documents;
  JobStateReason cancel_reason = JobStateReason::job_canceled_by_user;
};

JobManager::JobManager(security::DeviceSecurity& security, PrintPath path,
                       JobManagerOptions options)
    : security_(security), path_(std::move(path)), options_(std::move(options)) {}

Result<std::unique_ptr<JobManager>> JobManager::open(security::DeviceSecurity& security,
                                                     PrintPath path, JobManagerOptions options) {
  if (path.registry == nullptr || path.pool == nullptr || path.page_store == nullptr ||
      !path.sink) {
    return make_error(StatusCode::invalid_argument, "job manager: incomplete print path");
  }
  if (options.engine_profile_path.empty()) {
    options.engine_profile_path = stages::default_engine_profile_path();
  }
  std::unique_ptr<JobManager> m(  // NOLINT: private constructor
      new JobManager(security, std::move(path), std::move(options)));
  MFP_ASSIGN_OR_RETURN(m->table_, JobTable::open(security.database()));
  m->job_runners_ = m->options_.runners;
  m->job_runners_[JobType::print] = std::make_shared<PrintJobRunner>(
      *m->path_.registry, *m->path_.pool, m->path_.sink, m->options_.engine_profile_path);
  m->writer_ = std::make_unique<detail::JobRecordWriter>(*m->table_);
  MFP_RETURN_IF_ERROR(m->recover());
  m->idle_runners_ = kRunners;
  for (std::size_t i = 0; i < kRunners; ++i) {
    m->runners_.emplace_back([raw = m.get()] { raw->runner_loop(); });
  }
  m->scheduler_ = std::thread([raw = m.get()] { raw->scheduler_loop(); });
  return m;
}

JobManager::~JobManager() {
  stop();
}

std::int64_t JobManager::now() const {
  if (options_.wall_clock) return options_.wall_clock();
  return static_cast<std::int64_t>(std::time(nullptr));
}

std::string JobManager::audit_name(const Subject& who) const {
  if (who.user_id == ownership::kUnauthenticatedUserId) return "-";
  if (options_.user_name) return options_.user_name(who.user_id);
  return std::to_string(who.user_id);
}

std::uint64_t JobManager::persist(const JobRecord& job) {
  return writer_->write(job);
}

std::uint64_t JobManager::persist_removal(std::uint64_t id) {
  return writer_->remove(id);
}

void JobManager::wait_written(std::uint64_t sequence) const {
  writer_->wait(sequence);
}

// ---- recovery ---------------------------------------------------------------------------

Status JobManager::recover() noexcept {
  try {
    MFP_ASSIGN_OR_RETURN(auto records, table_->load_all());
    std::lock_guard lock(mu_);
    for (auto& r : records) {
      const std::uint64_t id = r.id;
      jobs_[id] = std::move(r);
      JobRecord& job = jobs_[id];
      if (is_terminal(job.state)) continue;
      JobContext context(OwnerTag{job.owner_id, job.id}, job.type, job.name, job.options,
                         job.owner_name);
      Status adopted = Status::ok();
      for (const auto& doc : job.documents) {
        Status s = security_.envelope().adopt_object(
            context, ObjectRef{doc.object_id, context.owner(), doc.size});
        if (!s.is_ok() && adopted.is_ok()) adopted = s;
      }
      if (job.state == JobState::processing || job.state == JobState::processing_stopped) {
        end_unscheduled(
            job, JobState::aborted, JobStateReason::aborted_by_system,
            make_error(StatusCode::conflict, "the device stopped while the job was processing"));
      } else if (!adopted.is_ok()) {
        // Its spool is gone or damaged: nothing left to print.
        end_unscheduled(job, JobState::aborted, JobStateReason::aborted_by_system, adopted);
      } else if (job.state == JobState::pending) {
        queue_.push_back(id);
      }
      // pending_held: stays held until its owner releases it.
    }
    trim_history();
    wait_written(writer_->queued());
    return Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("job recovery");
  }
}

// ---- submission -------------------------------------------------------------------------

Result<StoredDocument> JobManager::spool(JobContext& context, SubmitDocument& doc) noexcept {
  try {
    if (!doc.stream) return make_error(StatusCode::invalid_argument, "document without data");
    security::crypto::SecureBytes buffer(kSpoolChunk);  // plaintext: zeroed when dropped
    // The first chunk decides the format when the client sent none.
    std::size_t head = 0;
    while (head < 16) {
      MFP_ASSIGN_OR_RETURN(std::size_t n,
                           doc.stream->read(buffer.span().subspan(head, kSpoolChunk - head)));
      if (n == 0) break;
      head += n;
    }
    if (head == 0) return make_error(StatusCode::invalid_argument, "empty document");
    std::string format = doc.format;
    if (format.empty() || format == "application/octet-stream") {
      auto sniffed = stages::rip::sniff_document_format(buffer.span().first(head));
      if (!sniffed) {
        return make_error(StatusCode::unsupported, "not a document format the printer knows");
      }
      format = *sniffed;
    }
    const auto known = path_.registry->source_types();
    if (std::find(known.begin(), known.end(), format) == known.end()) {
      return make_error(StatusCode::unsupported, "document format " + format + " not supported");
    }
    MFP_ASSIGN_OR_RETURN(
        auto writer, security_.envelope().create_object(context, "document", Persistence::durable));
    // Two buffers: one is sealed on the worker thread while the next fills from the client.
    security::crypto::SecureBytes other(kSpoolChunk);
    std::array<security::crypto::SecureBytes*, 2> buffers{&buffer, &other};
    std::uint64_t total = head;
    std::size_t fill = head;
    std::size_t current = 0;
    {
      detail::SealingWorker<std::remove_reference_t<decltype(*writer)>> sealer(*writer);
      bool end = false;
      while (!end) {
        auto span = buffers.at(current)->span();
        while (fill < span.size()) {
          MFP_ASSIGN_OR_RETURN(std::size_t n, doc.stream->read(span.subspan(fill)));
          if (n == 0) {
            end = true;
            break;
          }
          fill += n;
          total += n;
          if (total > options_.spool_limit_bytes) {
            return make_error(StatusCode::limit_exceeded, "document larger than the spool limit");
          }
        }
        if (fill > 0) MFP_RETURN_IF_ERROR(sealer.submit(span.first(fill)));
        current ^= 1;
        fill = 0;
      }
      MFP_RETURN_IF_ERROR(sealer.finish());
    }
    MFP_ASSIGN_OR_RETURN(auto ref, writer->commit());
    return StoredDocument{ref.id, format, doc.name, ref.size};
  } catch (...) {
    return pipeline::current_exception_status("spool");
  }
}

Result<JobManager::Admission> JobManager::admit(SubmitRequest& request) {
  if (request.copies < 1 || request.copies > kMaxCopies) {
    return make_error(StatusCode::invalid_argument, "copies must be 1..999");
  }
  const auto& settings = security_.settings();
  const bool verified = request.credential == Credential::verified &&
                        request.submitter.user_id != ownership::kUnauthenticatedUserId;
  Admission admission;
  // A job without a login records no user ("-": an unauthenticated name is anyone's to send);
  // a failed login records the user ID it claimed, as the login failure itself does.
  const bool named = verified || request.credential == Credential::failed;
  admission.user = request.user_name.empty() || !named ? "-" : request.user_name;
  const ReceiveDecision decision =
      receive_control(ReceiveControlSettings::read(settings),
                      verified                                   ? Credential::verified
                      : request.credential == Credential::failed ? Credential::failed
                                                                 : Credential::none);
  if (decision.reception == Reception::delete_) {
    auto e = audit::events::job_completed(request.type, admission.user,
                                          audit::events::JobOutcome::aborted, request.name);
    e.items.emplace_back("Reason", std::string(decision.reason) + ": deleted");
    security_.audit().record(std::move(e));
    return make_error(StatusCode::permission_denied,
                      std::string(decision.reason) + ": the job was deleted");
  }
  admission.hold = decision.reception == Reception::hold;
  if (!verified) admission.user = "-";  // an unverified user ID is never taken as the owner
  MFP_ASSIGN_OR_RETURN(admission.id, table_->next_id());
  JobRecord job;
  job.id = admission.id;
  job.type = request.type;
  job.state = JobState::pending;
  job.reason = JobStateReason::job_incoming;
  job.owner_id = verified ? request.submitter.user_id : ownership::kUnauthenticatedUserId;
  job.owner_name = admission.user;
  job.name = request.name;
  job.origin = request.origin;
  job.copies = request.copies;
  job.options = request.options;
  job.ticket = request.ticket;
  // An unverified name is shown (IPP job-originating-user-name) but never owns the job.
  if (!verified && request.user_name != "-") job.requesting_user = request.user_name;
  job.created = now();
  // Shown as incoming while it spools; first written to the table once its documents are
  // sealed (a power loss before that leaves only unreferenced objects, overwritten at the
  // next start).
  std::lock_guard lock(mu_);
  jobs_[admission.id] = std::move(job);
  return admission;
}

void JobManager::drop_incoming(std::uint64_t id, const Status& status) {
  JobContext context = context_of(id);
  // Nothing of a failed submission is kept: its objects are released (and the failure
  // audited) by the envelope; the record goes.
  security_.envelope().job_finished(context, status);
  std::lock_guard lock(mu_);
  jobs_.erase(id);
  incoming_.erase(id);
  persist_removal(id);
}

JobContext JobManager::context_of(std::uint64_t id) const {
  std::lock_guard lock(mu_);
  const JobRecord& job = jobs_.at(id);
  return JobContext(OwnerTag{job.owner_id, id}, job.type, job.name, job.options, job.owner_name);
}

std::uint64_t JobManager::accept_locked(JobRecord& job, bool hold, bool hold_until_released) {
  if (hold || hold_until_released) {
    job.state = JobState::pending_held;
    job.reason = JobStateReason::job_hold_until_specified;
    job.private_print = hold;
  } else {
    job.state = JobState::pending;
    job.reason = JobStateReason::job_queued;
    queue_.push_back(job.id);
  }
  return persist(job);
}

Result<std::uint64_t> JobManager::submit(SubmitRequest request) noexcept {
  try {
    if (request.documents.empty()) {
      return make_error(StatusCode::invalid_argument, "a job needs at least one document");
    }
    MFP_ASSIGN_OR_RETURN(const Admission admission, admit(request));
    const std::uint64_t id = admission.id;
    JobContext context = context_of(id);
    std::vector<StoredDocument> stored;
    for (auto& doc : request.documents) {
      auto s = spool(context, doc);
      doc.stream.reset();
      if (!s) {
        drop_incoming(id, s.status());
        return s.status();
      }
      stored.push_back(std::move(s).value());
    }
    std::uint64_t written = 0;
    std::string name;
    {
      std::lock_guard lock(mu_);
      JobRecord& r = jobs_[id];
      r.documents = std::move(stored);
      written = accept_locked(r, admission.hold, request.hold_until_released);
      name = r.name;
    }
    cv_.notify_all();
    // Accepted means durable: the id is returned once the record is in the database.
    wait_written(written);
    if (admission.hold) {
      security_.audit().record(audit::events::private_print_held(admission.user, id, name));
    }
    cv_.notify_all();
    return id;
  } catch (...) {
    return pipeline::current_exception_status("submit");
  }
}

Result<std::uint64_t> JobManager::create(SubmitRequest request) noexcept {
  try {
    if (!request.documents.empty()) {
      return make_error(StatusCode::invalid_argument, "create takes its document later");
    }
    abort_stale_incoming();
    MFP_ASSIGN_OR_RETURN(const Admission admission, admit(request));
    std::lock_guard lock(mu_);
    Incoming& in = incoming_[admission.id];
    in.hold = admission.hold;
    in.hold_until_released = request.hold_until_released;
    in.user = admission.user;
    in.submitter = request.credential == Credential::verified ? request.submitter.user_id
                                                              : ownership::kUnauthenticatedUserId;
    in.client = request.client;
    in.since = std::chrono::steady_clock::now();
    return admission.id;
  } catch (...) {
    return pipeline::current_exception_status("create");
  }
}

Status JobManager::check_incoming_locked(const Subject& who, const JobClient& client,
                                         std::uint64_t job_id, std::string_view operation,
                                         std::optional<audit::AuditEvent>& refusal) const {
  auto it = incoming_.find(job_id);
  if (it == incoming_.end()) {
    if (jobs_.contains(job_id)) {
      return make_error(StatusCode::conflict, "the job takes no more documents");
    }
    return make_error(StatusCode::not_found, "no such job");
  }
  // Only the creator adds to a job: the same verified user; for a job created without
  // authentication, the same unauthenticated client (every such caller has the same user id).
  const Incoming& in = it->second;
  const bool same = in.submitter == who.user_id &&
                    (in.submitter != ownership::kUnauthenticatedUserId || in.client == client);
  if (!same) {
    std::string reason = in.submitter == ownership::kUnauthenticatedUserId
                             ? "another client's job"
                             : "not the job's submitter";
    if (!client.address.empty()) reason += " (from " + client.address + ")";
    refusal = audit::events::job_operation_refused(audit_name(who), std::string(operation), job_id,
                                                   std::move(reason));
    return make_error(StatusCode::permission_denied, "not the job's submitter");
  }
  if (in.spooling) return make_error(StatusCode::conflict, "a document is arriving");
  return Status::ok();
}

Status JobManager::add_document(const Subject& who, const JobClient& client, std::uint64_t job_id,
                                SubmitDocument doc, bool last) noexcept {
  try {
    {
      std::optional<audit::AuditEvent> refusal;
      std::unique_lock lock(mu_);
      Status allowed = check_incoming_locked(who, client, job_id, "send document", refusal);
      if (!allowed.is_ok()) {
        lock.unlock();
        if (refusal) security_.audit().record(std::move(*refusal));
        return allowed;
      }
      Incoming& in = incoming_[job_id];
      if (!in.stored.empty()) {
        return make_error(StatusCode::unsupported, "one document per job");
      }
      in.spooling = true;
    }
    JobContext context = context_of(job_id);
    auto s = spool(context, doc);
    doc.stream.reset();
    if (!s) {
      // The job ends aborted: the client was told its document failed.
      std::lock_guard lock(mu_);
      incoming_.erase(job_id);
      if (auto it = jobs_.find(job_id); it != jobs_.end()) {
        end_unscheduled(it->second, JobState::aborted, JobStateReason::aborted_by_system,
                        s.status());
      }
      return s.status();
    }
    {
      std::lock_guard lock(mu_);
      auto it = incoming_.find(job_id);
      if (it == incoming_.end()) {
        // Cancelled while it arrived: the envelope already released what it stored.
        return make_error(StatusCode::cancelled, "the job was cancelled");
      }
      it->second.spooling = false;
      it->second.stored.push_back(std::move(s).value());
      if (doc.password) {
        if (auto job = jobs_.find(job_id); job != jobs_.end()) {
          job->second.options.document_password = doc.password;
        }
      }
      it->second.since = std::chrono::steady_clock::now();
    }
    return last ? close(who, client, job_id) : Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("add document");
  }
}

Status JobManager::close(const Subject& who, const JobClient& client,
                         std::uint64_t job_id) noexcept {
  try {
    std::uint64_t written = 0;
    bool hold = false;
    std::string user;
    std::string name;
    {
      std::optional<audit::AuditEvent> refusal;
      std::unique_lock lock(mu_);
      Status allowed = check_incoming_locked(who, client, job_id, "close", refusal);
      if (!allowed.is_ok()) {
        lock.unlock();
        if (refusal) security_.audit().record(std::move(*refusal));
        return allowed;
      }
      Incoming in = std::move(incoming_[job_id]);
      incoming_.erase(job_id);
      JobRecord& job = jobs_.at(job_id);
      if (in.stored.empty()) {
        end_unscheduled(job, JobState::aborted, JobStateReason::aborted_by_system,
                        make_error(StatusCode::invalid_argument,
                                   "the job was closed without a "
                                   "document"));
        return Status::ok();
      }
      job.documents = std::move(in.stored);
      written = accept_locked(job, in.hold, in.hold_until_released);
      hold = in.hold;
      user = in.user;
      name = job.name;
    }
    cv_.notify_all();
    wait_written(written);
    if (hold) security_.audit().record(audit::events::private_print_held(user, job_id, name));
    return Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("close");
  }
}

bool JobManager::created_with_login(std::uint64_t job_id) const {
  std::lock_guard lock(mu_);
  auto it = incoming_.find(job_id);
  return it != incoming_.end() && it->second.submitter != ownership::kUnauthenticatedUserId;
}

void JobManager::abort_stale_incoming() noexcept {
  try {
    const auto cutoff = std::chrono::steady_clock::now() - options_.incoming_timeout;
    std::lock_guard lock(mu_);
    for (auto it = incoming_.begin(); it != incoming_.end();) {
      if (!it->second.spooling && it->second.since < cutoff) {
        if (auto job = jobs_.find(it->first); job != jobs_.end()) {
          end_unscheduled(job->second, JobState::aborted, JobStateReason::aborted_by_system,
                          make_error(StatusCode::cancelled, "no document arrived in time"));
        }
        it = incoming_.erase(it);
      } else {
        ++it;
      }
    }
  } catch (...) {
    // Out of memory: the next call tries again.
  }
}

// ---- operations -------------------------------------------------------------------------

Status JobManager::authorize(const Subject& who, Operation op, const JobRecord& job,
                             bool log_refusal) const {
  const auto decision =
      policy_.decide(who, op, ownership::ObjectRef{ownership::ObjectKind::job, job.owner_id});
  if (decision) return Status::ok();
  // "Job Operation Restrictions" at its factory value "Anyone": any logged-in user may cancel
  // or delete another user's job (the secure value keeps it to owner and administrators).
  if ((op == Operation::cancel || op == Operation::delete_) &&
      who.user_id != ownership::kUnauthenticatedUserId &&
      security_.settings().read(setting::kJobOperationRestrictions) ==
          security::settings::JobOperationRestrictions::anyone) {
    return Status::ok();
  }
  if (log_refusal) {
    security_.audit().record(
        audit::events::job_operation_refused(audit_name(who), std::string(ownership::to_string(op)),
                                             job.id, std::string(decision.message())));
  }
  return decision.to_status();
}

void JobManager::end_unscheduled(JobRecord& job, JobState state, JobStateReason reason,
                                 const Status& status) {
  JobContext context(OwnerTag{job.owner_id, job.id}, job.type, job.name, job.options,
                     job.owner_name);
  security_.envelope().job_finished(context, status);
  job.state = state;
  job.reason = reason;
  job.finished = now();
  if (state == JobState::aborted) job.message = status.message();
  for (auto& d : job.documents) d.object_id.clear();
  job.options.document_password.reset();  // zeroed now, not when the history forgets the job
  persist(job);
}

bool JobManager::cancel_locked(JobRecord& job, JobStateReason reason, const Status& why) {
  if (auto a = active_.find(job.id); a != active_.end()) {
    a->second->cancel_reason = reason;
    a->second->context->cancel();
    // Shown canceled at once (clients poll right after Cancel-Job); the runner ends it and
    // keeps that state (finish_job).
    job.state = JobState::canceled;
    job.reason = reason;
    job.finished = now();
    persist(job);
    return true;
  }
  queue_.erase(std::remove(queue_.begin(), queue_.end(), job.id), queue_.end());
  incoming_.erase(job.id);
  end_unscheduled(job, JobState::canceled, reason, why);
  return false;
}

Status JobManager::release(const Subject& who, std::uint64_t job_id) noexcept {
  try {
    std::string name;
    {
      std::lock_guard lock(mu_);
      auto it = jobs_.find(job_id);
      if (it == jobs_.end()) return make_error(StatusCode::not_found, "no such job");
      JobRecord& job = it->second;
      MFP_RETURN_IF_ERROR(authorize(who, Operation::release, job, true));
      if (job.state != JobState::pending_held) {
        return make_error(StatusCode::conflict, "the job is not held");
      }
      job.state = JobState::pending;
      job.reason = JobStateReason::job_queued;
      queue_.push_back(job_id);
      persist(job);
      name = job.name;
    }
    security_.audit().record(audit::events::private_print_released(audit_name(who), job_id, name));
    cv_.notify_all();
    return Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("release");
  }
}

Status JobManager::cancel(const Subject& who, std::uint64_t job_id) noexcept {
  try {
    bool discard = false;
    {
      std::lock_guard lock(mu_);
      auto it = jobs_.find(job_id);
      if (it == jobs_.end()) return make_error(StatusCode::not_found, "no such job");
      JobRecord& job = it->second;
      MFP_RETURN_IF_ERROR(authorize(who, Operation::cancel, job, true));
      if (is_terminal(job.state)) return make_error(StatusCode::conflict, "the job has finished");
      const JobStateReason reason = who.user_id == job.owner_id
                                        ? JobStateReason::job_canceled_by_user
                                        : JobStateReason::job_canceled_by_operator;
      discard = cancel_locked(job, reason, make_error(StatusCode::cancelled, "job cancelled"));
      if (!discard) trim_history();
    }
    // Pages already sealed for the engine are dropped (and released) now.
    if (discard) path_.page_store->discard_job(job_id);
    cv_.notify_all();
    return Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("cancel");
  }
}

Result<std::size_t> JobManager::cancel_own(const Subject& who) noexcept {
  std::vector<std::uint64_t> ids;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, job] : jobs_) {
      if (job.owner_id == who.user_id && !is_terminal(job.state)) ids.push_back(id);
    }
  }
  if (who.user_id == ownership::kUnauthenticatedUserId) {
    return make_error(StatusCode::permission_denied, "log in to cancel your jobs");
  }
  std::size_t n = 0;
  for (auto id : ids) {
    if (cancel(who, id).is_ok()) ++n;
  }
  return n;
}

Status JobManager::set_copies(const Subject& who, std::uint64_t job_id,
                              std::uint32_t copies) noexcept {
  if (copies < 1 || copies > kMaxCopies) {
    return make_error(StatusCode::invalid_argument, "copies must be 1..999");
  }
  std::lock_guard lock(mu_);
  auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return make_error(StatusCode::not_found, "no such job");
  JobRecord& job = it->second;
  MFP_RETURN_IF_ERROR(authorize(who, Operation::modify, job, true));
  if (job.state != JobState::pending && job.state != JobState::pending_held) {
    return make_error(StatusCode::conflict, "the job is already processing");
  }
  job.copies = copies;
  persist(job);
  return Status::ok();
}

Status JobManager::hold(const Subject& who, std::uint64_t job_id) noexcept {
  try {
    std::lock_guard lock(mu_);
    auto it = jobs_.find(job_id);
    if (it == jobs_.end()) return make_error(StatusCode::not_found, "no such job");
    JobRecord& job = it->second;
    MFP_RETURN_IF_ERROR(authorize(who, Operation::modify, job, true));
    if (job.state == JobState::pending_held) return Status::ok();
    auto queued = std::find(queue_.begin(), queue_.end(), job_id);
    if (job.state != JobState::pending || queued == queue_.end()) {
      return make_error(StatusCode::conflict, "only a queued job can be held");
    }
    queue_.erase(queued);
    job.state = JobState::pending_held;
    job.reason = JobStateReason::job_hold_until_specified;
    persist(job);
    return Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("hold");
  }
}

std::size_t JobManager::active_count() const {
  const Counts c = counts();
  return c.held + c.other;
}

JobManager::Counts JobManager::counts() const {
  std::lock_guard lock(mu_);
  Counts c;
  for (const auto& [id, job] : jobs_) {
    if (is_terminal(job.state)) continue;
    (job.state == JobState::pending_held ? c.held : c.other) += 1;
  }
  return c;
}

bool JobManager::anonymous_view_allowed() const {
  // Jobs are accepted without a login only while Receive Control is "Print": then their
  // submitters, who cannot log in, may follow them, seeing every job as "Hide Job Details"
  // shows another user's (id, type, state). With Receive Control by accounting every job has
  // an owner who logs in to see it.
  return security_.settings().read(setting::kReceiveControl) ==
         security::settings::ReceiveControl::print;
}

void JobManager::remove_user_jobs(std::uint64_t user_id) noexcept {
  try {
    std::vector<std::uint64_t> discard;
    {
      std::lock_guard lock(mu_);
      for (auto it = jobs_.begin(); it != jobs_.end();) {
        JobRecord& job = it->second;
        if (job.owner_id != user_id) {
          ++it;
          continue;
        }
        if (!is_terminal(job.state) &&
            cancel_locked(job, JobStateReason::job_canceled_by_operator,
                          make_error(StatusCode::cancelled, "the job's owner was deleted"))) {
          // Ends through its runner; its history row goes when it is trimmed.
          discard.push_back(job.id);
          ++it;
          continue;
        }
        persist_removal(job.id);
        it = jobs_.erase(it);
      }
    }
    for (auto id : discard) path_.page_store->discard_job(id);
    cv_.notify_all();
  } catch (...) {
    // Allocation failure: the user's jobs stay until the next attempt or restart.
  }
}

// ---- queries ----------------------------------------------------------------------------

bool JobManager::details_hidden(const Subject& who, const JobRecord& job, bool hide) const {
  const bool may_see = static_cast<bool>(
      policy_.decide(who, Operation::view_details,
                     ownership::ObjectRef{ownership::ObjectKind::job, job.owner_id}));
  return !may_see && (who.user_id == ownership::kUnauthenticatedUserId || hide);
}

JobInfo JobManager::view(const Subject& who, const JobRecord& job) const {
  JobInfo info;
  static_cast<JobRecord&>(info) = job;
  for (auto& d : info.documents) d.object_id.clear();  // internal
  if (auto a = active_.find(job.id); a != active_.end() && job.state == JobState::processing) {
    info.reason = a->second->context->rendered() ? JobStateReason::job_printing
                                                 : JobStateReason::job_interpreting;
    if (path_.engine_stopped && path_.engine_stopped()) {
      info.state = JobState::processing_stopped;
      info.reason = JobStateReason::printer_stopped;
    }
  }
  if (details_hidden(who, job, security_.settings().read(setting::kHideJobDetails))) {
    info.details_hidden = true;
    info.owner_name.clear();
    info.requesting_user.clear();
    info.name.clear();
    info.origin.clear();
    info.documents.clear();
    info.message.clear();
  }
  return info;
}

Result<JobInfo> JobManager::get(const Subject& who, std::uint64_t job_id) const {
  if (who.user_id == ownership::kUnauthenticatedUserId && !anonymous_view_allowed()) {
    return make_error(StatusCode::permission_denied, "log in to see jobs");
  }
  std::lock_guard lock(mu_);
  auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return make_error(StatusCode::not_found, "no such job");
  return view(who, it->second);
}

Result<std::vector<JobInfo>> JobManager::list(const Subject& who, bool history) const {
  if (who.user_id == ownership::kUnauthenticatedUserId && !anonymous_view_allowed()) {
    return make_error(StatusCode::permission_denied, "log in to see jobs");
  }
  std::lock_guard lock(mu_);
  std::vector<JobInfo> out;
  for (const auto& [id, job] : jobs_) {
    if (!history && is_terminal(job.state)) continue;
    out.push_back(view(who, job));
  }
  return out;
}

Result<JobPage> JobManager::list_page(const Subject& who, const JobPageQuery& query) const {
  if (who.user_id == ownership::kUnauthenticatedUserId && !anonymous_view_allowed()) {
    return make_error(StatusCode::permission_denied, "log in to see jobs");
  }
  const bool hide = security_.settings().read(setting::kHideJobDetails);
  std::lock_guard lock(mu_);
  JobPage page;
  for (auto it = jobs_.rbegin(); it != jobs_.rend(); ++it) {
    const JobRecord& job = it->second;
    if (is_terminal(job.state) != query.finished) continue;
    if (details_hidden(who, job, hide)) {
      ++page.hidden;
      continue;
    }
    if (page.total >= query.offset && page.jobs.size() < query.limit) {
      page.jobs.push_back(view(who, job));
    }
    ++page.total;
  }
  return page;
}

std::vector<std::string> JobManager::referenced_objects() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [id, job] : jobs_) {
    if (is_terminal(job.state)) continue;
    for (const auto& d : job.documents) {
      if (!d.object_id.empty()) out.push_back(d.object_id);
    }
  }
  return out;
}

bool JobManager::wait_idle(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout,
                      [&] { return queue_.empty() && active_.empty() && !handoff_ && !starting_; });
}

void JobManager::trim_history() {
  std::vector<std::pair<std::int64_t, std::uint64_t>> done;  // (finished, id)
  for (const auto& [id, job] : jobs_) {
    if (is_terminal(job.state)) done.emplace_back(job.finished, id);
  }
  std::sort(done.begin(), done.end());
  const std::int64_t oldest = now() - static_cast<std::int64_t>(options_.history_age.count());
  std::size_t excess =
      done.size() > options_.history_count ? done.size() - options_.history_count : 0;
  for (const auto& [finished, id] : done) {
    if (excess == 0 && finished >= oldest) break;
    if (excess > 0) --excess;
    jobs_.erase(id);
    persist_removal(id);
  }
}

// ---- scheduler --------------------------------------------------------------------------

std::shared_ptr<JobManager::Active> JobManager::start_job(std::uint64_t id) {
  auto active = std::make_shared<Active>();
  std::vector<StoredDocument> documents;
  std::uint64_t written = 0;
  {
    std::lock_guard lock(mu_);
    auto it = jobs_.find(id);
    if (stopping_ || it == jobs_.end() || it->second.state != JobState::pending) return nullptr;
    JobRecord& job = it->second;
    job.state = JobState::processing;
    job.reason = JobStateReason::job_interpreting;
    job.started = now();
    written = persist(job);
    JobOptions options = job.options;
    options.copies = job.copies;
    active->context = std::make_unique<JobContext>(OwnerTag{job.owner_id, job.id}, job.type,
                                                   job.name, options, job.owner_name);
    active_[id] = active;
    documents = job.documents;
  }
  JobContext& context = *active->context;
  std::vector<stages::PrintDocument> docs;
  // Each document is ripped once; the engine output prints the copies from the page store.
  for (const auto& doc : documents) {
    auto reader = security_.envelope().open_object(
        context, ObjectRef{doc.object_id, context.owner(), doc.size});
    if (!reader) {
      security_.envelope().job_finished(context, reader.status());
      context.mark_rendered();
      finish_job(active, reader.status());
      return nullptr;
    }
    docs.push_back({doc.format, std::make_unique<SealedDocumentStream>(std::move(reader).value())});
  }
  active->documents = std::move(docs);
  // "Processing" is durable before any page can reach the engine, so a power loss from here
  // on reports the job aborted instead of printing it twice.
  wait_written(written);
  return active;
}

void JobManager::finish_job(const std::shared_ptr<Active>& active, const Status& status) {
  bool aborted = false;
  {
    std::lock_guard lock(mu_);
    const std::uint64_t id = active->context->id();
    active_.erase(id);
    auto it = jobs_.find(id);
    if (it != jobs_.end()) {
      JobRecord& job = it->second;
      job.pages = active->context->pages();
      for (auto& d : job.documents) d.object_id.clear();  // released by the job's end
      job.options.document_password.reset();
      if (job.state == JobState::canceled) {
        // Cancelled while it ran: already shown canceled (cancel_locked), whatever the end.
      } else if (status.is_ok()) {
        job.finished = now();
        job.state = JobState::completed;
        job.reason = JobStateReason::job_completed_successfully;
      } else if (status.code() == StatusCode::cancelled) {
        job.finished = now();
        job.state = JobState::canceled;
        job.reason = active->cancel_reason;
      } else {
        job.finished = now();
        job.state = JobState::aborted;
        job.reason = stopping_ ? JobStateReason::aborted_by_system : reason_for_failure(status);
        job.message = status.message();
        aborted = !stopping_;
      }
      persist(job);
      trim_history();
    }
  }
  cv_.notify_all();
  if (aborted && options_.on_aborted) options_.on_aborted(active->context->id(), status);
}

void JobManager::scheduler_loop() {
  for (;;) {
    std::uint64_t id = 0;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock,
               [&] { return stopping_ || (!queue_.empty() && idle_runners_ > 0 && !handoff_); });
      if (stopping_) return;
      id = queue_.front();
      queue_.pop_front();
      starting_ = true;
    }
    auto active = start_job(id);
    bool abandon = false;
    {
      std::lock_guard lock(mu_);
      starting_ = false;
      // The runners may already have left when stop() came during the build: the job ends
      // here, aborted, instead of waiting for a runner that will never take it.
      abandon = active && stopping_;
      if (!abandon) handoff_ = active;
    }
    cv_.notify_all();
    if (abandon) {
      const Status status = shutdown_status();
      active->context->fail(status);
      active->documents.clear();
      security_.envelope().job_finished(*active->context, status);
      active->context->mark_rendered();
      finish_job(active, status);
      return;
    }
    if (!active) continue;
    // The next job starts rendering once this one's pages are all in the page store.
    active->context->wait_rendered();
  }
}

void JobManager::runner_loop() {
  for (;;) {
    std::shared_ptr<Active> active;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return handoff_ || stopping_; });
      if (!handoff_) return;
      active = std::move(handoff_);
      handoff_.reset();
      --idle_runners_;
      if (stopping_) {
        active->context->fail(shutdown_status());
        active->context->cancel();
      }
    }
    cv_.notify_all();
    // The job's graph ends (inside the runner) before its record is final.
    JobContext& context = *active->context;
    Status status = Status::ok();
    auto runner = job_runners_.find(context.type());
    if (runner != job_runners_.end() && runner->second) {
      status = runner->second->run(context, security_.envelope(), std::move(active->documents));
    } else {
      status =
          make_error(StatusCode::unsupported,
                     "no runner for " + std::string(pipeline::to_string(context.type())) + " jobs");
      security_.envelope().job_finished(context, status);
      context.mark_rendered();
    }
    finish_job(active, status);
    {
      std::lock_guard lock(mu_);
      ++idle_runners_;
    }
    cv_.notify_all();
  }
}

void JobManager::stop() noexcept {
  std::vector<std::uint64_t> discard;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (auto& [id, active] : active_) {
      // Failed first so the job ends aborted (not "canceled by user"); cancelled too so the
      // engine feeder stops offering its pages to a stopped engine.
      active->context->fail(shutdown_status());
      active->context->cancel();
      discard.push_back(id);
    }
  }
  for (auto id : discard) path_.page_store->discard_job(id);
  cv_.notify_all();
  if (scheduler_.joinable()) scheduler_.join();
  for (auto& t : runners_) {
    if (t.joinable()) t.join();
  }
  // Every state decided above reaches the database before the writer leaves.
  if (writer_) writer_->stop();
}

}  // namespace mfp::pipeline::jobs
