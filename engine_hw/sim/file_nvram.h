#pragma once
// FileNvram: the simulated NVRAM, all slots in one file that only the daemon's user may read.
//
// The file (format in detail/nvram_image.h: versioned, SHA-256 checksummed) is created with mode
// 0600 in a directory that must already exist. A file that is not a regular file owned by the
// current user, or that is group- or world-accessible, is refused with permission_denied; a
// corrupt one with integrity_error. Every change writes a complete new image to "<file>.tmp",
// fsyncs it, renames it over the file and fsyncs the directory, so the file always holds either
// the old or the new image, never a mix; then the old image's bytes are overwritten in place
// with zeros (through a descriptor kept on the replaced file) and fsynced, so erased and
// replaced values do not survive in the old file's blocks. A leftover "<file>.tmp" (a crash
// before the rename) is ignored, then wiped and removed at the next open(). Thread-safe.

#include <filesystem>
#include <memory>
#include <mutex>

#include "engine_hw/nvram.h"

namespace mfp::engine_hw::sim {

class FileNvram final : public Nvram {
 public:
  // Opens the NVRAM file at `path`, creating an empty one (mode 0600) when it does not exist.
  // not_found when the directory does not exist; permission_denied or integrity_error as above.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<FileNvram>> open(
      std::filesystem::path path) noexcept;
  // open() after creating the file's directory (mode 0700, the daemon's alone) when missing:
  // how the composition root (mfpd, a tool, a test) opens the device's NVRAM.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<FileNvram>> open_in_private_dir(
      const std::filesystem::path& path) noexcept;
  // Where a change is staged before it replaces `path`.
  [[nodiscard]] static std::filesystem::path temp_path_for(const std::filesystem::path& path);

  FileNvram(const FileNvram&) = delete;
  FileNvram& operator=(const FileNvram&) = delete;
  ~FileNvram() override = default;

  [[nodiscard]] pipeline::Result<std::optional<std::vector<std::uint8_t>>> read(
      std::string_view slot) noexcept override;
  [[nodiscard]] pipeline::Status write(std::string_view slot,
                                       std::span<const std::uint8_t> bytes) noexcept override;
  [[nodiscard]] pipeline::Status erase(std::string_view slot) noexcept override;

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  FileNvram(std::filesystem::path path, std::filesystem::path temp) noexcept
      : path_(std::move(path)), temp_(std::move(temp)) {}

  std::filesystem::path path_;
  std::filesystem::path temp_;
  std::mutex mutex_;  // serialises every read-modify-write of the file
};

}  // namespace mfp::engine_hw::sim
