#include "tests/support/test_security.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>

#include "engine_hw/sim/file_nvram.h"

#include "engine_hw/sim/file_nvram.h"
namespace mfp::testing {

std::filesystem::path make_temp_dir(const std::string& prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/" + prefix + "-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
    return {};
  }
  return pattern;
}

TestSecurity::TestSecurity(security::erase::OverwriteMode mode) : root_(make_temp_dir("mfp-sec")) {
  std::filesystem::create_directories(root_ / "nvram");
  auto device = security::DeviceSecurity::open(security_options(data_dir(), nvram_path(), mode));
  if (!device) {
    ADD_FAILURE() << "DeviceSecurity::open: " << device.status().to_string();
    std::abort();
  }
  device_ = std::move(device).value();
}

TestSecurity::~TestSecurity() {
  device_.reset();
  std::error_code ec;
  std::filesystem::remove_all(root_, ec);
}

security::DeviceSecurityOptions security_options(
    const std::filesystem::path& data_dir, const std::filesystem::path& nvram_path,
    std::optional<security::erase::OverwriteMode> overwrite) {
  auto nvram = engine_hw::sim::FileNvram::open_in_private_dir(nvram_path);
  EXPECT_TRUE(nvram.is_ok()) << nvram.status().to_string();
  security::DeviceSecurityOptions o{data_dir, nvram_path, overwrite, nullptr, nullptr};
  if (nvram.is_ok()) o.nvram = std::move(nvram).value();
  return o;
}

std::vector<security::audit::AuditEvent> audit_events(security::audit::AuditLog& log,
                                                      const std::string& name) {
  std::vector<security::audit::AuditEvent> out;
  auto events = log.events();
  EXPECT_TRUE(events.is_ok()) << events.status().to_string();
  if (!events) return out;
  for (auto& e : events.value()) {
    if (e.event.name == name) out.push_back(std::move(e.event));
  }
  return out;
}

}  // namespace mfp::testing
