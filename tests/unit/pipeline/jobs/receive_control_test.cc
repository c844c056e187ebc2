// Receive Control as a table: every combination of its four settings and the three kinds of
// credential, without a device.

#include "pipeline/jobs/receive_control.h"

#include <gtest/gtest.h>

namespace mfp::pipeline::jobs {
namespace {

using security::settings::JobLoginSuccess;
using security::settings::JobRule;
using security::settings::ReceiveControl;

struct Row {
  ReceiveControl control;
  JobLoginSuccess success;
  JobRule failure;
  JobRule without;
  Credential credential;
  Reception expected;
  std::string_view reason;
};

constexpr auto P = ReceiveControl::print;
constexpr auto A = ReceiveControl::according_to_print_accounting;
constexpr auto SP = JobLoginSuccess::print;
constexpr auto SH = JobLoginSuccess::save_as_private_charge_print;
constexpr auto RP = JobRule::print;
constexpr auto RD = JobRule::delete_job;
constexpr std::string_view kFailure = "Receive Control: job login failure";
constexpr std::string_view kNoUser = "Receive Control: job without user ID";

TEST(ReceiveControlTest, Table) {
  const Row rows[] = {
      // "Print": everything prints, whatever the sub-settings say.
      {P, SH, RD, RD, Credential::verified, Reception::print, {}},
      {P, SH, RD, RD, Credential::failed, Reception::print, {}},
      {P, SH, RD, RD, Credential::none, Reception::print, {}},
      // By print accounting: a verified login is held or printed per Job Login Success.
      {A, SH, RD, RD, Credential::verified, Reception::hold, {}},
      {A, SP, RD, RD, Credential::verified, Reception::print, {}},
      // A failed login per Job Login Failure, whatever Job Without User ID says.
      {A, SH, RD, RP, Credential::failed, Reception::delete_, kFailure},
      {A, SH, RP, RD, Credential::failed, Reception::print, {}},
      // No user ID per Job Without User ID.
      {A, SH, RP, RD, Credential::none, Reception::delete_, kNoUser},
      {A, SH, RD, RP, Credential::none, Reception::print, {}},
  };
  for (const Row& r : rows) {
    const ReceiveDecision d = receive_control(
        ReceiveControlSettings{r.control, r.success, r.failure, r.without}, r.credential);
    EXPECT_EQ(d.reception, r.expected) << static_cast<int>(&r - rows);
    EXPECT_EQ(d.reason, r.reason) << static_cast<int>(&r - rows);
  }
}

}  // namespace
}  // namespace mfp::pipeline::jobs
