// The envelope's stored-data duties: objects sealed for a job, opened only by that job,
// tampering detected and audited, and every object released (overwritten) when the job ends.

#include "security/envelope/device_envelope.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/test_security.h"

namespace mfp::security::envelope {
namespace {

using pipeline::JobContext;
using pipeline::JobType;
using pipeline::OwnerTag;
using pipeline::StatusCode;

pipeline::ObjectRef store_bytes(DeviceEnvelope& env, const JobContext& job,
                                const std::string& text) {
  auto w = env.create_object(job, "document");
  EXPECT_TRUE(w.is_ok()) << w.status().to_string();
  EXPECT_TRUE(
      w.value()
          ->write(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()))
          .is_ok());
  auto ref = w.value()->commit();
  EXPECT_TRUE(ref.is_ok()) << ref.status().to_string();
  return ref.value();
}

std::string read_all(pipeline::ObjectReader& r, pipeline::Status& status) {
  std::string out;
  std::uint8_t buf[4096];
  while (true) {
    auto n = r.read(buf);
    if (!n) {
      status = n.status();
      return out;
    }
    if (n.value() == 0) break;
    out.append(reinterpret_cast<const char*>(buf), n.value());
  }
  status = pipeline::Status::ok();
  return out;
}

TEST(DeviceEnvelope, ObjectsOpenOnlyForTheirJob) {
  testing::TestSecurity sec;
  auto& env = sec.envelope();
  JobContext a(OwnerTag{5, 1}, JobType::print, "a", {}, "alice");
  JobContext b(OwnerTag{6, 2}, JobType::print, "b", {}, "bob");
  const auto ref = store_bytes(env, a, std::string(100000, 'x') + "tail");
  EXPECT_EQ(env.live_objects(), 1u);

  auto mine = env.open_object(a, ref);
  ASSERT_TRUE(mine.is_ok()) << mine.status().to_string();
  pipeline::Status st;
  EXPECT_EQ(read_all(*mine.value(), st).size(), 100004u);
  EXPECT_TRUE(st.is_ok());

  auto theirs = env.open_object(b, ref);
  ASSERT_FALSE(theirs.is_ok());
  EXPECT_EQ(theirs.status().code(), StatusCode::permission_denied);
  // The same owner under another job is refused too: the tag is owner and job.
  pipeline::ObjectRef forged = ref;
  forged.owner = b.owner();
  EXPECT_EQ(env.open_object(b, forged).status().code(), StatusCode::permission_denied);
}

TEST(DeviceEnvelope, TamperedObjectIsDetectedAndAudited) {
  testing::TestSecurity sec;
  auto& env = sec.envelope();
  JobContext job(OwnerTag{5, 3}, JobType::print, "t", {}, "alice");
  const auto ref = store_bytes(env, job, std::string(200000, 'y'));
  const auto path = sec.data_dir() / "store" / "objects" / (ref.id + ".obj");
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    ASSERT_TRUE(f.is_open()) << path;
    // Flip the byte's bits: writing a fixed value left it unchanged once in 256 runs.
    char c = 0;
    f.seekg(100000);
    f.read(&c, 1);
    c = static_cast<char>(~c);
    f.seekp(100000);
    f.write(&c, 1);
  }
  auto reader = env.open_object(job, ref);
  pipeline::Status st;
  if (reader) {
    read_all(*reader.value(), st);
  } else {
    st = reader.status();
  }
  EXPECT_EQ(st.code(), StatusCode::integrity_error) << st.to_string();
  const auto events = testing::audit_events(sec.audit(), "Storage");
  bool found = false;
  for (const auto& e : events) {
    if (e.description == "Integrity Check" && e.status == "Failed") found = true;
  }
  EXPECT_TRUE(found) << "integrity failure not audited";
}

TEST(DeviceEnvelope, JobEndReleasesEveryObject) {
  testing::TestSecurity sec;
  auto& env = sec.envelope();
  JobContext job(OwnerTag{5, 4}, JobType::print, "r", {}, "alice");
  const auto r1 = store_bytes(env, job, "first");
  const auto r2 = store_bytes(env, job, "second");
  EXPECT_EQ(env.live_objects(), 2u);
  env.job_finished(job, pipeline::make_error(StatusCode::cancelled, "job cancelled"));
  env.wait_for_releases();
  EXPECT_EQ(env.live_objects(), 0u);
  for (const auto& ref : {r1, r2}) {
    EXPECT_FALSE(std::filesystem::exists(sec.data_dir() / "store" / "objects" / (ref.id + ".obj")));
    EXPECT_FALSE(std::filesystem::exists(sec.data_dir() / "store" / "keys" / (ref.id + ".key")));
  }
  EXPECT_FALSE(sec.device().eraser().pending());
  // Each release is audited, and the job's end too.
  std::size_t overwrites = 0;
  for (const auto& e : testing::audit_events(sec.audit(), "Storage")) {
    if (e.description == "Overwrite Storage" && e.status == "Completed") ++overwrites;
  }
  EXPECT_EQ(overwrites, 2u);
  const auto jobs = testing::audit_events(sec.audit(), "Job Status");
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].status, "Canceled by User");
  // A released object can no longer be opened.
  EXPECT_FALSE(env.open_object(job, r1).is_ok());
}

}  // namespace
}  // namespace mfp::security::envelope
