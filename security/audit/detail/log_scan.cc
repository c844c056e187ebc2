#include "security/audit/detail/log_scan.h"

#include <algorithm>
#include <limits>

#include "security/crypto/secure_bytes.h"

namespace mfp::security::audit::detail {

namespace {

constexpr std::size_t kMaxListedProblems = 16;

std::string str(std::uint64_t v) {
  return std::to_string(v);
}

bool equal(const Mac& a, const Mac& b) noexcept {
  return crypto::constant_time_equal(a, b);
}

class ProblemList {
 public:
  explicit ProblemList(ScanResult& r) : r_(r) {}
  void add(std::string message) {
    ++r_.problem_count;
    if (r_.problems.size() < kMaxListedProblems) r_.problems.push_back(std::move(message));
  }

 private:
  ScanResult& r_;
};

// Why sequence `s` is not an authentic record in its slot.
std::string lost_reason(bool present, const SlotCheck& c, std::uint64_t s) {
  if (!present) return "missing (file truncated)";
  switch (c.state) {
    case SlotState::empty:
      return "missing (slot empty)";
    case SlotState::garbage:
      return "overwritten (not a record)";
    case SlotState::altered:
      return "record altered (MAC mismatch)";
    case SlotState::misplaced:
      return "holds the record of sequence " + str(c.sequence) + " (records moved or swapped)";
    case SlotState::valid:
      break;
  }
  if (c.sequence < s) {
    return "missing (slot still holds older sequence " + str(c.sequence) + ")";
  }
  return "holds sequence " + str(c.sequence) + " instead";
}

// Problems for the lost positions, one per run of consecutive sequences with the same reason.
void report_lost(const std::vector<LostRecord>& lost, std::uint64_t interrupted,
                 ProblemList& problems) {
  for (std::size_t i = 0; i < lost.size();) {
    std::size_t j = i + 1;
    while (j < lost.size() && lost[j].sequence == lost[j - 1].sequence + 1 &&
           lost[j].reason == lost[i].reason) {
      ++j;
    }
    if (lost[i].sequence != interrupted) {
      const std::uint64_t a = lost[i].sequence;
      const std::uint64_t b = lost[j - 1].sequence;
      if (a == b) {
        problems.add("slot " + str(slot_of(a)) + " (sequence " + str(a) + "): " + lost[i].reason);
      } else {
        problems.add("sequences " + str(a) + "-" + str(b) + " (" + str(b - a + 1) +
                     " records, from slot " + str(slot_of(a)) + "): " + lost[i].reason);
      }
    }
    i = j;
  }
}

// Every slot, as far as the keys can tell.
struct SlotScan {
  std::vector<SlotCheck> checks = std::vector<SlotCheck>(kCapacity);
  std::vector<bool> present = std::vector<bool>(kCapacity, false);
  bool any_record_bytes = false;
  std::uint64_t valid_count = 0;
  std::uint64_t min_valid = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t max_valid = 0;

