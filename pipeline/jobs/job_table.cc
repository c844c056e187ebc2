#include "pipeline/jobs/job_table.h"

namespace mfp::pipeline::jobs {

namespace {

constexpr std::string_view kSchema =
    "CREATE TABLE IF NOT EXISTS jobs ("
    "  id INTEGER PRIMARY KEY,"
    "  owner INTEGER NOT NULL,"
    "  state INTEGER NOT NULL,"
    "  record TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS job_sequence ("
    "  one INTEGER PRIMARY KEY CHECK (one = 1),"
    "  next INTEGER NOT NULL);"
    "INSERT OR IGNORE INTO job_sequence (one, next) VALUES (1, 1);";

}  // namespace

Result<std::unique_ptr<JobTable>> JobTable::open(security::store::MetadataDb& db) noexcept {
  auto lock = db.lock();
  MFP_RETURN_IF_ERROR(db.exec(kSchema));
  try {
    return std::unique_ptr<JobTable>(new JobTable(db));  // NOLINT: private constructor
  } catch (...) {
    return pipeline::current_exception_status("job table");
  }
}

Result<std::uint64_t> JobTable::next_id() noexcept {
  std::lock_guard ids(ids_mu_);
  if (next_ < limit_) return next_++;
  auto lock = db_.lock();
  MFP_ASSIGN_OR_RETURN(auto tx, db_.begin());
  MFP_ASSIGN_OR_RETURN(auto select, db_.prepare("SELECT next FROM job_sequence WHERE one = 1"));
  MFP_ASSIGN_OR_RETURN(bool row, select.step());
  if (!row) return make_error(StatusCode::integrity_error, "job sequence missing");
  const std::int64_t first = select.column_int64(0);
  if (first < 1) return make_error(StatusCode::integrity_error, "job sequence damaged");
  MFP_ASSIGN_OR_RETURN(auto update,
                       db_.prepare("UPDATE job_sequence SET next = next + ?1 WHERE one = 1"));
  MFP_RETURN_IF_ERROR(update.bind_int64(1, static_cast<std::int64_t>(kIdBlock)));
  MFP_RETURN_IF_ERROR(update.run());
  MFP_RETURN_IF_ERROR(tx.commit());
  next_ = static_cast<std::uint64_t>(first);
  limit_ = next_ + kIdBlock;
  return next_++;
}

Status JobTable::put(const JobRecord& record) noexcept {
  try {
    const std::string text = to_json(record);
    auto lock = db_.lock();
    MFP_ASSIGN_OR_RETURN(auto stmt, db_.prepare("INSERT OR REPLACE INTO jobs (id, owner, state, "
                                                "record) VALUES (?1, ?2, ?3, ?4)"));
    MFP_RETURN_IF_ERROR(stmt.bind_int64(1, static_cast<std::int64_t>(record.id)));
    MFP_RETURN_IF_ERROR(stmt.bind_int64(2, static_cast<std::int64_t>(record.owner_id)));
    MFP_RETURN_IF_ERROR(stmt.bind_int64(3, static_cast<std::int64_t>(record.state)));
    MFP_RETURN_IF_ERROR(stmt.bind_text(4, text));
    return stmt.run();
  } catch (...) {
    return pipeline::current_exception_status("job table");
  }
}

Status JobTable::remove(std::uint64_t id) noexcept {
  auto lock = db_.lock();
  MFP_ASSIGN_OR_RETURN(auto stmt, db_.prepare("DELETE FROM jobs WHERE id = ?1"));
  MFP_RETURN_IF_ERROR(stmt.bind_int64(1, static_cast<std::int64_t>(id)));
  return stmt.run();
}

Status JobTable::apply(const std::vector<Change>& changes) noexcept {
  if (changes.empty()) return Status::ok();
  auto lock = db_.lock();
  MFP_ASSIGN_OR_RETURN(auto tx, db_.begin());
  for (const auto& c : changes) {
    MFP_RETURN_IF_ERROR(c.remove ? remove(c.record.id) : put(c.record));
  }
  return tx.commit();
}

Result<std::vector<JobRecord>> JobTable::load_all() noexcept {
  try {
    auto lock = db_.lock();
    MFP_ASSIGN_OR_RETURN(auto stmt,
                         db_.prepare("SELECT id, owner, state, record FROM jobs ORDER BY id"));
    std::vector<JobRecord> out;
    for (;;) {
      MFP_ASSIGN_OR_RETURN(bool row, stmt.step());
      if (!row) break;
      MFP_ASSIGN_OR_RETURN(auto record, job_record_from_json(stmt.column_text(3)));
      auto state = job_state_from_int(static_cast<int>(stmt.column_int64(2)));
      if (!state) return make_error(StatusCode::integrity_error, "bad job state");
      record.id = static_cast<std::uint64_t>(stmt.column_int64(0));
      record.owner_id = static_cast<std::uint64_t>(stmt.column_int64(1));
      record.state = *state;
      out.push_back(std::move(record));
    }
    return out;
  } catch (...) {
    return pipeline::current_exception_status("job table");
  }
}

}  // namespace mfp::pipeline::jobs
