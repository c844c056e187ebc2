// AuditLog: capacity and overwrite, Log IDs and their wrap, durability, sealing at rest,
// field truncation, the crash-recovery protocol and thread safety.
#include "security/audit/audit_log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "security/audit/audit_catalog.h"
#include "security/audit/audit_events.h"
#include "security/audit/detail/event_codec.h"
#include "security/audit/detail/utf8.h"
#include "tests/unit/security/audit/audit_test_env.h"

namespace mfp::security::audit {
namespace {

using audit_test::AuditTestEnv;

AuditEvent numbered(std::uint64_t i) {
  return events::job_completed(pipeline::JobType::print, "user" + std::to_string(i),
                               events::JobOutcome::completed, "job " + std::to_string(i));
}

std::string item(const AuditEvent& e, std::string_view key) {
  for (const auto& [k, v] : e.items) {
    if (k == key) return v;
  }
  return "<none>";
}

bool contains(const std::vector<std::uint8_t>& hay, std::string_view needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                     [](std::uint8_t a, char b) { return a == static_cast<std::uint8_t>(b); }) !=
         hay.end();
}

std::string utf16le(std::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    out.push_back(c);
    out.push_back('\0');
  }
  return out;
}

void expect_same_event(const AuditEvent& a, const AuditEvent& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.time, b.time);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.user, b.user);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.items, b.items);
}

