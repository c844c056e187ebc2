#include "security/erase/unique_fd.h"

#include <unistd.h>

#include <cerrno>

namespace mfp::security::erase {

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) reset(other.release());
  return *this;
}

int UniqueFd::release() noexcept {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

void UniqueFd::reset(int fd) noexcept {
  if (fd_ >= 0 && fd_ != fd) ::close(fd_);  // EINTR on Linux still closes: never retry
  fd_ = fd;
}

int UniqueFd::close() noexcept {
  if (fd_ < 0) return 0;
  const int rc = ::close(release());
  return rc == 0 || errno == EINTR ? 0 : errno;
}

}  // namespace mfp::security::erase
