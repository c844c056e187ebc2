// AuditLog tamper evidence: each kind of tampering with the file or the NVRAM audit-head is
// detected by verify() on the running log and again by open(), which repairs the log, records
// an integrity event and leaves a log that verifies and keeps logging.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "security/audit/audit_catalog.h"
#include "security/audit/audit_events.h"
#include "security/audit/audit_log.h"
#include "tests/unit/security/audit/audit_test_env.h"

namespace mfp::security::audit {
namespace {

using audit_test::AuditTestEnv;

constexpr std::uint64_t kEvents = 20;

struct TamperCase {
  const char* name;
  std::function<void(AuditTestEnv&)> tamper;
  const char* expect;              // in verify()'s message, open()'s report and the event
  std::uint64_t records_lost;      // positions sealed as lost by the repair
  bool restarted = false;          // nothing readable was left
  std::uint64_t events_after = 0;  // kept events after the repair (incl. the integrity event)
};

std::string item(const AuditEvent& e, std::string_view key) {
  for (const auto& [k, v] : e.items) {
    if (k == key) return v;
  }
  return "<none>";
}

void flip(AuditTestEnv& env, std::uint64_t offset) {
  auto bytes = env.read_file();
  bytes[offset] ^= 0x01;
  env.write_file(bytes);
}

const std::vector<TamperCase>& cases() {
  static const std::vector<TamperCase> kCases = {
      {"flip_ciphertext_byte",
       [](AuditTestEnv& env) {
         flip(env, detail::slot_offset(detail::slot_of(5)) + detail::kSlotCipherOffset + 10);
       },
       "slot 5 (sequence 5): record altered", 1, false, kEvents + 1},
      {"flip_sequence_field",
       [](AuditTestEnv& env) {
         flip(env, detail::slot_offset(detail::slot_of(9)) + detail::kSlotSequenceOffset);
       },
       "slot 9 (sequence 9)", 1, false, kEvents + 1},
      {"swap_two_records",
       [](AuditTestEnv& env) {
         const auto a = env.read_slot_of(3);
         const auto b = env.read_slot_of(7);
         env.write_slot_of(3, b);
         env.write_slot_of(7, a);
       },
       "holds the record of sequence 7 (records moved or swapped)", 2, false, kEvents + 1},
      {"copy_record_into_unused_slot",
       [](AuditTestEnv& env) { env.write_slot_of(100, env.read_slot_of(4)); },
       "outside the kept records hold data", 0, false, kEvents + 1},
      {"truncate_file",
       [](AuditTestEnv& env) {
         std::filesystem::resize_file(env.file(), detail::slot_offset(detail::slot_of(15)));
       },
       "truncated", 6, false, kEvents + 1},
      {"append_data_to_file",
       [](AuditTestEnv& env) {
         std::filesystem::resize_file(env.file(), detail::kFileBytes + 4096);
       },
       "truncated or extended", 0, false, kEvents + 1},
      {"truncate_into_header",
       [](AuditTestEnv& env) { std::filesystem::resize_file(env.file(), 100); }, "header: missing",
       kEvents, true, 1},
      {"delete_newest_record",
       [](AuditTestEnv& env) { env.write_slot_of(kEvents, std::vector<std::uint8_t>(1024, 0)); },
       "slot 20 (sequence 20): missing (slot empty)", 1, false, kEvents + 1},
      {"delete_log_file", [](AuditTestEnv& env) { std::filesystem::remove(env.file()); },
       "log file missing", kEvents, true, 1},
      {"edit_header_first_sequence", [](AuditTestEnv& env) { flip(env, 25); },
       "header: MAC mismatch (header edited)", 0, false, kEvents + 1},
      {"edit_header_reserved_byte", [](AuditTestEnv& env) { flip(env, 500); }, "header: malformed",
       0, false, kEvents + 1},
      {"replace_nvram_head_with_previous_head",
       [](AuditTestEnv& env) {
         // Exactly what the audit-head held one append earlier.
         auto h = *env.head();
         const auto prev = env.read_slot_of(kEvents);
         h.head_sequence = kEvents - 1;
         std::copy_n(prev.begin() + detail::kSlotPrevMacOffset, detail::kMacBytes,
                     h.head_mac.begin());
         env.set_head(h);
       },
       "1 authentic record(s) newer than the audit-head", 0, false, kEvents + 1},
      {"replace_nvram_head_mac",
       [](AuditTestEnv& env) {
         auto h = *env.head();
         h.head_mac[0] ^= 0x80;
         env.set_head(h);
       },
       "does not match the audit-head in NVRAM", 0, false, kEvents + 1},
      {"replace_nvram_head_with_garbage",
       [](AuditTestEnv& env) {
         const std::vector<std::uint8_t> junk(40, 0xAB);
         ASSERT_TRUE(env.nvram().write(AuditLog::kNvramSlot, junk).is_ok());
       },
       "audit-head in NVRAM malformed", 0, false, kEvents + 1},
      {"erase_nvram_head",
       [](AuditTestEnv& env) { ASSERT_TRUE(env.nvram().erase(AuditLog::kNvramSlot).is_ok()); },
       "audit-head missing from NVRAM", 0, false, kEvents + 1},
      {"nvram_head_claims_more_records",
       [](AuditTestEnv& env) {
         auto h = *env.head();
         h.head_sequence += 2;
         env.set_head(h);
       },
       "missing (slot empty)", 2, false, kEvents + 3},
  };
  return kCases;
}

class AuditLogTamper : public ::testing::TestWithParam<std::size_t> {};

TEST_P(AuditLogTamper, IsDetectedReportedRepairedAndRecorded) {
  const TamperCase& c = cases()[GetParam()];
  AuditTestEnv env;
  auto log = env.open();
  for (std::uint64_t i = 1; i <= kEvents; ++i) {
    ASSERT_TRUE(log->append(events::user_added("KO", "user" + std::to_string(i))).is_ok());
  }
  ASSERT_TRUE(log->verify().is_ok());

  c.tamper(env);

  // Detected by the running log.
  const pipeline::Status found = log->verify();
  EXPECT_EQ(found.code(), pipeline::StatusCode::integrity_error) << found.to_string();
  EXPECT_NE(found.message().find(c.expect), std::string::npos) << found.message();
  log.reset();

  // Detected at start-up, repaired, and recorded.
  log = env.open();
  ASSERT_NE(log, nullptr);
  const AuditLogReport& report = log->open_report();
  EXPECT_EQ(report.integrity.code(), pipeline::StatusCode::integrity_error);
  EXPECT_NE(report.integrity.message().find(c.expect), std::string::npos)
      << report.integrity.message();
  EXPECT_GE(report.problem_count, 1u);
  EXPECT_EQ(report.records_lost, c.records_lost);
  EXPECT_EQ(report.restarted, c.restarted);

  auto events = log->events();
  ASSERT_TRUE(events.is_ok());
  ASSERT_EQ(events->size(), c.events_after);
  const StoredEvent& last = events->back();
  EXPECT_EQ(last.event.id, event_id(EventKind::audit_log_integrity_failure));
  EXPECT_NE(item(last.event, "Reason").find(c.expect), std::string::npos)
      << item(last.event, "Reason");
  EXPECT_EQ(item(last.event, "Records Lost"), std::to_string(c.records_lost));
  std::uint64_t lost = 0;
  for (const auto& e : *events) {
    if (e.event.id == event_id(EventKind::audit_log_record_lost)) ++lost;
  }
  EXPECT_EQ(lost, c.restarted ? 0 : c.records_lost);
  if (c.restarted) {
    // Log IDs continue after the old head.
    EXPECT_EQ(last.sequence, kEvents + 1);
  }

  // The repaired log verifies, keeps logging, and reopens clean.
  EXPECT_TRUE(log->verify().is_ok()) << log->verify().to_string();
  ASSERT_TRUE(log->append(events::time_adjusted("KO")).is_ok());
  EXPECT_TRUE(log->verify().is_ok());
  log.reset();
  log = env.open();
  EXPECT_TRUE(log->open_report().integrity.is_ok()) << log->open_report().integrity.to_string();
  EXPECT_EQ(log->size(), c.events_after + 1);
}

INSTANTIATE_TEST_SUITE_P(Cases, AuditLogTamper, ::testing::Range<std::size_t>(0, cases().size()),
                         [](const ::testing::TestParamInfo<std::size_t>& info) {
                           return std::string(cases()[info.param].name);
                         });

// Removing the tombstones or the integrity event left by a repair is itself detected.
TEST(AuditLogTamperEvidence, RepairRecordsCannotBeRemovedUnnoticed) {
  AuditTestEnv env;
  {
    auto log = env.open();
    for (int i = 1; i <= 10; ++i) ASSERT_TRUE(log->append(events::time_adjusted("KO")).is_ok());
  }
  flip(env, detail::slot_offset(detail::slot_of(4)) + detail::kSlotCipherOffset);
  std::uint64_t integrity_seq = 0;
  {
    auto log = env.open();
    ASSERT_FALSE(log->open_report().integrity.is_ok());
    integrity_seq = log->head_sequence();
    EXPECT_TRUE(log->verify().is_ok());
    // Put the damaged record back in place of its tombstone: detected again.
    auto bytes = env.read_slot_of(4);
    bytes[detail::kSlotCipherOffset] ^= 0x01;
    env.write_slot_of(4, bytes);
    EXPECT_EQ(log->verify().code(), pipeline::StatusCode::integrity_error);
  }
  {
    auto log = env.open();
    ASSERT_FALSE(log->open_report().integrity.is_ok());
    // Delete the integrity event (the newest record): detected.
    env.write_slot_of(log->head_sequence(), std::vector<std::uint8_t>(1024, 0));
    EXPECT_NE(log->verify().message().find("missing"), std::string::npos);
  }
  EXPECT_GT(integrity_seq, 10u);
}

// recover() repairs a running log the way open() does.
TEST(AuditLogTamperEvidence, RecoverRepairsARunningLog) {
  AuditTestEnv env;
  auto log = env.open();
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(log->append(events::time_adjusted("KO")).is_ok());
  auto clean = log->recover();
  ASSERT_TRUE(clean.is_ok());
  EXPECT_TRUE(clean->integrity.is_ok());
  EXPECT_EQ(log->size(), 5u);

  flip(env, detail::slot_offset(detail::slot_of(2)) + detail::kSlotCipherOffset);
  auto report = log->recover();
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  EXPECT_EQ(report->integrity.code(), pipeline::StatusCode::integrity_error);
  EXPECT_EQ(report->records_lost, 1u);
  EXPECT_TRUE(log->verify().is_ok());
  EXPECT_EQ(log->size(), 6u);
}

// A log sealed under another master key (a factory reset made a new one) cannot be read: the
// log restarts and says so.
TEST(AuditLogTamperEvidence, LogUnderAnotherMasterKeyRestarts) {
  AuditTestEnv env;
  {
    auto log = env.open();
    for (int i = 1; i <= 3; ++i) ASSERT_TRUE(log->append(events::time_adjusted("KO")).is_ok());
  }
  ASSERT_TRUE(env.keys().regenerate().is_ok());
  auto log = env.open();
  const auto& report = log->open_report();
  EXPECT_EQ(report.integrity.code(), pipeline::StatusCode::integrity_error);
  EXPECT_NE(report.integrity.message().find("different master key"), std::string::npos)
      << report.integrity.message();
  EXPECT_TRUE(report.restarted);
  EXPECT_TRUE(log->verify().is_ok());
  EXPECT_EQ(log->size(), 1u);
}

}  // namespace
}  // namespace mfp::security::audit
