// Restart and factory reset through the device services: the composition root's hooks run in
// order, the reset answers the new one-time password and leaves no pending certificate
// request's key behind; without a restart hook the device says it cannot restart.

#include "pipeline/device/maintenance_operations.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pipeline/device/device_services.h"
#include "tests/support/certificate_requests.h"
#include "tests/support/device_fixture.h"

namespace mfp::pipeline::device {
namespace {

TEST(MaintenanceOperations, RestartGoesThroughTheHook) {
  testing::DeviceFixture f;
  DeviceServices services(f.core());
  const Caller ko = Caller::local_key_operator();
  EXPECT_EQ(services.maintenance().restart(ko).code(), StatusCode::unsupported);
  int restarts = 0;
  MaintenanceHooks hooks;
  hooks.restart = [&] { ++restarts; };
  services.maintenance().set_hooks(std::move(hooks));
  ASSERT_TRUE(services.maintenance().restart(ko).is_ok());
  EXPECT_EQ(restarts, 1);
  // A general user may not restart the device (nothing runs).
  EXPECT_EQ(services.maintenance().restart({f.alice(), Interface::panel, "panel"}).code(),
            StatusCode::permission_denied);
  EXPECT_EQ(restarts, 1);
}

TEST(MaintenanceOperations, FactoryResetPausesResumesAndForgetsThePendingRequest) {
  testing::DeviceFixture f;
  DeviceServices services(f.core());
  const Caller ko = Caller::local_key_operator();
  std::vector<std::string> calls;
  MaintenanceHooks hooks;
  hooks.pause = [&] { calls.emplace_back("pause"); };
  hooks.resume = [&] { calls.emplace_back("resume"); };
  hooks.stop = [&] { calls.emplace_back("stop"); };
  services.maintenance().set_hooks(std::move(hooks));
  const auto csr = testing::valid_csr_options();
  auto pem = services.certificates().request(ko, csr);
  ASSERT_TRUE(pem.is_ok()) << pem.status().message();

  auto password = services.maintenance().factory_reset(ko);
  ASSERT_TRUE(password.is_ok()) << password.status().message();
  EXPECT_GT(password.value().size(), 0u);
  EXPECT_EQ(calls, (std::vector<std::string>{"pause", "resume"}));
  // The old device's pending key is gone: there is nothing to accept an answer for.
  EXPECT_EQ(services.certificates()
                .accept(ko, std::span<const std::uint8_t>(), security::certs::ImportFormat::x509)
                .code(),
            StatusCode::conflict);
}

}  // namespace
}  // namespace mfp::pipeline::device
