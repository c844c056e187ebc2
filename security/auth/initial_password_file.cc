#include "security/auth/initial_password_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <string>

namespace mfp::security::auth {

using pipeline::make_error;
using pipeline::StatusCode;

pipeline::Status write_initial_password_file(const std::filesystem::path& path,
                                             std::span<const std::uint8_t> password) {
  const std::string tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return make_error(StatusCode::io_error, "cannot write the first-start password file");
  bool good = ::fchmod(fd, 0600) == 0;
  std::size_t done = 0;
  while (good && done < password.size()) {
    const ssize_t n = ::write(fd, password.data() + done, password.size() - done);
    if (n <= 0) {
      good = false;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  good = good && ::write(fd, "\n", 1) == 1 && ::fsync(fd) == 0;
  good = (::close(fd) == 0) && good;
  if (!good || std::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return make_error(StatusCode::io_error, "cannot write the first-start password file");
  }
  return pipeline::Status::ok();
}

bool spend_initial_password_file(const std::filesystem::path& path) noexcept {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  // Not a regular file we can open (a symlink planted in its place): removed all the same.
  if (fd < 0) return ::unlink(path.c_str()) == 0;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    std::array<char, 256> zeros{};
    off_t left = st.st_size;
    while (left > 0) {
      const auto chunk =
          static_cast<std::size_t>(std::min<off_t>(left, static_cast<off_t>(zeros.size())));
      const ssize_t n = ::write(fd, zeros.data(), chunk);
      if (n <= 0) break;
      left -= n;
    }
    (void)::fsync(fd);
  }
  ::close(fd);
  return ::unlink(path.c_str()) == 0;
}

}  // namespace mfp::security::auth