TEST(AuditLog, CreatesAnEmptyLogThatVerifies) {
  AuditTestEnv env;
  auto log = env.open();
  ASSERT_NE(log, nullptr);
  EXPECT_TRUE(log->open_report().created);
  EXPECT_TRUE(log->open_report().integrity.is_ok());
  EXPECT_EQ(log->size(), 0u);
  EXPECT_TRUE(log->verify().is_ok()) << log->verify().to_string();
  EXPECT_EQ(std::filesystem::file_size(env.file()), detail::kFileBytes);
  EXPECT_EQ((std::filesystem::status(env.file()).permissions() & std::filesystem::perms::all),
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  log.reset();
  auto again = env.open();
  EXPECT_FALSE(again->open_report().created);
  EXPECT_TRUE(again->open_report().integrity.is_ok());
}

TEST(AuditLog, ReopenedLogHasEveryAppendedEvent) {
  AuditTestEnv env;
  std::vector<AuditEvent> written;
  {
    auto log = env.open();
    for (std::uint64_t i = 1; i <= 40; ++i) {
      written.push_back(numbered(i));
      ASSERT_TRUE(log->append(written.back()).is_ok());
    }
    // No close, no flush: destroying the object must not be what makes the events durable.
  }
  auto log = env.open();
  EXPECT_TRUE(log->open_report().integrity.is_ok()) << log->open_report().integrity.to_string();
  auto events = log->events();
  ASSERT_TRUE(events.is_ok());
  ASSERT_EQ(events->size(), written.size());
  for (std::size_t i = 0; i < written.size(); ++i) {
    EXPECT_EQ((*events)[i].sequence, i + 1);
    EXPECT_EQ((*events)[i].log_id, i + 1);
    expect_same_event((*events)[i].event, written[i]);
  }
}

// A copy of the disk and the NVRAM taken the moment append() returns (as a power cut would
// leave them) holds the event: nothing is buffered past append().
TEST(AuditLog, EachAppendIsDurableWhenItReturns) {
  AuditTestEnv env;
  auto log = env.open();
  for (std::uint64_t i = 1; i <= 5; ++i) {
    ASSERT_TRUE(log->append(numbered(i)).is_ok());
    const auto snapshot = env.root() / ("snapshot" + std::to_string(i));
    std::filesystem::create_directories(snapshot / "log");
    std::filesystem::copy_file(env.file(), snapshot / "log" / AuditLog::kFileName);
    std::filesystem::copy_file(env.root() / "nvram.bin", snapshot / "nvram.bin");

    auto nv = engine_hw::sim::FileNvram::open(snapshot / "nvram.bin");
    ASSERT_TRUE(nv.is_ok());
    auto keys = keys::KeyManager::open(**nv, env.drbg());
    ASSERT_TRUE(keys.is_ok());
    auto copy = AuditLog::open(snapshot / "log", **nv, **keys, env.drbg());
    ASSERT_TRUE(copy.is_ok()) << copy.status().to_string();
    EXPECT_TRUE((*copy)->open_report().integrity.is_ok());
    auto events = (*copy)->events();
    ASSERT_TRUE(events.is_ok());
    ASSERT_EQ(events->size(), i);
    EXPECT_EQ(events->back().event.user, "user" + std::to_string(i));
  }
}

TEST(AuditLog, Keeps15000EventsAndOverwritesTheOldest) {
  AuditTestEnv env;
  auto log = env.open();
  const auto start = std::chrono::steady_clock::now();
  constexpr std::uint64_t kTotal = AuditLog::kCapacity + 1;
  for (std::uint64_t i = 1; i <= kTotal; ++i) {
    ASSERT_TRUE(log->append(numbered(i)).is_ok()) << i;
  }
  const auto took = std::chrono::steady_clock::now() - start;
  RecordProperty("append_seconds", std::to_string(std::chrono::duration<double>(took).count()));
  EXPECT_EQ(log->size(), AuditLog::kCapacity);
  EXPECT_EQ(log->head_sequence(), kTotal);
  EXPECT_EQ(log->oldest_sequence(), 2u);
  EXPECT_TRUE(log->verify().is_ok()) << log->verify().to_string();

  auto events = log->events();
  ASSERT_TRUE(events.is_ok());
  ASSERT_EQ(events->size(), AuditLog::kCapacity);
  EXPECT_EQ(events->front().event.user, "user2");  // user1 was overwritten
  EXPECT_EQ(events->back().event.user, "user" + std::to_string(kTotal));
  for (std::size_t i = 0; i < events->size(); ++i) {
    EXPECT_EQ((*events)[i].sequence, i + 2);
    if (i > 0) {
      EXPECT_EQ((*events)[i].log_id % kLogIdModulus, ((*events)[i - 1].log_id + 1) % kLogIdModulus);
    }
  }

  log.reset();
  auto again = env.open();
  EXPECT_TRUE(again->open_report().integrity.is_ok()) << again->open_report().integrity.to_string();
  EXPECT_EQ(again->size(), AuditLog::kCapacity);
  EXPECT_TRUE(again->verify().is_ok());
}

TEST(AuditLog, LogIdWrapsFrom60000To1) {
  AuditTestEnv env;
  auto log = env.open({.first_sequence = 59998, .clock = nullptr});
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(log->append(numbered(i)).is_ok());
  log.reset();
  log = env.open({.first_sequence = 1, .clock = nullptr});  // ignored: the log exists
  auto events = log->events();
  ASSERT_TRUE(events.is_ok());
  std::vector<std::uint16_t> ids;
  for (const auto& e : *events) ids.push_back(e.log_id);
  EXPECT_EQ(ids, (std::vector<std::uint16_t>{59998, 59999, 60000, 1, 2}));
  EXPECT_TRUE(log->verify().is_ok());
}

TEST(AuditLog, LogIdFormula) {
  EXPECT_EQ(log_id_for(1), 1);
  EXPECT_EQ(log_id_for(60000), 60000);
  EXPECT_EQ(log_id_for(60001), 1);
  EXPECT_EQ(log_id_for(120000), 60000);
  EXPECT_EQ(log_id_for(120001), 1);
}

TEST(AuditLog, RejectsAFirstSequenceOfZero) {
  AuditTestEnv env;
  auto log = AuditLog::open(env.dir(), env.nvram(), env.keys(), env.drbg(),
                            {.first_sequence = 0, .clock = nullptr});
  EXPECT_EQ(log.status().code(), pipeline::StatusCode::invalid_argument);
}

TEST(AuditLog, NoPlaintextReachesTheDisk) {
  AuditTestEnv env;
  const std::string user = "MarkerUser7f3a91";
  const std::string job = "MarkerJob-c0ffee-Quarterly.pdf";
  const std::string unicode = "Mürkér-Ünïcødé-5e2d";
  {
    auto log = env.open();
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE(log->append(events::job_completed(pipeline::JobType::copy, user,
                                                    events::JobOutcome::aborted, job))
                      .is_ok());
      ASSERT_TRUE(log->append(events::login_failed(events::LoginInterface::web,
                                                   events::LoginFailure::invalid_password, unicode))
                      .is_ok());
    }
  }
  const auto file = env.read_file();
  const auto nvram = AuditTestEnv::slurp(env.root() / "nvram.bin");
  for (const std::string& marker : {user, job, unicode, std::string("Quarterly")}) {
    EXPECT_FALSE(contains(file, marker)) << marker;
    EXPECT_FALSE(contains(file, utf16le(marker))) << marker;
    EXPECT_FALSE(contains(nvram, marker)) << marker;
  }
  // Not even the fixed strings of the catalog are visible.
  EXPECT_FALSE(contains(file, "Job Status"));
  EXPECT_FALSE(contains(file, "Login/Logout"));
  // And the events are all there once decrypted.
  auto log = env.open();
  auto events = log->events();
  ASSERT_TRUE(events.is_ok());
  ASSERT_EQ(events->size(), 40u);
  EXPECT_EQ((*events)[0].event.user, user);
  EXPECT_EQ(item((*events)[0].event, "Job Name"), job);
  EXPECT_EQ((*events)[1].event.user, unicode);
}

