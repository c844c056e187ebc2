#include "security/audit/audit_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <new>
#include <optional>
#include <vector>

#include "security/audit/audit_catalog.h"
#include "security/audit/audit_events.h"
#include "security/audit/detail/event_codec.h"
#include "security/audit/detail/log_format.h"
#include "security/audit/detail/log_scan.h"
#include "security/audit/detail/record_sealer.h"
#include "security/erase/file_io.h"
#include "security/erase/unique_fd.h"

namespace mfp::security::audit {

using detail::HeadRecord;
using detail::kFileBytes;
using detail::kSlotBytes;
using detail::Mac;
using detail::ScanResult;
using detail::slot_of;
using detail::slot_offset;
using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

static_assert(AuditLog::kCapacity == detail::kCapacity);
static_assert(kLogIdModulus % detail::kCapacity == 0, "Log IDs and slots wrap together");

namespace {

constexpr std::uint64_t kMaxSequence = std::uint64_t{1} << 62;

using erase::UniqueFd;

Status os_error(std::string_view what, int err) {
  return make_error(StatusCode::io_error,
                    "audit log: " + std::string(what) + ": " + std::strerror(err));
}

Status out_of_memory() {
  return make_error(StatusCode::resource_exhausted, "audit log: out of memory");
}

// Reads exactly `out.size()` bytes at `offset`.
Status read_at(int fd, std::span<std::uint8_t> out, std::uint64_t offset) {
  if (::lseek(fd, static_cast<off_t>(offset), SEEK_SET) < 0) return os_error("seek", errno);
  MFP_ASSIGN_OR_RETURN(const std::size_t n, erase::read_full(fd, out, "audit log"));
  if (n != out.size()) {
    return make_error(StatusCode::truncated, "audit log: file shorter than expected");
  }
  return Status::ok();
}

Status write_at(int fd, std::span<const std::uint8_t> bytes, std::uint64_t offset) {
  return erase::pwrite_all(fd, bytes, static_cast<off_t>(offset), "audit log");
}

Status sync(int fd) {
  return erase::sync_file(fd, "audit log");
}

// Opens the log file read-write; a null fd when it does not exist.
Result<UniqueFd> open_existing(const std::filesystem::path& path) {
  auto fd = erase::open_file(path, O_RDWR);
  if (!fd.is_ok()) {
    if (fd.status().code() == StatusCode::not_found) return UniqueFd();
    return fd.status();
  }
  struct stat st {};
  if (::fstat(fd->get(), &st) != 0) return os_error("stat file", errno);
  if (!S_ISREG(st.st_mode)) {
    return make_error(StatusCode::io_error, "audit log: file is not a regular file");
  }
  return std::move(fd).value();
}

struct FileImage {
  std::vector<std::uint8_t> bytes;  // at most one slot more than the expected size
  std::uint64_t size = 0;           // the file's real size
};

// The file's contents, or nullopt when it does not exist.
Result<std::optional<FileImage>> read_file(const std::filesystem::path& path) {
  MFP_ASSIGN_OR_RETURN(UniqueFd fd, open_existing(path));
  if (!fd.valid()) return std::optional<FileImage>();
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return os_error("stat file", errno);
  FileImage image;
  image.size = static_cast<std::uint64_t>(st.st_size);
  image.bytes.resize(static_cast<std::size_t>(std::min(image.size, kFileBytes + kSlotBytes)));
  MFP_ASSIGN_OR_RETURN(const std::size_t n, erase::read_full(fd.get(), image.bytes, "audit log"));
  image.bytes.resize(n);
  return std::optional<FileImage>(std::move(image));
}

// The "Audit Policy / Audit Log / Enable|Disable" events, matched by catalog ID (classify()
// also recognizes a producer's legacy category ID with the same strings).
bool is_switch_event(const AuditEvent& event) noexcept {
  const std::optional<std::uint16_t> id = classify(event);
  return id.has_value() && (*id == catalog_entry(EventKind::audit_log_enabled).id ||
                            *id == catalog_entry(EventKind::audit_log_disabled).id);
}

}  // namespace

struct AuditLog::State {
  State(engine_hw::Nvram& n, crypto::Drbg& d) : nvram(n), drbg(d) {}

