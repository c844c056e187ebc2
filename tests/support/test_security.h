#pragma once
// TestSecurity: a device's security services in a private temporary directory (data dir and a
// separate NVRAM file), removed when the object dies. Test code only.

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "security/audit/audit_event.h"
#include "security/audit/audit_log.h"
#include "security/device_security.h"

namespace mfp::testing {

class TestSecurity {
 public:
  explicit TestSecurity(
      security::erase::OverwriteMode mode = security::erase::OverwriteMode::one_pass);
  ~TestSecurity();
  TestSecurity(const TestSecurity&) = delete;
  TestSecurity& operator=(const TestSecurity&) = delete;

  [[nodiscard]] security::DeviceSecurity& device() { return *device_; }
  [[nodiscard]] security::envelope::DeviceEnvelope& envelope() { return device_->envelope(); }
  [[nodiscard]] security::audit::AuditLog& audit() { return device_->audit(); }
  [[nodiscard]] const std::filesystem::path& root() const { return root_; }
  [[nodiscard]] std::filesystem::path data_dir() const { return root_ / "data"; }
  [[nodiscard]] std::filesystem::path nvram_path() const { return root_ / "nvram" / "nvram.bin"; }

 private:
  std::filesystem::path root_;
  std::unique_ptr<security::DeviceSecurity> device_;
};

// The audit log's events named `name` ("Job Status", "Storage"), oldest first.
std::vector<security::audit::AuditEvent> audit_events(security::audit::AuditLog& log,
                                                      const std::string& name);

// The DeviceSecurity options of a device in `data_dir` with its NVRAM file at `nvram_path`
// (opened here, its directory made), as mfpd composes them.
security::DeviceSecurityOptions security_options(
    const std::filesystem::path& data_dir, const std::filesystem::path& nvram_path,
    std::optional<security::erase::OverwriteMode> overwrite = std::nullopt);

// Makes a fresh temporary directory (removed by the caller).
std::filesystem::path make_temp_dir(const std::string& prefix);

}  // namespace mfp::testing
