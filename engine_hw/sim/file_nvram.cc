#include "engine_hw/sim/file_nvram.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <string>

#include "engine_hw/sim/detail/nvram_image.h"

namespace mfp::engine_hw::sim {

using detail::NvramImage;
using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

// Largest file read back: a full image is about 256 * (1 + 255 + 2 + 4096) bytes.
constexpr off_t kMaxFileBytes = 2 << 20;

// Owns one file descriptor.
class Fd {
 public:
  explicit Fd(int fd = -1) noexcept : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  [[nodiscard]] int get() const noexcept { return fd_; }
  [[nodiscard]] bool valid() const noexcept { return fd_ >= 0; }
  // Closes now; false when close() reports an error (a lost write on some file systems).
  bool reset() noexcept {
    if (fd_ < 0) return true;
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc == 0;
  }

 private:
  int fd_;
};

// Wipes a byte vector when it goes out of scope.
struct WipeGuard {
  std::vector<std::uint8_t>& bytes;
  ~WipeGuard() { detail::wipe(bytes); }
};

Status errno_error(int err, const std::string& what, const std::filesystem::path& path) {
  StatusCode code = StatusCode::io_error;
  if (err == EACCES || err == EPERM || err == ELOOP) code = StatusCode::permission_denied;
  if (err == ENOSPC || err == EDQUOT) code = StatusCode::resource_exhausted;
  return make_error(code, "NVRAM " + what + " " + path.string() + ": " + std::strerror(err));
}

std::filesystem::path directory_of(const std::filesystem::path& path) {
  auto dir = path.parent_path();
  return dir.empty() ? std::filesystem::path(".") : dir;
}

// A regular file owned by this user that nobody else may read or write.
Status check_private(int fd, const std::filesystem::path& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return errno_error(errno, "stat", path);
  if (!S_ISREG(st.st_mode)) {
    return make_error(StatusCode::permission_denied,
                      "NVRAM " + path.string() + ": not a regular file");
  }
  if (st.st_uid != ::geteuid()) {
    return make_error(StatusCode::permission_denied,
                      "NVRAM " + path.string() + ": not owned by the current user");
  }
  if ((st.st_mode & 077) != 0) {
    return make_error(StatusCode::permission_denied,
                      "NVRAM " + path.string() + ": group or others have access (want mode 0600)");
  }
  return Status::ok();
}

Status write_all(int fd, std::span<const std::uint8_t> bytes, const std::filesystem::path& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_error(errno, "write", path);
    }
    done += static_cast<std::size_t>(n);
  }
  return Status::ok();
}

// Overwrites the whole file behind `fd` with zeros and flushes it to the device.
Status overwrite_with_zeros(int fd, const std::filesystem::path& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return errno_error(errno, "stat", path);
  static const std::uint8_t kZeros[4096] = {};
  off_t pos = 0;
  while (pos < st.st_size) {
    const auto n = static_cast<std::size_t>(std::min<off_t>(sizeof kZeros, st.st_size - pos));
    const ssize_t w = ::pwrite(fd, kZeros, n, pos);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno_error(errno, "overwrite", path);
    }
    pos += w;
  }
  if (::fsync(fd) != 0) return errno_error(errno, "fsync", path);
  return Status::ok();
}

Status fsync_directory(const std::filesystem::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return errno_error(errno, "open directory", dir);
  if (::fsync(fd.get()) != 0) return errno_error(errno, "fsync directory", dir);
  return Status::ok();
}

// Zeroes and removes a staging file left by an interrupted write (absent: nothing to do).
Status discard_temp(const std::filesystem::path& temp) {
  Fd fd(::open(temp.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC));
  if (fd.valid()) {
    struct stat st {};
    if (::fstat(fd.get(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid()) {
      overwrite_with_zeros(fd.get(), temp).ignore();  // best effort: it is unlinked either way
    }
  }
  fd.reset();
  if (::unlink(temp.c_str()) != 0 && errno != ENOENT) return errno_error(errno, "remove", temp);
  return Status::ok();
}

// The file's bytes (the caller wipes them), or nullopt when it does not exist.
Result<std::optional<std::vector<std::uint8_t>>> read_file(const std::filesystem::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) return std::optional<std::vector<std::uint8_t>>();
    return errno_error(errno, "open", path);
  }
  MFP_RETURN_IF_ERROR(check_private(fd.get(), path));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return errno_error(errno, "stat", path);
  if (st.st_size > kMaxFileBytes) {
    return make_error(StatusCode::integrity_error,
                      "NVRAM file corrupt: " + path.string() + " is larger than any valid image");
  }
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : EIO;
      detail::wipe(bytes);
      return errno_error(err, "read", path);
    }
    done += static_cast<std::size_t>(n);
  }
  return std::optional<std::vector<std::uint8_t>>(std::move(bytes));
}

// The verified image currently on disk. The file must exist: after open() its absence means
// someone removed it, and answering "no such slot" would make callers mint new keys.
Result<NvramImage> load(const std::filesystem::path& path) {
  MFP_ASSIGN_OR_RETURN(auto file, read_file(path));
  if (!file) {
    return make_error(StatusCode::integrity_error, "NVRAM file " + path.string() + " disappeared");
  }
  WipeGuard guard{*file};
  return NvramImage::decode(*file);
}

