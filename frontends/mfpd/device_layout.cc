#include "frontends/mfpd/device_layout.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <vector>

namespace mfp::frontends::mfpd {

using pipeline::make_error;
using pipeline::StatusCode;

pipeline::Status write_password_file(const std::filesystem::path& path,
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

void remove_password_file(const std::filesystem::path& path) noexcept {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd >= 0) {
    const off_t size = ::lseek(fd, 0, SEEK_END);
    if (size > 0 && ::lseek(fd, 0, SEEK_SET) == 0) {
      const std::vector<char> zeros(static_cast<std::size_t>(size), 0);
      (void)!::write(fd, zeros.data(), zeros.size());
      (void)::fsync(fd);
    }
    ::close(fd);
  }
  ::unlink(path.c_str());
}

}  // namespace mfp::frontends::mfpd