  std::filesystem::path dir;
  std::filesystem::path path;
  engine_hw::Nvram& nvram;
  crypto::Drbg& drbg;
  std::unique_ptr<detail::RecordSealer> sealer;
  std::vector<std::uint8_t> key_id;
  std::uint64_t new_log_first = 1;
  std::shared_ptr<const engine_hw::Clock> clock;  // null: each event's own time
  UniqueFd fd;
  std::uint64_t first = 1;
  std::uint64_t head = 0;
  Mac head_mac{};
  Status last_record_error;
  std::uint64_t failed_records = 0;

  [[nodiscard]] std::uint64_t lo() const noexcept {
    return head + 1 >= first + kCapacity ? head + 1 - kCapacity : first;
  }

  Status write_head(const HeadRecord& h) {
    const auto bytes = detail::encode_head(h);
    return nvram.write(kNvramSlot, bytes);
  }

  Status commit_head() {
    HeadRecord h;
    h.first_sequence = first;
    h.head_sequence = head;
    h.head_mac = head_mac;
    return write_head(h);
  }

  Status write_header() {
    auto header = detail::encode_header({first, key_id});
    const Mac mac = sealer->header_mac(header);
    std::copy(mac.begin(), mac.end(), header.begin() + detail::kHeaderMacOffset);
    return write_at(fd.get(), header, 0);
  }

  // Makes the file exactly kFileBytes long with its blocks allocated, so that a full disk can
  // never refuse a later append.
  Status allocate() {
    if (::ftruncate(fd.get(), static_cast<off_t>(kFileBytes)) != 0) {
      return os_error("resize file", errno);
    }
    const int err = ::posix_fallocate(fd.get(), 0, static_cast<off_t>(kFileBytes));
    if (err != 0 && err != EOPNOTSUPP && err != EINVAL) return os_error("allocate file", err);
    return Status::ok();
  }

  // A new, empty log whose first record will be `first_sequence`: the file (header, zero
  // slots) first, then the audit-head, so a crash in between leaves a file NVRAM does not know,
  // which the next open() takes for a first start.
  Status create(std::uint64_t first_sequence) {
    fd.reset();
    MFP_ASSIGN_OR_RETURN(fd, erase::open_file(path, O_RDWR | O_CREAT | O_TRUNC, 0600));
    first = first_sequence;
    head = first - 1;
    head_mac = sealer->genesis(first);
    MFP_RETURN_IF_ERROR(allocate());
    MFP_RETURN_IF_ERROR(write_header());
    MFP_RETURN_IF_ERROR(sync(fd.get()));
    MFP_RETURN_IF_ERROR(erase::sync_directory(dir));
    return commit_head();
  }

  Status scan(ScanResult& out) {
    MFP_ASSIGN_OR_RETURN(auto file, read_file(path));
    MFP_ASSIGN_OR_RETURN(auto nv, nvram.read(kNvramSlot));
    detail::ScanInput in;
    in.file = file ? &file->bytes : nullptr;
    in.file_size = file ? file->size : 0;
    in.nvram_head = &nv;
    in.key_id = key_id;
    in.new_log_first = new_log_first;
    out = detail::scan_log(*sealer, in);
    return Status::ok();
  }

  // Seals `event` as record `sequence` into `out`; returns its MAC.
  Result<Mac> seal(std::uint64_t sequence, std::uint32_t flags, const Mac& prev,
                   const AuditEvent& event, std::span<std::uint8_t, kSlotBytes> out) {
    std::array<std::uint8_t, crypto::kAeadNonceBytes> nonce{};
    MFP_RETURN_IF_ERROR(drbg.generate(nonce));
    return sealer->seal(sequence, flags, prev, event, nonce, out);
  }

