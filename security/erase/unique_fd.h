#pragma once
// UniqueFd: sole owner of one POSIX file descriptor, closed when the owner is destroyed or reset.
// Move-only. close() reports the close error (a failed close after writes can mean lost data);
// the destructor closes silently.

namespace mfp::security::erase {

class UniqueFd {
 public:
  UniqueFd() noexcept = default;
  // Takes ownership of `fd` (-1 = none).
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  [[nodiscard]] int get() const noexcept { return fd_; }
  [[nodiscard]] bool valid() const noexcept { return fd_ >= 0; }
  // Gives up ownership without closing; the caller closes the returned descriptor.
  [[nodiscard]] int release() noexcept;
  // Closes the owned descriptor (errors ignored) and takes `fd`.
  void reset(int fd = -1) noexcept;
  // Closes now; returns 0, or the errno of a failed close (the descriptor is gone either way).
  [[nodiscard]] int close() noexcept;

 private:
  int fd_ = -1;
};

}  // namespace mfp::security::erase