// Atomically and durably replaces the file with `image`, then zeroes the replaced file's bytes.
Status store(const std::filesystem::path& path, const std::filesystem::path& temp,
             const NvramImage& image) {
  std::vector<std::uint8_t> bytes = image.encode();
  WipeGuard guard{bytes};

  if (::unlink(temp.c_str()) != 0 && errno != ENOENT) return errno_error(errno, "remove", temp);
  Fd out(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!out.valid()) return errno_error(errno, "create", temp);
  Status st = ::fchmod(out.get(), 0600) == 0 ? Status::ok() : errno_error(errno, "chmod", temp);
  if (st.is_ok()) st = write_all(out.get(), bytes, temp);
  if (st.is_ok() && ::fsync(out.get()) != 0) st = errno_error(errno, "fsync", temp);
  if (!out.reset() && st.is_ok()) st = errno_error(errno, "close", temp);
  if (!st.is_ok()) {
    discard_temp(temp).ignore();
    return st;
  }

  // Keep the current file open across the rename so its blocks can be zeroed afterwards.
  Fd old(::open(path.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC));
  if (!old.valid() && errno != ENOENT) st = errno_error(errno, "open", path);
  if (st.is_ok() && old.valid()) st = check_private(old.get(), path);
  if (st.is_ok() && ::rename(temp.c_str(), path.c_str()) != 0) {
    st = errno_error(errno, "rename", temp);
  }
  if (!st.is_ok()) {
    discard_temp(temp).ignore();
    return st;
  }
  // The rename is the commit point; the directory fsync makes it durable.
  st = fsync_directory(directory_of(path));
  if (old.valid()) {
    Status wiped = overwrite_with_zeros(old.get(), path);
    if (st.is_ok()) st = std::move(wiped);
  }
  return st;
}

Status validate_name(std::string_view slot) {
  if (slot.empty() || slot.size() > detail::kNvramMaxNameBytes) {
    return make_error(StatusCode::invalid_argument, "NVRAM slot name must be 1..255 bytes");
  }
  return Status::ok();
}

Status out_of_memory() {
  return Status(StatusCode::resource_exhausted, "NVRAM: out of memory");
}

Status unexpected() {
  return Status(StatusCode::internal, "NVRAM: unexpected exception");
}

}  // namespace

std::filesystem::path FileNvram::temp_path_for(const std::filesystem::path& path) {
  auto temp = path;
  temp += ".tmp";
  return temp;
}

Result<std::unique_ptr<FileNvram>> FileNvram::open_in_private_dir(
    const std::filesystem::path& path) noexcept {
  try {
    std::error_code ec;
    const auto dir = directory_of(path);
    std::filesystem::create_directories(dir, ec);
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    return open(path);
  } catch (...) {
    return pipeline::current_exception_status("NVRAM");
  }
}

Result<std::unique_ptr<FileNvram>> FileNvram::open(std::filesystem::path path) noexcept {
  try {
    if (path.empty() || !path.has_filename()) {
      return make_error(StatusCode::invalid_argument, "NVRAM path must name a file");
    }
    const auto dir = directory_of(path);
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return make_error(StatusCode::not_found,
                        "NVRAM directory " + dir.string() + " does not exist");
    }
    auto temp = temp_path_for(path);
    MFP_RETURN_IF_ERROR(discard_temp(temp));
    MFP_ASSIGN_OR_RETURN(auto file, read_file(path));
    if (file) {
      WipeGuard guard{*file};
      MFP_RETURN_IF_ERROR(NvramImage::decode(*file).status());
    } else {
      MFP_RETURN_IF_ERROR(store(path, temp, NvramImage()));
    }
    return std::unique_ptr<FileNvram>(new FileNvram(std::move(path), std::move(temp)));
  } catch (const std::bad_alloc&) {
    return out_of_memory();
  } catch (...) {
    return unexpected();
  }
}

Result<std::optional<std::vector<std::uint8_t>>> FileNvram::read(std::string_view slot) noexcept {
  try {
    MFP_RETURN_IF_ERROR(validate_name(slot));
    std::lock_guard lock(mutex_);
    MFP_ASSIGN_OR_RETURN(auto image, load(path_));
    const auto* found = image.find(slot);
    if (found == nullptr) return std::optional<std::vector<std::uint8_t>>();
    return std::optional<std::vector<std::uint8_t>>(found->bytes);
  } catch (const std::bad_alloc&) {
    return out_of_memory();
  } catch (...) {
    return unexpected();
  }
}

Status FileNvram::write(std::string_view slot, std::span<const std::uint8_t> bytes) noexcept {
  try {
    MFP_RETURN_IF_ERROR(validate_name(slot));
    if (bytes.size() > detail::kNvramMaxSlotBytes) {
      return make_error(StatusCode::invalid_argument, "NVRAM slot value larger than 4 KiB");
    }
    std::lock_guard lock(mutex_);
    MFP_ASSIGN_OR_RETURN(auto image, load(path_));
    if (image.find(slot) == nullptr && image.slots().size() >= detail::kNvramMaxSlots) {
      return make_error(StatusCode::limit_exceeded, "NVRAM: all 256 slots are in use");
    }
    image.put(slot, bytes);
    return store(path_, temp_, image);
  } catch (const std::bad_alloc&) {
    return out_of_memory();
  } catch (...) {
    return unexpected();
  }
}

Status FileNvram::erase(std::string_view slot) noexcept {
  try {
    MFP_RETURN_IF_ERROR(validate_name(slot));
    std::lock_guard lock(mutex_);
    MFP_ASSIGN_OR_RETURN(auto image, load(path_));
    if (!image.remove(slot)) return Status::ok();  // never written or already erased
    return store(path_, temp_, image);
  } catch (const std::bad_alloc&) {
    return out_of_memory();
  } catch (...) {
    return unexpected();
  }
}

}  // namespace mfp::engine_hw::sim
