#pragma once
// Durable POSIX file helpers shared by the eraser and the sealed store: open without following
// symbolic links, write/read whole spans across short transfers and EINTR, fsync files and
// directories. Every failure is a Status (io_error; resource_exhausted when the disk is full;
// not_found when the file is absent; conflict when it already exists) whose message names the
// operation and `what` (callers pass non-secret descriptions: random object paths, never user data)
// and the OS reason.

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>

#include "pipeline/status.h"
#include "security/erase/unique_fd.h"

namespace mfp::security::erase {

// The Status for a failed system call: "<op> <what>: <strerror(err)>".
[[nodiscard]] pipeline::Status errno_status(int err, std::string_view op, std::string_view what);

// open(2) with O_CLOEXEC | O_NOFOLLOW added to `flags`; new files get `mode`.
[[nodiscard]] pipeline::Result<UniqueFd> open_file(const std::filesystem::path& path, int flags,
                                                   mode_t mode = 0600) noexcept;
// Writes all of `bytes` at the file offset.
[[nodiscard]] pipeline::Status write_all(int fd, std::span<const std::uint8_t> bytes,
                                         std::string_view what) noexcept;
// Writes all of `bytes` at `offset` (the file offset is unchanged).
[[nodiscard]] pipeline::Status pwrite_all(int fd, std::span<const std::uint8_t> bytes, off_t offset,
                                          std::string_view what) noexcept;
// Reads until `out` is full or end of file; returns the number of bytes read.
[[nodiscard]] pipeline::Result<std::size_t> read_full(int fd, std::span<std::uint8_t> out,
                                                      std::string_view what) noexcept;
// fsync(2).
[[nodiscard]] pipeline::Status sync_file(int fd, std::string_view what) noexcept;
// Opens `dir` and fsyncs it, so a create, rename or unlink in it is durable.
[[nodiscard]] pipeline::Status sync_directory(const std::filesystem::path& dir) noexcept;
// Creates `dir` (mode 0700) unless it exists; conflict when it exists but is not a directory
// (a symbolic link is not accepted).
[[nodiscard]] pipeline::Status ensure_directory(const std::filesystem::path& dir) noexcept;

}  // namespace mfp::security::erase
