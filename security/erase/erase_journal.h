#pragma once
// EraseJournal: the durable list of overwrites that have been started and not yet finished, so a
// power loss mid-overwrite is resumed at the next start (guide, "Set Overwrite Storage"). An
// entry is appended and fsync'd before the first byte of its files is overwritten, and marked
// done when every file of it is gone. The journal holds only the entry's overwrite mode and the
// paths of its files relative to the eraser's base directory (random hex object names), never
// user names or user data.
//
// Format: text lines, each ending in " *" and the first 16 hex digits of the SHA-256 of the line
// before it:
//   B <seq> <passes> F <n> <path>... *<sum>   begin: overwrite these n files
//   B <seq> <passes> T 1 <dir> *<sum>          begin: overwrite everything under dir ("." = base)
//   E <seq> *<sum>                            end: entry seq is finished
// A damaged tail (a line cut or zero-filled by a power loss during an append) is dropped and cut
// off at open(); a damaged line followed by good ones is reported as integrity_error. When no
// entry is pending the file is truncated to empty; while entries stay pending it is compacted
// (rewritten with only them, atomically) once it passes 1 MiB and is mostly finished entries.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"
#include "security/erase/overwrite_mode.h"
#include "security/erase/unique_fd.h"

namespace mfp::security::erase {

class EraseJournal {
 public:
  enum class Scope : std::uint8_t {
    files,  // the listed files
    tree,   // every file under one directory (factory reset)
  };
  struct Entry {
    std::uint64_t seq = 0;
    Scope scope = Scope::files;
    OverwriteMode mode = OverwriteMode::one_pass;
    std::vector<std::string> paths;  // relative to the base directory
  };

  // Opens `file`, creating it (mode 0600) when absent, and loads its pending entries.
  // integrity_error when a line other than a damaged tail fails its checksum or syntax;
  // io_error when the file cannot be read or written.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<EraseJournal>> open(
      const std::filesystem::path& file) noexcept;
  EraseJournal(const EraseJournal&) = delete;
  EraseJournal& operator=(const EraseJournal&) = delete;
  ~EraseJournal();

  // Appends a pending entry and fsyncs it: when this returns ok the entry survives a power loss.
  // invalid_argument unless every path is_safe_relative_path() (and a tree entry has exactly one
  // path) and the list is non-empty. On a failed write the file is cut back to its previous end.
  // Thread-safe.
  [[nodiscard]] pipeline::Result<std::uint64_t> append(Scope scope, OverwriteMode mode,
                                                       std::vector<std::string> paths) noexcept;
  // Marks entry `seq` finished (durable on return); not_found for an unknown or finished entry.
  // Thread-safe.
  [[nodiscard]] pipeline::Status mark_done(std::uint64_t seq) noexcept;

  // A copy of the pending entries, oldest first. Thread-safe.
  [[nodiscard]] std::vector<Entry> pending() const;
  [[nodiscard]] bool has_pending() const noexcept;
  // Bytes in the journal file now (for tests and diagnostics).
  [[nodiscard]] std::uint64_t file_size() const noexcept;

  // True for a non-empty relative path of '/'-separated components made of [A-Za-z0-9._-],
  // none of them "." or ".." (the whole path may be "." only for a tree entry's base).
  [[nodiscard]] static bool is_safe_relative_path(std::string_view path) noexcept;

 private:
  EraseJournal(std::filesystem::path file, UniqueFd fd) noexcept;
  [[nodiscard]] pipeline::Status append_line_locked(std::string_view body) noexcept;
  [[nodiscard]] pipeline::Status compact_locked() noexcept;

  const std::filesystem::path file_;
  mutable std::mutex mu_;
  UniqueFd fd_;
  std::uint64_t size_ = 0;
  std::uint64_t next_seq_ = 1;
  std::vector<Entry> pending_;
};

}  // namespace mfp::security::erase
