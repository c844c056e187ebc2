#pragma once
// scan_log(): the audit log's verification rules, as a pure function of the file's bytes and
// the NVRAM "audit-head" value. It says what is wrong (problems, with slot and sequence numbers
// only) and what a repair has to do (positions to seal as lost, stray slots to clear, head,
// header and NVRAM to rewrite). AuditLog::verify() reports the problems; AuditLog::open() and
// recover() carry out the repair. Only allocation can throw.
//
// The rules (the window is the kept records, sequences lo..head, lo = max(first, head-14999)):
//  1. the header decodes and its MAC verifies; its first sequence equals the audit-head's;
//  2. the file is exactly kFileBytes long;
//  3. every sequence s of the window is an authentic record in slot s % 15000 (MAC and GCM tag
//     verify, flags/sequence/slot bound in), and links: its previous-MAC field equals the MAC of
//     record s-1 (the genesis MAC for s == first), except for lo > first (its predecessor was
//     overwritten) and after a tombstone (a stand-in sealed over a lost record);
//  4. the newest record is the audit-head: same sequence and MAC, and no authentic record
//     newer than it is in the file; a pending append in the audit-head is resolved as committed
//     (its record is there with the promised MAC), discarded (the slot still holds what it held
//     before) or interrupted (the slot holds neither: sealed as lost, not an integrity problem);
//  5. slots outside the window (first lap only) are all zero.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "security/audit/detail/log_format.h"
#include "security/audit/detail/record_sealer.h"

namespace mfp::security::audit::detail {

struct LostRecord {
  std::uint64_t sequence = 0;
  std::string reason;  // "record altered", "missing (file truncated)", ...
};

enum class PendingOutcome : std::uint8_t { none, committed, discarded, interrupted };

struct ScanResult {
  bool fresh = false;  // no log and no audit-head: start a new log
  std::uint64_t first = 1;
  std::uint64_t head = 0;             // first - 1 when empty
  std::uint64_t lo = 1;               // oldest kept sequence (head + 1 when empty)
  std::vector<std::string> problems;  // integrity problems, most important first
  std::size_t problem_count = 0;      // problems.size() may be capped; this is not
  std::vector<LostRecord> lost;       // window positions to seal as lost, ascending
  std::vector<std::uint32_t> stray_slots;
  std::vector<Mac> slot_macs;        // MAC of the authentic record in each slot (window only)
  std::vector<bool> slot_tombstone;  // whether that record is a tombstone
  PendingOutcome pending = PendingOutcome::none;
  std::uint64_t valid_in_window = 0;
  bool header_stale = false;  // rewrite the header
  bool nvram_stale = false;   // rewrite the audit-head
  bool size_wrong = false;    // the file must be cut or extended to kFileBytes
  bool file_missing = false;

  [[nodiscard]] bool intact() const noexcept { return problem_count == 0; }
  // "<first problem>" or "<first problem> (and N more problems)".
  [[nodiscard]] std::string summary() const;
};

struct ScanInput {
  // The file's bytes (at most kFileBytes + kSlotBytes of them), or null when it does not exist.
  const std::vector<std::uint8_t>* file = nullptr;
  std::uint64_t file_size = 0;  // its real size
  // The audit-head bytes, or nullopt when NVRAM has none.
  const std::optional<std::vector<std::uint8_t>>* nvram_head = nullptr;
  std::span<const std::uint8_t> key_id;  // of the current master key
  std::uint64_t new_log_first = 1;       // first sequence if a new log is started
};

[[nodiscard]] ScanResult scan_log(RecordSealer& sealer, const ScanInput& input);

}  // namespace mfp::security::audit::detail
