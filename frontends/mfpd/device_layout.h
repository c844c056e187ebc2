#pragma once
// DeviceLayout: where mfpd keeps things under its --data-dir: the data store (everything
// sealed, the encrypted database, the audit log), the simulated NVRAM chip apart from it, the
// local maintenance socket and the first-start password file. mfpctl finds the socket the same
// way.

#include <filesystem>
#include <span>

#include "pipeline/status.h"

namespace mfp::frontends::mfpd {

struct DeviceLayout {
  std::filesystem::path root;

  [[nodiscard]] std::filesystem::path data() const { return root / "data"; }
  [[nodiscard]] std::filesystem::path nvram() const { return root / "nvram" / "nvram.bin"; }
  [[nodiscard]] std::filesystem::path socket() const { return root / "mfpd.sock"; }
  [[nodiscard]] std::filesystem::path password_file() const {
    return root / "first-start-password";
  }
};

// Writes the Key Operator's one-time password to `path`, mode 0600, replacing the file
// atomically. io_error when it cannot.
[[nodiscard]] pipeline::Status write_password_file(const std::filesystem::path& path,
                                                   std::span<const std::uint8_t> password);
// Overwrites and removes the password file once the password has been changed (it no longer
// opens anything, but is still a secret of the past).
void remove_password_file(const std::filesystem::path& path) noexcept;

}  // namespace mfp::frontends::mfpd