TEST(AuditLog, LongFieldsAreCutOnACharacterBoundaryAndSaySo) {
  AuditTestEnv env;
  auto log = env.open();
  std::string long_name;
  for (int i = 0; i < 3000; ++i) long_name += "é";  // 6000 bytes of two-byte characters
  auto event = events::job_completed(pipeline::JobType::scan, "alice",
                                     events::JobOutcome::completed, long_name);
  for (int i = 0; i < 40; ++i) {
    event.items.emplace_back("Extra " + std::to_string(i), std::string(300, 'x'));
  }
  event.items.emplace_back(std::string("bad \xff\xfe utf8"), "v");
  ASSERT_TRUE(log->append(event).is_ok());
  auto events = log->events();
  ASSERT_TRUE(events.is_ok());
  ASSERT_EQ(events->size(), 1u);
  const AuditEvent& stored = events->front().event;
  EXPECT_EQ(stored.user, "alice");
  EXPECT_EQ(stored.description, "Scan");
  const std::string name = item(stored, "Job Name");
  EXPECT_TRUE(name.ends_with(detail::kTruncationMarker)) << name;
  EXPECT_TRUE(detail::is_valid_utf8(name));
  EXPECT_LT(name.size(), long_name.size());
  EXPECT_TRUE(std::string_view(long_name).starts_with(
      std::string_view(name).substr(0, name.size() - detail::kTruncationMarker.size())));
  EXPECT_LE(stored.items.size(), detail::kMaxItems);
  for (const auto& [k, v] : stored.items) {
    EXPECT_TRUE(detail::is_valid_utf8(k));
    EXPECT_TRUE(detail::is_valid_utf8(v));
  }
}

TEST(AuditLog, GivesLegacyCategoryEventsTheirCatalogId) {
  AuditTestEnv env;
  auto log = env.open();
  AuditEvent e;  // as security/envelope/device_envelope.cc builds it
  e.id = AuditEventId::job_status;
  e.name = "Job Status";
  e.user = "bob";
  e.description = "Fax";
  e.status = "Canceled by User";
  ASSERT_TRUE(log->append(e).is_ok());
  e.description = "Not a job type";
  ASSERT_TRUE(log->append(e).is_ok());
  auto events = log->events();
  ASSERT_TRUE(events.is_ok());
  EXPECT_EQ((*events)[0].event.id, event_id(EventKind::job_fax_canceled));
  EXPECT_EQ((*events)[1].event.id, AuditEventId::job_status);  // kept when nothing matches
}

TEST(AuditLog, EmptyUserIsStoredAsDash) {
  AuditTestEnv env;
  auto log = env.open();
  auto e = events::system_started(events::BootKind::cold);
  e.user.clear();
  ASSERT_TRUE(log->append(e).is_ok());
  auto events = log->events();
  ASSERT_TRUE(events.is_ok());
  EXPECT_EQ(events->front().event.user, "-");
}

TEST(AuditLog, ConcurrentAppendsGetDistinctSequences) {
  AuditTestEnv env;
  auto log = env.open();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) log->record(numbered(static_cast<std::uint64_t>(t * 1000 + i)));
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(log->failed_records(), 0u);
  EXPECT_EQ(log->size(), 200u);
  EXPECT_TRUE(log->verify().is_ok());
  auto events = log->events();
  ASSERT_TRUE(events.is_ok());
  std::vector<std::string> users;
  for (const auto& e : *events) users.push_back(e.event.user);
  std::sort(users.begin(), users.end());
  EXPECT_EQ(std::unique(users.begin(), users.end()), users.end());
}

// ---- the append protocol under failures and power loss ----------------------------------

// Forwards to a real NVRAM, failing writes of the audit-head on demand.
class FlakyNvram final : public engine_hw::Nvram {
 public:
  explicit FlakyNvram(engine_hw::Nvram& inner) : inner_(inner) {}
  int fail_head_writes_after = -1;  // -1: never; n: the (n+1)-th head write from now fails

  pipeline::Result<std::optional<std::vector<std::uint8_t>>> read(
      std::string_view slot) noexcept override {
    return inner_.read(slot);
  }
  pipeline::Status write(std::string_view slot, std::span<const std::uint8_t> b) noexcept override {
    if (slot == AuditLog::kNvramSlot && fail_head_writes_after >= 0) {
      if (fail_head_writes_after-- == 0) {
        return pipeline::make_error(pipeline::StatusCode::io_error, "nvram: injected failure");
      }
    }
    return inner_.write(slot, b);
  }
  pipeline::Status erase(std::string_view slot) noexcept override { return inner_.erase(slot); }

