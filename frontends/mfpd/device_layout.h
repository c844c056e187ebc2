#pragma once
// DeviceLayout: where mfpd keeps things under its --data-dir: the data store (everything
// sealed, the encrypted database, the audit log), the simulated NVRAM chip apart from it, the
// local maintenance socket and the first-start password file. mfpctl finds the socket the same
// way.

#include <filesystem>

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

}  // namespace mfp::frontends::mfpd
