#include "security/erase/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace mfp::security::erase {

using pipeline::Status;
using pipeline::StatusCode;

Status errno_status(int err, std::string_view op, std::string_view what) {
  StatusCode code = StatusCode::io_error;
  if (err == ENOSPC || err == EDQUOT) code = StatusCode::resource_exhausted;
  if (err == ENOENT) code = StatusCode::not_found;
  if (err == EEXIST) code = StatusCode::conflict;
  std::string msg(op);
  msg += ' ';
  msg += what;
  msg += ": ";
  char buf[128];
  msg += ::strerror_r(err, buf, sizeof buf);  // GNU strerror_r returns the text
  return Status(code, std::move(msg));
}

pipeline::Result<UniqueFd> open_file(const std::filesystem::path& path, int flags,
                                     mode_t mode) noexcept {
  int fd;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC | O_NOFOLLOW, mode);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return errno_status(errno, "open", path.filename().native());
  return UniqueFd(fd);
}

Status write_all(int fd, std::span<const std::uint8_t> bytes, std::string_view what) noexcept {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_status(errno, "write", what);
    }
    bytes = bytes.subspan(static_cast<std::size_t>(n));
  }
  return Status::ok();
}

Status pwrite_all(int fd, std::span<const std::uint8_t> bytes, off_t offset,
                  std::string_view what) noexcept {
  while (!bytes.empty()) {
    const ssize_t n = ::pwrite(fd, bytes.data(), bytes.size(), offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_status(errno, "write", what);
    }
    bytes = bytes.subspan(static_cast<std::size_t>(n));
    offset += n;
  }
  return Status::ok();
}

pipeline::Result<std::size_t> read_full(int fd, std::span<std::uint8_t> out,
                                        std::string_view what) noexcept {
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_status(errno, "read", what);
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  return done;
}

Status sync_file(int fd, std::string_view what) noexcept {
  if (::fsync(fd) != 0) return errno_status(errno, "fsync", what);
  return Status::ok();
}

Status sync_directory(const std::filesystem::path& dir) noexcept {
  auto fd = open_file(dir, O_RDONLY | O_DIRECTORY);
  if (!fd) return fd.status();
  return sync_file(fd->get(), "directory");
}

Status ensure_directory(const std::filesystem::path& dir) noexcept {
  if (::mkdir(dir.c_str(), 0700) == 0) return Status::ok();
  if (errno != EEXIST) return errno_status(errno, "mkdir", dir.filename().native());
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) return errno_status(errno, "stat", dir.filename().native());
  if (!S_ISDIR(st.st_mode)) {
    return Status(StatusCode::conflict, "not a directory: " + dir.filename().native());
  }
  return Status::ok();
}

}  // namespace mfp::security::erase