  // Sequence `s`'s slot holds its authentic record.
  [[nodiscard]] bool holds(std::uint64_t s) const {
    const std::uint32_t i = slot_of(s);
    return present[i] && checks[i].state == SlotState::valid && checks[i].sequence == s;
  }
};

SlotScan check_slots(RecordSealer& sealer, const std::vector<std::uint8_t>* file) {
  SlotScan slots;
  if (file == nullptr) return slots;
  for (std::uint32_t i = 0; i < kCapacity; ++i) {
    const std::uint64_t off = slot_offset(i);
    if (off + kSlotBytes > file->size()) continue;
    slots.present[i] = true;
    slots.checks[i] = sealer.check(i, ConstSlotBytes(file->data() + off, kSlotBytes));
    if (slots.checks[i].state != SlotState::empty) slots.any_record_bytes = true;
    if (slots.checks[i].state == SlotState::valid) {
      ++slots.valid_count;
      slots.min_valid = std::min(slots.min_valid, slots.checks[i].sequence);
      slots.max_valid = std::max(slots.max_valid, slots.checks[i].sequence);
    }
  }
  return slots;
}

// The header when it decodes and its MAC verifies; otherwise nullopt and its problems in
// `problems` (they count only for an existing log).
std::optional<FileHeader> check_header(RecordSealer& sealer, const ScanInput& in,
                                       std::vector<std::string>& problems) {
  const std::vector<std::uint8_t>* file = in.file;
  if (file == nullptr) return std::nullopt;
  if (file->size() < kHeaderBytes) {
    problems.push_back("header: missing (file is " + str(in.file_size) + " bytes)");
    return std::nullopt;
  }
  std::optional<FileHeader> header = decode_header(*file);
  if (!header) {
    problems.push_back("header: malformed (edited or overwritten)");
    return std::nullopt;
  }
  const Mac mac = sealer.header_mac(*file);
  Mac stored{};
  std::copy_n(file->begin() + kHeaderMacOffset, kMacBytes, stored.begin());
  if (!equal(mac, stored)) {
    const bool other_key = !std::equal(header->key_id.begin(), header->key_id.end(),
                                       in.key_id.begin(), in.key_id.end());
    problems.push_back(other_key ? "header: sealed under a different master key"
                                 : "header: MAC mismatch (header edited)");
    return std::nullopt;
  }
  return header;
}

// First and head from the audit-head, or, without a readable one, from the header and the
// records; then the header's and the file's own problems.
void place_window(const ScanInput& in, const SlotScan& slots,
                  const std::optional<FileHeader>& header,
                  std::vector<std::string>& header_problems, const std::optional<HeadRecord>& nv,
                  bool nv_present, ScanResult& r, ProblemList& problems) {
  if (nv) {
    r.first = nv->first_sequence;
    r.head = nv->head_sequence;
  } else {
    problems.add(nv_present ? "audit-head in NVRAM malformed" : "audit-head missing from NVRAM");
    r.nvram_stale = true;
    r.first = header ? header->first_sequence
                     : (slots.valid_count > 0 ? slots.min_valid : in.new_log_first);
    r.head = slots.valid_count > 0 ? std::max(slots.max_valid, r.first - 1) : r.first - 1;
  }
  for (auto& p : header_problems) {
    problems.add(std::move(p));
    r.header_stale = true;
  }
  if (header && header->first_sequence != r.first) {
    problems.add("header: first sequence " + str(header->first_sequence) +
                 " does not match the audit-head's " + str(r.first));
    r.header_stale = true;
  }
  if (in.file == nullptr) {
    problems.add("log file missing");
    r.file_missing = true;
    r.header_stale = true;
  } else if (in.file_size != kFileBytes || in.file->size() != kFileBytes) {
    problems.add("file is " + str(in.file_size) + " bytes, expected " + str(kFileBytes) +
                 " (truncated or extended)");
    r.size_wrong = true;
  }
}

// An append that was under way when the device stopped: committed, discarded or interrupted.
// Returns the interrupted sequence (0: none).
std::uint64_t resolve_pending(const HeadRecord& nv, const SlotScan& slots, ScanResult& r) {
  if (!nv.pending) return 0;
  std::uint64_t interrupted = 0;
  const std::uint64_t p = nv.pending_sequence;
  const std::uint32_t ps = slot_of(p);
  const SlotCheck& c = slots.checks[ps];
  const bool valid = slots.present[ps] && c.state == SlotState::valid;
  if (valid && c.sequence == p && equal(c.mac, nv.pending_mac)) {
    r.pending = PendingOutcome::committed;
    r.head = p;
  } else if ((valid && c.sequence + kCapacity == p) ||
             (slots.present[ps] && c.state == SlotState::empty && p < r.first + kCapacity)) {
    r.pending = PendingOutcome::discarded;
  } else {
    r.pending = PendingOutcome::interrupted;
    interrupted = p;
    r.head = p;
  }
  r.nvram_stale = true;
  return interrupted;
}

// Authentic records newer than the audit-head: it was replaced or rolled back.
void adopt_newer_records(const SlotScan& slots, ScanResult& r, ProblemList& problems) {
  std::uint64_t newer = 0;
  while (newer < kCapacity && slots.holds(r.head + 1)) {
    ++r.head;
    ++newer;
  }
  if (newer > 0) {
    problems.add(str(newer) + " authentic record(s) newer than the audit-head in NVRAM " +
                 "(head replaced or rolled back), up to sequence " + str(r.head));
    r.nvram_stale = true;
  }
}

// The window, oldest to newest: each record present, authentic and linked, or lost. Returns
// which slots the window covers.
std::vector<bool> walk_window(const SlotScan& slots, const Mac& genesis, std::uint64_t interrupted,
                              ScanResult& r) {
  r.lo = r.head + 1 >= r.first + kCapacity ? r.head + 1 - kCapacity : r.first;
  r.slot_macs.assign(kCapacity, Mac{});
  r.slot_tombstone.assign(kCapacity, false);
  std::vector<bool> in_window(kCapacity, false);
  bool prev_linkable = false;
  Mac prev_mac{};
  for (std::uint64_t s = r.lo; s <= r.head; ++s) {
    const std::uint32_t slot = slot_of(s);
    in_window[slot] = true;
    if (s == interrupted) {
      r.lost.push_back({s, "write interrupted (power loss)"});
      prev_linkable = false;
      continue;
    }
    const SlotCheck& c = slots.checks[slot];
    if (!slots.holds(s)) {
      r.lost.push_back({s, lost_reason(slots.present[slot], c, s)});
      prev_linkable = false;
      continue;
    }
    bool links = true;
    if (s == r.first) {
      links = equal(c.prev_mac, genesis);
    } else if (s > r.lo && prev_linkable) {
      links = equal(c.prev_mac, prev_mac);
    }
    if (!links) {
      r.lost.push_back({s, "record does not link to its predecessor (chain broken)"});
      prev_linkable = false;
      continue;
    }
    ++r.valid_in_window;
    const bool tombstone = (c.flags & kFlagTombstone) != 0;
    r.slot_macs[slot] = c.mac;
    r.slot_tombstone[slot] = tombstone;
    prev_linkable = !tombstone;
    prev_mac = c.mac;
  }
  return in_window;
}

// The audit-head's record must be the one in the file.
void check_head_record(const HeadRecord& nv, const Mac& genesis, ScanResult& r,
                       ProblemList& problems) {
  const std::uint64_t h = nv.head_sequence;
  if (h + 1 == r.first) {
    if (!equal(nv.head_mac, genesis)) {
      problems.add("audit-head in NVRAM does not match the empty log");
      r.nvram_stale = true;
    }
  } else if (h >= r.lo && h <= r.head) {
    const bool head_lost = std::any_of(r.lost.begin(), r.lost.end(),
                                       [h](const LostRecord& l) { return l.sequence == h; });
    if (!head_lost && !equal(r.slot_macs[slot_of(h)], nv.head_mac)) {
      problems.add("record of sequence " + str(h) + " (slot " + str(slot_of(h)) +
                   ") does not match the audit-head in NVRAM");
      r.nvram_stale = true;
    }
  }
}

// Outside the window (first lap) every slot must still be empty.
void find_stray_slots(const SlotScan& slots, const std::vector<bool>& in_window, ScanResult& r,
                      ProblemList& problems) {
  for (std::uint32_t i = 0; i < kCapacity; ++i) {
    if (!in_window[i] && slots.present[i] && slots.checks[i].state != SlotState::empty) {
      r.stray_slots.push_back(i);
    }
  }
  if (!r.stray_slots.empty()) {
    problems.add(str(r.stray_slots.size()) +
                 " slot(s) outside the kept records hold data (inserted?), first slot " +
                 str(r.stray_slots.front()));
  }
}

}  // namespace

std::string ScanResult::summary() const {
  if (problem_count == 0) return "intact";
  std::string s = problems.empty() ? std::string("integrity problems") : problems.front();
  if (problem_count > 1) s += " (and " + str(problem_count - 1) + " more problems)";
  return s;
}

ScanResult scan_log(RecordSealer& sealer, const ScanInput& in) {
  ScanResult r;
  ProblemList problems(r);
  const SlotScan slots = check_slots(sealer, in.file);
  std::vector<std::string> header_problems;
  const std::optional<FileHeader> header = check_header(sealer, in, header_problems);

  std::optional<HeadRecord> nv;
  const bool nv_present = in.nvram_head != nullptr && in.nvram_head->has_value();
  if (nv_present) nv = decode_head(**in.nvram_head);
  if (!nv_present && !slots.any_record_bytes) {
    // First start, or a crash while the log was being created: nothing to lose.
    r.fresh = true;
    r.first = header ? header->first_sequence : in.new_log_first;
    r.head = r.first - 1;
    r.lo = r.first;
    return r;
  }
  place_window(in, slots, header, header_problems, nv, nv_present, r, problems);

  const std::uint64_t interrupted = nv ? resolve_pending(*nv, slots, r) : 0;
  if (nv && r.pending != PendingOutcome::interrupted) adopt_newer_records(slots, r, problems);

  const Mac genesis = sealer.genesis(r.first);
  const std::vector<bool> in_window = walk_window(slots, genesis, interrupted, r);
  report_lost(r.lost, interrupted, problems);
  if (nv) check_head_record(*nv, genesis, r, problems);
  if (in.file != nullptr) find_stray_slots(slots, in_window, r, problems);
  return r;
}

}  // namespace mfp::security::audit::detail
