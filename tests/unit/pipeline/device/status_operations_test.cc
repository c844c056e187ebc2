// The device's status counts every unfinished job, held apart from the rest, whoever asks.

#include "pipeline/device/status_operations.h"

#include <gtest/gtest.h>

#include "pipeline/device/device_services.h"
#include "tests/support/device_fixture.h"

namespace mfp::pipeline::device {
namespace {

TEST(StatusOperations, CountsEveryUnfinishedJobWhoeverAsks) {
  testing::DeviceFixture f;
  DeviceServices services(f.core());
  // Private Charge Print (the secure configuration) holds both for their owners.
  ASSERT_TRUE(f.jobs().submit(f.request(f.alice())).is_ok());
  ASSERT_TRUE(f.jobs().submit(f.request(f.bob())).is_ok());
  auto status = services.status().status({f.alice(), Interface::panel, "panel"});
  ASSERT_TRUE(status.is_ok()) << status.status().message();
  EXPECT_EQ(status.value().jobs_held, 2u);  // bob's too, though alice may not see it
  EXPECT_EQ(status.value().jobs_active, 0u);
  EXPECT_EQ(status.value().model.name, "C7070");
  EXPECT_FALSE(status.value().software_version.empty());
  EXPECT_EQ(
      services.status()
          .status({security::ownership::Subject::unauthenticated(), Interface::panel, "panel"})
          .status()
          .code(),
      StatusCode::permission_denied);
}

}  // namespace
}  // namespace mfp::pipeline::device
