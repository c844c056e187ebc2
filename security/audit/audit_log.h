#pragma once
// AuditLog: the device's durable, sealed, tamper-evident audit log (guide, "Settings for the
// Secure Operation 3"): the newest 15,000 events, oldest overwritten, Log IDs 1..60000 assigned
// in order and wrapping to 1, no delete function. It is the AuditSink the device records into.
//
// Storage (format in detail/log_format.h): "<dir>/audit.log", a header and a ring of 15,000
// fixed 1 KiB slots (sequence s in slot s % 15000), preallocated when created. Every record is
// sealed with AES-256-GCM (key KeyManager::derive("audit-log"), a fresh DRBG nonce, slot and
// sequence bound in as associated data), so no user name, job name or other field reaches the
// disk in plaintext; fields too long for a slot are cut on a UTF-8 boundary and end with
// "[truncated]". Records are chained with HMAC-SHA-256 (key derive("audit-chain")): each
// carries its predecessor's MAC and its own MAC over that and its sealed bytes, and the newest
// sequence and MAC are kept in NVRAM slot "audit-head", written atomically with every append.
//
// Durability: append() returns ok only after its record is in the file and fsync'd. The
// protocol per append: (1) the record is sealed; (2) the audit-head is written with the record
// marked pending (its sequence and MAC); (3) the slot is written and fsync'd; (4) the
// audit-head is written committing it. open() resolves a pending record left by a power loss:
// committed if it is in its slot with the promised MAC, dropped if the slot still holds its old
// contents, and sealed as a "Record Lost" stand-in (Log ID kept) if the write was torn.
//
// Tamper evidence (rules in detail/log_scan.h): a flipped byte, moved, swapped, inserted or
// deleted records, a cut file, an edited header, and an audit-head that does not match the file
// (replaced, rolled back, missing) are all detected by verify() and by open(). What open()
// (and recover()) then do: the damage is sealed in place and the chain re-anchored at the
// current head, so logging continues and the damage stays on record:
//   * each kept position whose record is damaged or missing is overwritten with a sealed
//     tombstone ("Audit Log / Record / Lost", Reason item), linked into the chain; the record
//     after a tombstone starts a new chain segment (its link is not checked, everything else is);
//   * authentic records newer than the audit-head are kept (the head moves forward to them);
//   * stray data outside the kept records is zeroed, the file is restored to its size, the
//     header is rewritten, and the audit-head is rewritten to the (new) head;
//   * if nothing in the kept window is readable (file deleted, or sealed under a different
//     master key), the log restarts empty after the head (Log IDs continue);
//   * then one "Audit Log / Integrity Check / Failed" event is appended, its Reason item naming
//     the first problem and the number of problems (slot and sequence numbers only).
// Afterwards verify() is ok again; the tombstones and the integrity event are part of the
// chain, so removing them is itself detected. (A power loss after the tombstones are written
// but before the integrity event leaves the tombstones, each with its reason, as the record.)
// Not detectable: a consistent rollback of both the file and NVRAM to an earlier state (NVRAM,
// which also holds the master key, is the root of trust).
//
// The "Audit Log" setting (system.audit_log.enabled; audit_settings.h keeps the log in step
// with it): set_enabled(). While the log is disabled, record() drops every event and append()
// refuses it, both counting it in dropped_records(), except the switch's own events
// ("Audit Policy / Audit Log / Enable|Disable", events::audit_log_switched), which set_enabled()
// records on both transitions, so turning the log off and on again always leaves a trace. The
// log's own integrity and Record Lost events (open(), recover()) are written whatever the switch
// says: tamper evidence does not depend on a setting. A log opens enabled (the secure
// configuration); the switch itself is not stored here (the setting is, with the settings).
//
// Thread-safe (one mutex). No exceptions escape. Status messages and problem lists name only
// slots, sequences and sizes, never event contents. The NVRAM and the DRBG must outlive the log.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine_hw/clock.h"
#include "engine_hw/nvram.h"
#include "pipeline/status.h"
#include "security/audit/audit_sink.h"
#include "security/audit/stored_event.h"
#include "security/crypto/drbg.h"
#include "security/keys/key_manager.h"

namespace mfp::security::audit {

namespace detail {
class RecordSealer;
}

struct AuditLogOptions {
  // The sequence number (and so the Log ID, log_id_for()) of the first record of a log that
  // open() creates; ignored for an existing log. 1..2^62. Tests start near 60000 to see the
  // Log ID wrap.
  std::uint64_t first_sequence = 1;
  // The device's clock: every record is stamped with its calendar time (wall_now()) when it is
  // appended, so an adjusted clock dates every later record. Null: the time each AuditEvent
  // was made with.
  std::shared_ptr<const engine_hw::Clock> clock;
};

// What open() (or recover()) found and did.
struct AuditLogReport {
  bool created = false;            // there was no log: a new one was started
  bool pending_committed = false;  // an interrupted append was found complete and kept
  bool pending_discarded = false;  // an interrupted append had not reached the file
  bool pending_lost = false;       // an interrupted append tore its slot: sealed as lost
  // ok, or the integrity_error found (the log was then repaired as described above and an
  // integrity event recorded).
  pipeline::Status integrity;
  std::vector<std::string> problems;  // the first problems found (at most 16)
  std::size_t problem_count = 0;
  std::uint64_t records_lost = 0;  // positions sealed as "Record Lost"
  bool restarted = false;          // nothing was readable: the log restarted after the head
};

class AuditLog final : public AuditSink {
 public:
  static constexpr std::size_t kCapacity = 15000;
  static constexpr const char* kFileName = "audit.log";
  static constexpr const char* kNvramSlot = "audit-head";