  Status append(AuditEvent event) {
    if (!fd.valid()) return make_error(StatusCode::conflict, "audit log: not open");
    if (head + 1 >= kMaxSequence) {
      return make_error(StatusCode::limit_exceeded, "audit log: sequence numbers exhausted");
    }
    if (const auto id = classify(event)) event.id = static_cast<AuditEventId>(*id);
    if (clock) event.time = clock->wall_now();
    const AuditEvent fitted = detail::fit_event(std::move(event), detail::kEventCapacity);
    const std::uint64_t seq = head + 1;
    std::array<std::uint8_t, kSlotBytes> slot{};
    MFP_ASSIGN_OR_RETURN(const Mac mac, seal(seq, 0, head_mac, fitted, slot));

    // (2) pending in the audit-head, (3) the record, durably, (4) commit.
    HeadRecord pending;
    pending.first_sequence = first;
    pending.head_sequence = head;
    pending.head_mac = head_mac;
    pending.pending = true;
    pending.pending_sequence = seq;
    pending.pending_mac = mac;
    MFP_RETURN_IF_ERROR(write_head(pending));
    MFP_RETURN_IF_ERROR(write_at(fd.get(), slot, slot_offset(slot_of(seq))));
    MFP_RETURN_IF_ERROR(sync(fd.get()));
    head = seq;
    head_mac = mac;
    // The record is durable and the pending audit-head already vouches for it (open() commits
    // it), so a failed commit write does not fail the append; the next append rewrites the head.
    commit_head().ignore();
    return Status::ok();
  }

