// JobManager through a whole DeviceCore: Receive Control (Private Charge Print held, released
// by its owner, refused to others, deleted on login failure and without user ID, each
// audited), the scheduler (RIP ahead, contiguous pages), cancel at every stage, Job Operation
// Restrictions and Hide Job Details, copies, history, user deletion, and restart recovery.

#include "pipeline/jobs/job_manager.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "pipeline/jobs/job_table.h"
#include "security/audit/audit_catalog.h"
#include "security/settings/setting_keys.h"
#include "tests/support/device_fixture.h"

namespace mfp::pipeline::jobs {
namespace {

namespace settings = security::settings;

using namespace std::chrono_literals;
using security::audit::EventKind;
using testing::DeviceFixture;

std::size_t count_events(DeviceFixture& f, EventKind kind) {
  const auto& row = security::audit::catalog_entry(kind);
  std::size_t n = 0;
  for (const auto& e :
       testing::audit_events(f.core().security().audit(), std::string(row.logged_event))) {
    if (e.description == row.description && e.status == row.status) ++n;
  }
  return n;
}

JobInfo job(DeviceFixture& f, std::uint64_t id) {
  auto info = f.jobs().get(DeviceFixture::key_operator(), id);
  EXPECT_TRUE(info.is_ok()) << info.status().message();
  return info.is_ok() ? info.value() : JobInfo{};
}

// Waits (bounded) until the job reaches `state`.
bool wait_state(DeviceFixture& f, std::uint64_t id, JobState state) {
  for (int i = 0; i < 2000; ++i) {
    if (job(f, id).state == state) return true;
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

TEST(JobManager, SecureReceiveControlHoldsAVerifiedUsersJobUntilTheOwnerReleasesIt) {
  DeviceFixture f;
  auto id = f.jobs().submit(f.request(f.alice(), 2, "quarterly"));
  ASSERT_TRUE(id.is_ok()) << id.status().message();
  EXPECT_EQ(job(f, id.value()).state, JobState::pending_held);
  EXPECT_EQ(job(f, id.value()).reason, JobStateReason::job_hold_until_specified);
  EXPECT_TRUE(job(f, id.value()).private_print);
  EXPECT_EQ(count_events(f, EventKind::private_print_held), 1u);
  EXPECT_EQ(f.stored_objects(), 1u);  // the sealed spool

  // Another general user may not release it; the refusal is audited.
  auto refused = f.jobs().release(f.bob(), id.value());
  EXPECT_EQ(refused.code(), StatusCode::permission_denied);
  EXPECT_EQ(count_events(f, EventKind::job_operation_refused), 1u);
  EXPECT_EQ(job(f, id.value()).state, JobState::pending_held);

  ASSERT_TRUE(f.jobs().release(f.alice(), id.value()).is_ok());
  EXPECT_EQ(count_events(f, EventKind::private_print_released), 1u);
  ASSERT_TRUE(f.jobs().wait_idle(60s));
  const JobInfo done = job(f, id.value());
  EXPECT_EQ(done.state, JobState::completed);
  EXPECT_EQ(done.reason, JobStateReason::job_completed_successfully);
  EXPECT_EQ(done.pages, 2u);
  EXPECT_EQ(f.simulator().output_tray().delivered(), 2u);
  EXPECT_EQ(count_events(f, EventKind::job_print_completed), 1u);
  EXPECT_EQ(f.stored_objects(), 0u);  // spool and pages overwritten
  // Releasing twice is a state conflict, not a reprint.
  EXPECT_EQ(f.jobs().release(f.alice(), id.value()).code(), StatusCode::conflict);
}

TEST(JobManager, AdministratorsMayReleaseAnyonesHeldJob) {
  DeviceFixture f;
  auto id = f.jobs().submit(f.request(f.alice()));
  ASSERT_TRUE(id.is_ok());
  ASSERT_TRUE(f.jobs().release(f.carol(), id.value()).is_ok());
  ASSERT_TRUE(f.jobs().wait_idle(60s));
  EXPECT_EQ(job(f, id.value()).state, JobState::completed);
}

TEST(JobManager, ReceiveControlDeletesJobsWithAFailedLoginOrNoUserId) {
  DeviceFixture f;
  auto failed = f.request(f.alice());
  failed.credential = Credential::failed;
  failed.user_name = "alice";
  auto r1 = f.jobs().submit(std::move(failed));
  EXPECT_EQ(r1.status().code(), StatusCode::permission_denied);
  auto r2 = f.jobs().submit(f.request(security::ownership::Subject::unauthenticated()));
  EXPECT_EQ(r2.status().code(), StatusCode::permission_denied);
  EXPECT_EQ(count_events(f, EventKind::job_print_aborted), 2u);
  EXPECT_TRUE(f.jobs().list(DeviceFixture::key_operator()).value().empty());
  EXPECT_EQ(f.stored_objects(), 0u);
  EXPECT_EQ(f.simulator().output_tray().delivered(), 0u);
}

TEST(JobManager, FactoryReceiveControlPrintsEveryJobAtOnce) {
  DeviceFixture f;
  f.set(settings::kReceiveControl, settings::ReceiveControl::print);
  auto id = f.jobs().submit(f.request(security::ownership::Subject::unauthenticated(), 3));
  ASSERT_TRUE(id.is_ok()) << id.status().message();
  ASSERT_TRUE(f.jobs().wait_idle(60s));
  EXPECT_EQ(job(f, id.value()).state, JobState::completed);
  EXPECT_EQ(job(f, id.value()).owner_id, security::ownership::kUnauthenticatedUserId);
  EXPECT_EQ(f.simulator().output_tray().delivered(), 3u);
}

// Security review finding 1: every unauthenticated caller has the same user id, so a created
// job is bound to the client that created it (address and user name given): another client's
// Send-Document or Close-Job is refused and audited, the creator's works.
TEST(JobManager, AJobCreatedWithoutLoginTakesDocumentsOnlyFromItsClient) {
  DeviceFixture f;
  f.set(settings::kReceiveControl, settings::ReceiveControl::print);
  const auto nobody = security::ownership::Subject::unauthenticated();
  const JobClient alice{"127.0.0.1", "alice"};
  auto created = [&](const JobClient& client) {
    SubmitRequest r = f.request(nobody, 1, client.user_name + "-job");
    r.documents.clear();
    r.client = client;
    return f.jobs().create(std::move(r)).value();
  };
  auto document = [&] {
    SubmitDocument d;
    d.format = "image/pwg-raster";
    d.stream = testing::memory_stream(testing::make_pwg(1, 300, 400, 300));
    return d;
  };
  const std::uint64_t a = created(alice);
  const std::uint64_t b = created(JobClient{"127.0.0.2", "bob"});
  for (const JobClient& other : {JobClient{"127.0.0.3", "mallory"}, JobClient{"127.0.0.2", "alice"},
                                 JobClient{"127.0.0.1", ""}}) {
    EXPECT_EQ(f.jobs().add_document(nobody, other, a, document(), true).code(),
              StatusCode::permission_denied);
    EXPECT_EQ(f.jobs().close(nobody, other, b).code(), StatusCode::permission_denied);
  }
  EXPECT_EQ(count_events(f, EventKind::job_operation_refused), 6u);
  EXPECT_EQ(job(f, a).state, JobState::pending);
  EXPECT_EQ(job(f, b).state, JobState::pending);
  // The creators go on: alice sends and closes in one, bob closes without a document.
  ASSERT_TRUE(f.jobs().add_document(nobody, alice, a, document(), true));
  ASSERT_TRUE(f.jobs().close(nobody, JobClient{"127.0.0.2", "bob"}, b));
  ASSERT_TRUE(f.jobs().wait_idle(60s));
  EXPECT_EQ(job(f, a).state, JobState::completed);
  EXPECT_EQ(job(f, b).state, JobState::aborted);
  // A verified user's created job is bound to the user, whatever the client.
  SubmitRequest r = f.request(f.alice(), 1, "verified");
  r.documents.clear();
  r.client = alice;
  const std::uint64_t v = f.jobs().create(std::move(r)).value();
  EXPECT_EQ(f.jobs().close(nobody, alice, v).code(), StatusCode::permission_denied);
  EXPECT_TRUE(f.jobs().close(f.alice(), JobClient{"10.9.9.9", "x"}, v));
}

// IPP job-hold-until "indefinite": a job that would print is held until released, and is not
// a Private Charge Print job (IPP Release-Job may release it).
TEST(JobManager, HoldUntilReleasedHoldsAJobThatWouldPrint) {
  DeviceFixture f;
  f.set(settings::kReceiveControl, settings::ReceiveControl::print);
  SubmitRequest r = f.request(f.alice(), 1, "later");
  r.hold_until_released = true;
  auto id = f.jobs().submit(std::move(r));
  ASSERT_TRUE(id.is_ok()) << id.status().message();
  EXPECT_EQ(job(f, id.value()).state, JobState::pending_held);
  EXPECT_EQ(job(f, id.value()).reason, JobStateReason::job_hold_until_specified);
  EXPECT_FALSE(job(f, id.value()).private_print);
  EXPECT_EQ(f.jobs().release(f.bob(), id.value()).code(), StatusCode::permission_denied);
  ASSERT_TRUE(f.jobs().release(f.alice(), id.value()));
  ASSERT_TRUE(f.jobs().wait_idle(60s));
  EXPECT_EQ(job(f, id.value()).state, JobState::completed);
}

TEST(JobManager, BadSubmissionsKeepNothing) {
  DeviceFixture f;
  auto none = f.request(f.alice());
  none.documents.clear();
  EXPECT_EQ(f.jobs().submit(std::move(none)).status().code(), StatusCode::invalid_argument);
  auto copies = f.request(f.alice());
  copies.copies = 0;
  EXPECT_EQ(f.jobs().submit(std::move(copies)).status().code(), StatusCode::invalid_argument);
  auto junk = f.request(f.alice());
  junk.documents[0].format.clear();
  junk.documents[0].stream = testing::memory_stream(std::vector<std::uint8_t>(100, 'x'));
  EXPECT_EQ(f.jobs().submit(std::move(junk)).status().code(), StatusCode::unsupported);
  auto empty = f.request(f.alice());
  empty.documents[0].stream = testing::memory_stream({});
  EXPECT_EQ(f.jobs().submit(std::move(empty)).status().code(), StatusCode::invalid_argument);
  EXPECT_TRUE(f.jobs().list(DeviceFixture::key_operator()).value().empty());
  EXPECT_EQ(f.stored_objects(), 0u);
}

TEST(JobManager, MalformedDocumentAbortsTheJobWithAFormatReason) {
  DeviceFixture f;
  f.set(settings::kReceiveControl, settings::ReceiveControl::print);
  auto r = f.request(security::ownership::Subject::unauthenticated());
  auto bytes = testing::make_pwg(2, 300, 400, 300);
  bytes.resize(bytes.size() / 2);  // truncated inside page 1's data
  r.documents[0].stream = testing::memory_stream(std::move(bytes));
  auto id = f.jobs().submit(std::move(r));
  ASSERT_TRUE(id.is_ok());
  ASSERT_TRUE(f.jobs().wait_idle(60s));
  const JobInfo j = job(f, id.value());
  EXPECT_EQ(j.state, JobState::aborted);
  EXPECT_EQ(j.reason, JobStateReason::document_format_error);
  EXPECT_FALSE(j.message.empty());
  EXPECT_EQ(f.stored_objects(), 0u);
}

TEST(JobManager, RendersTheNextJobWhileTheEnginePrintsAndKeepsPagesContiguous) {
  DeviceFixture f;
  f.set(settings::kReceiveControl, settings::ReceiveControl::print);
  f.simulator().empty_all_trays();  // the engine stops: pages wait in the page store
  const auto nobody = security::ownership::Subject::unauthenticated();
  auto a = f.jobs().submit(f.request(nobody, 2, "a"));
  auto b = f.jobs().submit(f.request(nobody, 1, "b"));
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  // Job a waits for paper with its pages stored; job b is rendered meanwhile (RIP ahead).
  ASSERT_TRUE(wait_state(f, b.value(), JobState::processing_stopped));
  EXPECT_EQ(job(f, a.value()).state, JobState::processing_stopped);
  EXPECT_EQ(job(f, a.value()).reason, JobStateReason::printer_stopped);
  ASSERT_TRUE(f.simulator().fill_tray("tray-1").is_ok());
  for (const auto& t : f.simulator().trays()) (void)f.simulator().fill_tray(t.id);
  ASSERT_TRUE(f.jobs().wait_idle(60s));
  EXPECT_EQ(job(f, a.value()).state, JobState::completed);
  EXPECT_EQ(job(f, b.value()).state, JobState::completed);
  const auto pages = f.simulator().output_tray().records();
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[0].owner.job_id, a.value());
  EXPECT_EQ(pages[1].owner.job_id, a.value());
  EXPECT_EQ(pages[2].owner.job_id, b.value());
}

// A job's copies are all queued before the next job is rendered: another job's page never
// comes between them, even while the engine waits for paper.
TEST(JobManager, CopiesStayTogetherAheadOfTheNextJob) {
  DeviceFixture f;
  f.set(settings::kReceiveControl, settings::ReceiveControl::print);
  f.simulator().empty_all_trays();
  const auto nobody = security::ownership::Subject::unauthenticated();
  auto request = f.request(nobody, 2, "a");
  request.copies = 3;
  auto a = f.jobs().submit(std::move(request));
  auto b = f.jobs().submit(f.request(nobody, 1, "b"));
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  ASSERT_TRUE(wait_state(f, a.value(), JobState::processing_stopped));
  std::this_thread::sleep_for(100ms);  // room for b to start, were it allowed to
  for (const auto& t : f.simulator().trays()) (void)f.simulator().fill_tray(t.id);
  ASSERT_TRUE(f.jobs().wait_idle(60s));
  EXPECT_EQ(job(f, a.value()).state, JobState::completed);
  EXPECT_EQ(job(f, a.value()).pages, 6u);
  EXPECT_EQ(job(f, b.value()).state, JobState::completed);
  const auto pages = f.simulator().output_tray().records();
  ASSERT_EQ(pages.size(), 7u);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(pages[i].owner.job_id, a.value()) << i;
    EXPECT_EQ(pages[i].geometry.copy, i / 2) << i;
  }
  EXPECT_EQ(pages[6].owner.job_id, b.value());
}

TEST(JobManager, CancelWorksHeldQueuedAndProcessing) {
  DeviceFixture f;
  // Held: cancelled by its owner, the spool overwritten.
  auto held = f.jobs().submit(f.request(f.alice()));
  ASSERT_TRUE(held.is_ok());
  EXPECT_EQ(f.jobs().cancel(f.bob(), held.value()).code(), StatusCode::permission_denied);
  ASSERT_TRUE(f.jobs().cancel(f.alice(), held.value()).is_ok());
  EXPECT_EQ(job(f, held.value()).state, JobState::canceled);
  EXPECT_EQ(job(f, held.value()).reason, JobStateReason::job_canceled_by_user);
  EXPECT_EQ(f.jobs().cancel(f.alice(), held.value()).code(), StatusCode::conflict);
  EXPECT_EQ(f.stored_objects(), 0u);

  // Processing (the engine stopped) and queued behind it: both cancelled by an administrator.
  f.set(settings::kReceiveControl, settings::ReceiveControl::print);
  f.simulator().empty_all_trays();
  const auto nobody = security::ownership::Subject::unauthenticated();
  auto p = f.jobs().submit(f.request(nobody, 2));
  ASSERT_TRUE(p.is_ok());
  ASSERT_TRUE(wait_state(f, p.value(), JobState::processing_stopped));
  ASSERT_TRUE(f.jobs().cancel(f.carol(), p.value()).is_ok());
  ASSERT_TRUE(f.jobs().wait_idle(60s));
  EXPECT_EQ(job(f, p.value()).state, JobState::canceled);
  EXPECT_EQ(job(f, p.value()).reason, JobStateReason::job_canceled_by_operator);
  EXPECT_EQ(f.simulator().output_tray().delivered(), 0u);
  EXPECT_EQ(f.stored_objects(), 0u);
  EXPECT_EQ(count_events(f, EventKind::job_print_canceled), 2u);
}

TEST(JobManager, JobOperationRestrictionsDecideWhoCancelsOthersJobs) {
  DeviceFixture f;
  auto id = f.jobs().submit(f.request(f.alice()));
  ASSERT_TRUE(id.is_ok());
  // Secure value: job owner and administrators only.
  EXPECT_EQ(f.jobs().cancel(f.bob(), id.value()).code(), StatusCode::permission_denied);
  f.set(settings::kJobOperationRestrictions, settings::JobOperationRestrictions::anyone);
  EXPECT_TRUE(f.jobs().cancel(f.bob(), id.value()).is_ok());
  // Even then an unauthenticated caller may not.
  auto id2 = f.jobs().submit(f.request(f.alice()));
  ASSERT_TRUE(id2.is_ok());
  EXPECT_EQ(f.jobs().cancel(security::ownership::Subject::unauthenticated(), id2.value()).code(),
            StatusCode::permission_denied);
}

TEST(JobManager, HideJobDetailsBlanksOtherUsersJobs) {
  DeviceFixture f;
  auto id = f.jobs().submit(f.request(f.alice(), 1, "salaries-2026"));
  ASSERT_TRUE(id.is_ok());
  auto bobs = f.jobs().list(f.bob()).value();
  ASSERT_EQ(bobs.size(), 1u);
  EXPECT_TRUE(bobs[0].details_hidden);
  EXPECT_TRUE(bobs[0].name.empty());
  EXPECT_TRUE(bobs[0].owner_name.empty());
  EXPECT_EQ(bobs[0].state, JobState::pending_held);
  const auto own = f.jobs().get(f.alice(), id.value()).value();
  EXPECT_FALSE(own.details_hidden);
  EXPECT_EQ(own.name, "salaries-2026");
  EXPECT_EQ(f.jobs().get(DeviceFixture::key_operator(), id.value()).value().name, "salaries-2026");
  EXPECT_EQ(f.jobs().list(security::ownership::Subject::unauthenticated()).status().code(),
            StatusCode::permission_denied);
  f.set(settings::kHideJobDetails, false);
  EXPECT_EQ(f.jobs().list(f.bob()).value()[0].name, "salaries-2026");
}

// list_page(): newest first, the active jobs or the history, offset and limit over the jobs
// whose details the caller sees; those Hide Job Details withholds are counted only.
TEST(JobManager, ListPageGivesOnePageNewestFirstAndCountsHiddenJobs) {
  DeviceFixture f;
  std::vector<std::uint64_t> alices;
  for (int i = 0; i < 5; ++i) {
    alices.push_back(f.jobs().submit(f.request(f.alice(), 1, "a" + std::to_string(i))).value());
    ASSERT_TRUE(f.jobs().submit(f.request(f.bob(), 1, "b" + std::to_string(i))).is_ok());
  }
  auto page = f.jobs().list_page(f.alice(), {.finished = false, .offset = 1, .limit = 2}).value();
  EXPECT_EQ(page.total, 5u);
  EXPECT_EQ(page.hidden, 5u);
  ASSERT_EQ(page.jobs.size(), 2u);
  EXPECT_EQ(page.jobs[0].id, alices[3]);
  EXPECT_EQ(page.jobs[1].id, alices[2]);
  EXPECT_EQ(page.jobs[0].name, "a3");
  // The history is empty; the administrator sees all ten.
  EXPECT_EQ(f.jobs().list_page(f.alice(), {.finished = true}).value().total, 0u);
  auto all = f.jobs().list_page(f.carol(), {.finished = false, .offset = 0, .limit = 50}).value();
  EXPECT_EQ(all.total, 10u);
  EXPECT_EQ(all.hidden, 0u);
  EXPECT_EQ(all.jobs.size(), 10u);
  ASSERT_TRUE(f.jobs().cancel(f.alice(), alices[0]).is_ok());
  EXPECT_EQ(f.jobs().list_page(f.alice(), {.finished = true}).value().jobs.at(0).id, alices[0]);
  // Beyond the end: an empty page with the total.
  EXPECT_TRUE(f.jobs().list_page(f.alice(), {.finished = false, .offset = 9}).value().jobs.empty());
  EXPECT_EQ(f.jobs().list_page(security::ownership::Subject::unauthenticated(), {}).status().code(),
            StatusCode::permission_denied);
}

TEST(JobManager, OwnerChangesCopiesOfAHeldJob) {
  DeviceFixture f;
  auto id = f.jobs().submit(f.request(f.alice(), 2));
  ASSERT_TRUE(id.is_ok());
  EXPECT_EQ(f.jobs().set_copies(f.bob(), id.value(), 3).code(), StatusCode::permission_denied);
  EXPECT_EQ(f.jobs().set_copies(f.alice(), id.value(), 0).code(), StatusCode::invalid_argument);
  ASSERT_TRUE(f.jobs().set_copies(f.alice(), id.value(), 3).is_ok());
  ASSERT_TRUE(f.jobs().release(f.alice(), id.value()).is_ok());
  ASSERT_TRUE(f.jobs().wait_idle(60s));
  EXPECT_EQ(job(f, id.value()).pages, 6u);
  EXPECT_EQ(f.simulator().output_tray().delivered(), 6u);
}

TEST(JobManager, HistoryIsBoundedByCount) {
  DeviceFixture f;
  JobManagerOptions o;
  o.history_count = 2;
  f.reopen(o);
  f.set(settings::kReceiveControl, settings::ReceiveControl::print);
  const auto nobody = security::ownership::Subject::unauthenticated();
  std::vector<std::uint64_t> ids;
  for (int i = 0; i < 3; ++i) {
    auto id = f.jobs().submit(f.request(nobody));
    ASSERT_TRUE(id.is_ok());
    ids.push_back(id.value());
    ASSERT_TRUE(f.jobs().wait_idle(60s));
  }
  const auto all = f.jobs().list(DeviceFixture::key_operator()).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, ids[1]);
  EXPECT_EQ(all[1].id, ids[2]);
  EXPECT_EQ(f.jobs().get(DeviceFixture::key_operator(), ids[0]).status().code(),
            StatusCode::not_found);
}

TEST(JobManager, DeletingAUserDeletesTheirPrivatePrintJobs) {
  DeviceFixture f;
  auto id = f.jobs().submit(f.request(f.alice()));
  ASSERT_TRUE(id.is_ok());
  auto bobs = f.jobs().submit(f.request(f.bob()));
  ASSERT_TRUE(bobs.is_ok());
  ASSERT_TRUE(f.core().delete_user(DeviceFixture::key_operator(), f.alice_id()).is_ok());
  EXPECT_EQ(f.jobs().get(DeviceFixture::key_operator(), id.value()).status().code(),
            StatusCode::not_found);
  EXPECT_EQ(f.stored_objects(), 1u);  // bob's spool only
}

TEST(JobManager, HeldJobsAndTheirIdsSurviveARestart) {
  DeviceFixture f;
  auto id = f.jobs().submit(f.request(f.alice(), 1, "kept"));
  ASSERT_TRUE(id.is_ok());
  f.reopen();
  const JobInfo j = job(f, id.value());
  EXPECT_EQ(j.state, JobState::pending_held);
  EXPECT_EQ(j.name, "kept");
  EXPECT_EQ(f.core().orphans_released(), 0u);
  ASSERT_TRUE(f.jobs().release(f.alice(), id.value()).is_ok());
  ASSERT_TRUE(f.jobs().wait_idle(60s));
  EXPECT_EQ(job(f, id.value()).state, JobState::completed);
  // Ids are never reused across restarts.
  auto next = f.jobs().submit(f.request(f.alice()));
  ASSERT_TRUE(next.is_ok());
  EXPECT_GT(next.value(), id.value());
}

TEST(JobManager, AJobProcessingWhenThePowerFailedIsAbortedAndOverwrittenAtTheNextStart) {
  DeviceFixture f;
  f.close();
  // What a power loss leaves: a record that says processing, its sealed spool, and a page
  // object nobody references any more.
  {
    auto sec = security::DeviceSecurity::open(
        testing::security_options(f.data_dir(), f.root() / "nvram" / "nvram.bin"));
    ASSERT_TRUE(sec.is_ok()) << sec.status().message();
    auto table = JobTable::open(sec.value()->database());
    ASSERT_TRUE(table.is_ok());
    const std::uint64_t id = table.value()->next_id().value();
    JobContext ctx(OwnerTag{0, id}, JobType::print, "lost", {}, "-");
    auto write = [&](std::string_view kind, Persistence p) {
      auto w = sec.value()->envelope().create_object(ctx, kind, p);
      EXPECT_TRUE(w.is_ok());
      const std::vector<std::uint8_t> body(5000, 0x5a);
      EXPECT_TRUE(w.value()->write(body).is_ok());
      return w.value()->commit().value();
    };
    const auto doc = write("document", Persistence::durable);
    (void)write("page", Persistence::transient);
    JobRecord r;
    r.id = id;
    r.state = JobState::processing;
    r.reason = JobStateReason::job_printing;
    r.owner_name = "-";
    r.name = "lost";
    r.documents.push_back({doc.id, "image/pwg-raster", "", doc.size});
    ASSERT_TRUE(table.value()->put(r).is_ok());
    ASSERT_EQ(sec.value()->store().list().value().size(), 2u);
    // The device dies here: no job end, nothing released.
  }
  f.reopen();
  const auto all = f.jobs().list(DeviceFixture::key_operator()).value();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].state, JobState::aborted);
  EXPECT_EQ(all[0].reason, JobStateReason::aborted_by_system);
  EXPECT_EQ(f.core().orphans_released(), 1u);  // the page
  EXPECT_EQ(f.stored_objects(), 0u);
  EXPECT_EQ(count_events(f, EventKind::job_print_aborted), 1u);
}

TEST(JobManager, ShutdownAbortsProcessingJobsAndKeepsQueuedOnes) {
  DeviceFixture f;
  f.set(settings::kReceiveControl, settings::ReceiveControl::print);
  f.simulator().empty_all_trays();
  const auto nobody = security::ownership::Subject::unauthenticated();
  auto a = f.jobs().submit(f.request(nobody, 6));  // more pages than the page store holds
  ASSERT_TRUE(a.is_ok());
  ASSERT_TRUE(wait_state(f, a.value(), JobState::processing_stopped));
  auto b = f.jobs().submit(f.request(nobody));
  ASSERT_TRUE(b.is_ok());
  const auto start = std::chrono::steady_clock::now();
  f.reopen();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  EXPECT_EQ(job(f, a.value()).state, JobState::aborted);
  // The queued job prints after the restart once there is paper.
  for (const auto& t : f.simulator().trays()) (void)f.simulator().fill_tray(t.id);
  ASSERT_TRUE(f.jobs().wait_idle(60s));
  EXPECT_EQ(job(f, b.value()).state, JobState::completed);
}

}  // namespace
}  // namespace mfp::pipeline::jobs
