#pragma once
// JobTable: the jobs' records in the encrypted metadata database (security/store/metadata_db.h),
// so held, queued and finished jobs survive a restart and no job name or user ID reaches the
// disk in plaintext. Also hands out job ids from a persisted sequence, so an id is never reused
// across restarts (sealed objects carry the job id in their owner tag).
//
// Thread-safe through the database's lock. The database must outlive the table.

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "pipeline/jobs/job_record.h"
#include "pipeline/status.h"
#include "security/store/metadata_db.h"

namespace mfp::pipeline::jobs {

class JobTable {
 public:
  // Creates the tables when absent. The database's error otherwise.
  [[nodiscard]] static Result<std::unique_ptr<JobTable>> open(
      security::store::MetadataDb& db) noexcept;
  JobTable(const JobTable&) = delete;
  JobTable& operator=(const JobTable&) = delete;

  // The next job id, durably reserved before it is returned. Ids are reserved in blocks of
  // kIdBlock (one database commit per block, not per job), so ids left unused by a restart are
  // skipped, never reused.
  [[nodiscard]] Result<std::uint64_t> next_id() noexcept;
  static constexpr std::uint64_t kIdBlock = 32;
  // Inserts or replaces the record with its id.
  [[nodiscard]] Status put(const JobRecord& record) noexcept;
  [[nodiscard]] Status remove(std::uint64_t id) noexcept;
  // One change of a batch: the record to store, or (remove) its id to delete.
  struct Change {
    bool remove = false;
    JobRecord record;
  };
  // Applies the changes in order in one transaction (one commit for many jobs' changes).
  [[nodiscard]] Status apply(const std::vector<Change>& changes) noexcept;
  // Every record, by id; integrity_error when a row does not decode.
  [[nodiscard]] Result<std::vector<JobRecord>> load_all() noexcept;

 private:
  explicit JobTable(security::store::MetadataDb& db) noexcept : db_(db) {}
  security::store::MetadataDb& db_;
  std::mutex ids_mu_;
  std::uint64_t next_ = 0;   // next id to hand out; guarded by ids_mu_
  std::uint64_t limit_ = 0;  // first id not reserved yet
};

}  // namespace mfp::pipeline::jobs