  // Carries out what a scan found: see the header ("What open() then does").
  Status repair(const ScanResult& r, AuditLogReport& report) {
    report.problems = r.problems;
    report.problem_count = r.problem_count;
    report.pending_committed = r.pending == detail::PendingOutcome::committed;
    report.pending_discarded = r.pending == detail::PendingOutcome::discarded;
    report.pending_lost = r.pending == detail::PendingOutcome::interrupted;
    const bool damaged = !r.intact();
    if (damaged) {
      report.integrity = make_error(StatusCode::integrity_error, "audit log: " + r.summary());
    }

    if (damaged && r.valid_in_window == 0) {
      // Nothing readable is left: restart after the head, Log IDs continuing.
      report.restarted = true;
      report.records_lost = r.head >= r.lo ? r.head - r.lo + 1 : 0;
      MFP_RETURN_IF_ERROR(create(r.head + 1));
    } else {
      MFP_ASSIGN_OR_RETURN(fd, open_existing(path));
      if (!fd.valid()) return make_error(StatusCode::io_error, "audit log: file vanished");
      first = r.first;
      bool wrote = false;
      if (r.size_wrong) {
        MFP_RETURN_IF_ERROR(allocate());
        wrote = true;
      }
      if (r.header_stale) {
        MFP_RETURN_IF_ERROR(write_header());
        wrote = true;
      }
      const std::array<std::uint8_t, kSlotBytes> zero{};
      for (const std::uint32_t i : r.stray_slots) {
        MFP_RETURN_IF_ERROR(write_at(fd.get(), zero, slot_offset(i)));
        wrote = true;
      }
      std::vector<Mac> macs = r.slot_macs;
      const Mac genesis = sealer->genesis(first);
      for (const auto& lost : r.lost) {
        const std::uint64_t s = lost.sequence;
        const Mac prev = s == first ? genesis : (s > r.lo ? macs[slot_of(s - 1)] : Mac{});
        std::array<std::uint8_t, kSlotBytes> slot{};
        const AuditEvent tombstone =
            detail::fit_event(events::audit_log_record_lost(lost.reason), detail::kEventCapacity);
        MFP_ASSIGN_OR_RETURN(macs[slot_of(s)],
                             seal(s, detail::kFlagTombstone, prev, tombstone, slot));
        MFP_RETURN_IF_ERROR(write_at(fd.get(), slot, slot_offset(slot_of(s))));
        wrote = true;
      }
      report.records_lost = r.lost.size();
      if (wrote) MFP_RETURN_IF_ERROR(sync(fd.get()));
      head = r.head;
      head_mac = head >= first ? macs[slot_of(head)] : genesis;
      if (r.nvram_stale || wrote) MFP_RETURN_IF_ERROR(commit_head());
    }

    if (damaged) {
      AuditEvent e = events::audit_log_integrity_failure(r.summary());
      e.items.emplace_back("Problems", std::to_string(r.problem_count));
      e.items.emplace_back("Records Lost", std::to_string(report.records_lost));
      MFP_RETURN_IF_ERROR(append(std::move(e)));
    }
    return Status::ok();
  }
};

AuditLog::AuditLog(std::unique_ptr<State> state) noexcept : s_(std::move(state)) {}

AuditLog::~AuditLog() = default;

std::filesystem::path AuditLog::file_path(const std::filesystem::path& dir) {
  return dir / kFileName;
}

Result<std::unique_ptr<AuditLog>> AuditLog::open(const std::filesystem::path& dir,
                                                 engine_hw::Nvram& nvram,
                                                 const keys::KeyManager& keys, crypto::Drbg& drbg,
                                                 AuditLogOptions options) noexcept {
  try {
    if (options.first_sequence == 0 || options.first_sequence >= kMaxSequence) {
      return make_error(StatusCode::invalid_argument, "audit log: first sequence out of range");
    }
    MFP_RETURN_IF_ERROR(erase::ensure_directory(dir));
    auto state = std::make_unique<State>(nvram, drbg);
    state->dir = dir;
    state->path = file_path(dir);
    state->new_log_first = options.first_sequence;
    state->clock = std::move(options.clock);
    state->key_id = keys.key_id();
    {
      MFP_ASSIGN_OR_RETURN(auto aead_key, keys.derive("audit-log"));
      MFP_ASSIGN_OR_RETURN(auto chain_key, keys.derive("audit-chain"));
      MFP_ASSIGN_OR_RETURN(state->sealer,
                           detail::RecordSealer::create(aead_key.span(), chain_key.span()));
    }  // the derived keys are zeroed here; the OpenSSL contexts keep their own copies

    ScanResult scan;
    MFP_RETURN_IF_ERROR(state->scan(scan));
    AuditLogReport report;
    if (scan.fresh) {
      report.created = true;
      MFP_RETURN_IF_ERROR(state->create(scan.first));
    } else {
      MFP_RETURN_IF_ERROR(state->repair(scan, report));
    }
    std::unique_ptr<AuditLog> log(new AuditLog(std::move(state)));
    log->open_report_ = std::move(report);
    return log;
  } catch (const std::bad_alloc&) {
    return out_of_memory();
  } catch (...) {
    return make_error(StatusCode::internal, "audit log: unexpected exception in open");
  }
}

Status AuditLog::append_locked(AuditEvent event) noexcept {
  try {
    return s_->append(std::move(event));
  } catch (const std::bad_alloc&) {
    return out_of_memory();
  } catch (...) {
    return make_error(StatusCode::internal, "audit log: unexpected exception in append");
  }
}

void AuditLog::note_failure(Status status) noexcept {
  ++s_->failed_records;
  try {
    s_->last_record_error = std::move(status);
  } catch (...) {
    // Status copy failed (out of memory); the count is the fallback.
  }
}

Status AuditLog::append(AuditEvent event) noexcept {
  std::lock_guard lock(mu_);
  if (!enabled_ && !is_switch_event(event)) {
    ++dropped_records_;
    return make_error(StatusCode::conflict,
                      "audit log: disabled by the Audit Log setting; event not recorded");
  }
  return append_locked(std::move(event));
}

void AuditLog::record(AuditEvent event) noexcept {
  // The check and the write happen under one lock, so no event slips past a concurrent switch.
  std::lock_guard lock(mu_);
  if (!enabled_ && !is_switch_event(event)) {
    ++dropped_records_;
    return;
  }
  Status st = append_locked(std::move(event));
  if (!st.is_ok()) note_failure(std::move(st));
}

Status AuditLog::set_enabled(bool enabled, std::string user) noexcept {
  AuditEvent event;
  try {
    event = events::audit_log_switched(std::move(user), enabled);
  } catch (...) {
    return out_of_memory();
  }
  std::lock_guard lock(mu_);
  if (enabled_ == enabled) return Status::ok();
  if (enabled) {
    // On first: failing to write the Enable record must not keep the log off.
    enabled_ = true;
    Status st = append_locked(std::move(event));
    if (!st.is_ok()) note_failure(st);
    return st;
  }
  // Off only once the Disable record is durable.
  MFP_RETURN_IF_ERROR(append_locked(std::move(event)));
  enabled_ = false;
  return Status::ok();
}

bool AuditLog::enabled() const noexcept {
  std::lock_guard lock(mu_);
  return enabled_;
}

std::uint64_t AuditLog::dropped_records() const noexcept {
  std::lock_guard lock(mu_);
  return dropped_records_;
}

Status AuditLog::verify() const noexcept {
  try {
    std::lock_guard lock(mu_);
    ScanResult r;
    MFP_RETURN_IF_ERROR(s_->scan(r));
    if (!r.intact()) {
      return make_error(StatusCode::integrity_error, "audit log: " + r.summary());
    }
    if (r.pending == detail::PendingOutcome::interrupted) {
      return make_error(StatusCode::integrity_error,
                        "audit log: slot " + std::to_string(slot_of(r.head)) + " (sequence " +
                            std::to_string(r.head) + "): an append was interrupted mid-write");
    }
    if (r.first != s_->first || r.head != s_->head) {
      return make_error(StatusCode::integrity_error,
                        "audit log: the log on disk (sequences " + std::to_string(r.first) + ".." +
                            std::to_string(r.head) + ") is not the open log (" +
                            std::to_string(s_->first) + ".." + std::to_string(s_->head) + ")");
    }
    return Status::ok();
  } catch (const std::bad_alloc&) {
    return out_of_memory();
  } catch (...) {
    return make_error(StatusCode::internal, "audit log: unexpected exception in verify");
  }
}

Result<AuditLogReport> AuditLog::recover() noexcept {
  try {
    std::lock_guard lock(mu_);
    ScanResult r;
    MFP_RETURN_IF_ERROR(s_->scan(r));
    AuditLogReport report;
    if (r.intact() && r.pending == detail::PendingOutcome::none && r.head == s_->head) {
      return report;
    }
    MFP_RETURN_IF_ERROR(s_->repair(r, report));
    return report;
  } catch (const std::bad_alloc&) {
    return out_of_memory();
  } catch (...) {
    return make_error(StatusCode::internal, "audit log: unexpected exception in recover");
  }
}

Result<std::vector<StoredEvent>> AuditLog::events() const noexcept {
  try {
    std::lock_guard lock(mu_);
    if (!s_->fd.valid()) return make_error(StatusCode::conflict, "audit log: not open");
    std::vector<StoredEvent> out;
    out.reserve(static_cast<std::size_t>(s_->head + 1 - s_->lo()));
    std::array<std::uint8_t, kSlotBytes> bytes{};
    for (std::uint64_t seq = s_->lo(); seq <= s_->head; ++seq) {
      MFP_RETURN_IF_ERROR(read_at(s_->fd.get(), bytes, slot_offset(slot_of(seq))));
      StoredEvent e;
      const auto c = s_->sealer->check(slot_of(seq), bytes, &e.event);
      if (c.state != detail::SlotState::valid || c.sequence != seq) continue;
      e.sequence = seq;
      e.log_id = log_id_for(seq);
      out.push_back(std::move(e));
    }
    return out;
  } catch (const std::bad_alloc&) {
    return out_of_memory();
  } catch (...) {
    return make_error(StatusCode::internal, "audit log: unexpected exception in events");
  }
}

std::uint64_t AuditLog::head_sequence() const noexcept {
  std::lock_guard lock(mu_);
  return s_->head;
}

std::uint64_t AuditLog::oldest_sequence() const noexcept {
  std::lock_guard lock(mu_);
  return s_->lo();
}

std::size_t AuditLog::size() const noexcept {
  std::lock_guard lock(mu_);
  return static_cast<std::size_t>(s_->head + 1 - s_->lo());
}

Status AuditLog::last_record_error() const {
  std::lock_guard lock(mu_);
  return s_->last_record_error;
}

std::uint64_t AuditLog::failed_records() const noexcept {
  std::lock_guard lock(mu_);
  return s_->failed_records;
}

}  // namespace mfp::security::audit
