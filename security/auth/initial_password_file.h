#pragma once
// The Key Operator's one-time password file: written (0600) when the device makes a one-time
// password (first start, factory reset) so the operator of a headless device can read it
// once, and overwritten and removed as soon as the Key Operator has chosen a password (then it
// opens nothing, but it is still a secret of the past and user data must not outlive its use).

#include <cstdint>
#include <filesystem>
#include <span>

#include "pipeline/status.h"

namespace mfp::security::auth {

// Writes `password` and a newline to `path`, mode 0600, replacing the file atomically (a
// temporary file, fsync, rename; O_NOFOLLOW). io_error when it cannot (nothing is left).
[[nodiscard]] pipeline::Status write_initial_password_file(const std::filesystem::path& path,
                                                           std::span<const std::uint8_t> password);

// Overwrites the file's bytes with zeros (fsync'd) and unlinks it; a symlink in its place is
// unlinked without following it. Returns true when something was there and is gone; false when
// there was nothing. Never throws.
bool spend_initial_password_file(const std::filesystem::path& path) noexcept;

}  // namespace mfp::security::auth