  // Opens the log in `dir` (created, mode 0700, if missing; its parent must exist), creating the
  // log on first start, verifying it otherwise and repairing it as described above. Fails (and
  // records nothing) when keys cannot be derived, the NVRAM or the file cannot be read or written,
  // or `options` is out of range; an integrity failure is not an open() failure (see
  // open_report()).
  [[nodiscard]] static pipeline::Result<std::unique_ptr<AuditLog>> open(
      const std::filesystem::path& dir, engine_hw::Nvram& nvram, const keys::KeyManager& keys,
      crypto::Drbg& drbg, AuditLogOptions options = {}) noexcept;
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;
  ~AuditLog() override;

  // Records `event` durably (see the protocol above) and returns ok, or an error and the event
  // is not in the log. An event that still carries a legacy category ID (AuditEventId::
  // job_status, ...) gets its catalog ID (audit_catalog.h) when one matches. While the log is
  // disabled: conflict, and the event is dropped (counted in dropped_records()), unless it is a
  // switch event.
  [[nodiscard]] pipeline::Status append(AuditEvent event) noexcept;
  // AuditSink: append(), with a failure kept in last_record_error() and failed_records(). While
  // the log is disabled an event other than a switch event is dropped and counted in
  // dropped_records() (not a failure).
  void record(AuditEvent event) noexcept override;

  // Turns the log on or off ("Audit Log" setting) on behalf of `user` (the audit user name:
  // "KO", a user ID, or "-"). On a transition the switch event events::audit_log_switched(user,
  // enabled) is recorded: when turning off, first, and the log goes off only once that record is
  // durable (on an error the log stays on and the error is returned: a switch-off that leaves no
  // trace is what the event exists to prevent); when turning on, the log goes on first and stays
  // on even if the record fails (the error is returned and counted as a failed record). Setting
  // the position already held records nothing and returns ok. Producers do not record the
  // switch event themselves.
  [[nodiscard]] pipeline::Status set_enabled(bool enabled, std::string user) noexcept;
  [[nodiscard]] bool enabled() const noexcept;
  // Events dropped (record()) or refused (append()) because the log was disabled.
  [[nodiscard]] std::uint64_t dropped_records() const noexcept;

  // Checks the whole log against the audit-head: ok, or integrity_error naming the first
  // problem (slot/sequence) and how many there are; io_error when it cannot be read.
  [[nodiscard]] pipeline::Status verify() const noexcept;
  // verify(), and when it finds a problem, repairs and records it as open() does. The report
  // says what was found; errors only when the repair itself fails.
  [[nodiscard]] pipeline::Result<AuditLogReport> recover() noexcept;

  // The kept events, oldest first, decrypted (for export). Records that fail to authenticate
  // are left out (verify() reports them). io_error when the file cannot be read.
  [[nodiscard]] pipeline::Result<std::vector<StoredEvent>> events() const noexcept;

  [[nodiscard]] const AuditLogReport& open_report() const noexcept { return open_report_; }
  // The newest sequence (first - 1 when empty), and the oldest kept one.
  [[nodiscard]] std::uint64_t head_sequence() const noexcept;
  [[nodiscard]] std::uint64_t oldest_sequence() const noexcept;
  // Number of events kept (at most kCapacity).
  [[nodiscard]] std::size_t size() const noexcept;
  // The last failure of record() (ok if none) and how many record() calls failed.
  [[nodiscard]] pipeline::Status last_record_error() const;
  [[nodiscard]] std::uint64_t failed_records() const noexcept;
  // The file the log keeps in `dir`.
  [[nodiscard]] static std::filesystem::path file_path(const std::filesystem::path& dir);

 private:
  struct State;
  explicit AuditLog(std::unique_ptr<State> state) noexcept;
  // State::append() with exceptions turned into a Status; the caller holds mu_.
  [[nodiscard]] pipeline::Status append_locked(AuditEvent event) noexcept;
  // Keeps a failed record()'s status; the caller holds mu_.
  void note_failure(pipeline::Status status) noexcept;

  std::unique_ptr<State> s_;
  mutable std::mutex mu_;
  AuditLogReport open_report_;
  bool enabled_ = true;                // guarded by mu_
  std::uint64_t dropped_records_ = 0;  // guarded by mu_
};

}  // namespace mfp::security::audit