 private:
  engine_hw::Nvram& inner_;
};

TEST(AuditLog, FailedPendingWriteLeavesTheLogUnchangedAndIsReported) {
  AuditTestEnv env;
  FlakyNvram nvram(env.nvram());
  auto opened = AuditLog::open(env.dir(), nvram, env.keys(), env.drbg());
  ASSERT_TRUE(opened.is_ok());
  auto& log = *opened;
  ASSERT_TRUE(log->append(numbered(1)).is_ok());
  nvram.fail_head_writes_after = 0;  // the pending write fails
  log->record(numbered(2));
  EXPECT_EQ(log->failed_records(), 1u);
  EXPECT_EQ(log->last_record_error().code(), pipeline::StatusCode::io_error);
  EXPECT_EQ(log->size(), 1u);
  EXPECT_TRUE(log->verify().is_ok());
  ASSERT_TRUE(log->append(numbered(3)).is_ok());
  EXPECT_EQ(log->size(), 2u);
  EXPECT_TRUE(log->verify().is_ok());
}

TEST(AuditLog, FailedCommitWriteStillKeepsTheEvent) {
  AuditTestEnv env;
  FlakyNvram nvram(env.nvram());
  {
    auto opened = AuditLog::open(env.dir(), nvram, env.keys(), env.drbg());
    ASSERT_TRUE(opened.is_ok());
    auto& log = *opened;
    ASSERT_TRUE(log->append(numbered(1)).is_ok());
    nvram.fail_head_writes_after = 1;  // the pending write succeeds, the commit fails
    ASSERT_TRUE(log->append(numbered(2)).is_ok());
    ASSERT_TRUE(env.head()->pending);
    EXPECT_TRUE(log->verify().is_ok()) << log->verify().to_string();
  }
  auto log = env.open();
  EXPECT_TRUE(log->open_report().pending_committed);
  EXPECT_TRUE(log->open_report().integrity.is_ok());
  EXPECT_EQ(log->size(), 2u);
  EXPECT_FALSE(env.head()->pending);
}

// Power lost after the pending audit-head was written but before the record reached its slot.
TEST(AuditLog, AppendInterruptedBeforeTheWriteIsDropped) {
  AuditTestEnv env;
  {
    auto log = env.open();
    for (int i = 1; i <= 3; ++i) ASSERT_TRUE(log->append(numbered(i)).is_ok());
  }
  auto head = *env.head();
  head.pending = true;
  head.pending_sequence = head.head_sequence + 1;
  head.pending_mac.fill(0x5a);
  env.set_head(head);
  auto log = env.open();
  EXPECT_TRUE(log->open_report().pending_discarded);
  EXPECT_TRUE(log->open_report().integrity.is_ok());
  EXPECT_EQ(log->size(), 3u);
  EXPECT_TRUE(log->verify().is_ok());
}

// Power lost in the middle of writing the slot: the slot is torn.
TEST(AuditLog, AppendTornByPowerLossIsSealedAsLost) {
  AuditTestEnv env;
  {
    auto log = env.open();
    for (int i = 1; i <= 3; ++i) ASSERT_TRUE(log->append(numbered(i)).is_ok());
  }
  auto head = *env.head();
  head.pending = true;
  head.pending_sequence = 4;
  head.pending_mac.fill(0x5a);
  env.set_head(head);
  auto torn = env.read_slot_of(3);  // a record's first half over an empty slot
  std::fill(torn.begin() + 512, torn.end(), std::uint8_t{0});
  env.write_slot_of(4, torn);

  auto log = env.open();
  EXPECT_TRUE(log->open_report().pending_lost);
  EXPECT_TRUE(log->open_report().integrity.is_ok());  // a power loss is not tampering
  EXPECT_EQ(log->open_report().records_lost, 1u);
  EXPECT_TRUE(log->verify().is_ok()) << log->verify().to_string();
  auto events = log->events();
  ASSERT_TRUE(events.is_ok());
  ASSERT_EQ(events->size(), 4u);
  EXPECT_EQ(events->back().event.id, event_id(EventKind::audit_log_record_lost));
  EXPECT_EQ(item(events->back().event, "Reason"), "write interrupted (power loss)");
  ASSERT_TRUE(log->append(numbered(5)).is_ok());
  EXPECT_TRUE(log->verify().is_ok());
}

}  // namespace
}  // namespace mfp::security::audit
