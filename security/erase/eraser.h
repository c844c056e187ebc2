#pragma once
// Eraser: overwrite on release (guide, "Set Overwrite Storage"). It overwrites every byte of a
// released file with the passes of the current OverwriteMode (1: zeros; 3: 0x00, 0xFF, DRBG
// random; each pass over the whole file length and fsync'd), then unlinks it and fsyncs its
// directory. Before the first byte is overwritten the release is appended to the EraseJournal
// (<base>/erase.journal, fsync'd) and it is marked done when every file is gone, so resume()
// at the next start finishes what a power loss interrupted ("The overwriting will resume if you
// turn the device on again"). Files whose name has a ".key" extension (key material) are
// overwritten first and always at least once, even when the setting is Off; other files are
// only unlinked when it is Off. Every release's outcome is audited ("Overwrite Storage" /
// "Overwrite" / "Completed" or "Failed").
//
// Paths are confined to the base directory: absolute paths must lie under it, relative ones are
// taken from it, and every journaled path must be EraseJournal::is_safe_relative_path(). Symbolic
// links are unlinked, never followed. A file that is already gone counts as erased.
//
// Limits, stated plainly: overwriting in place reaches the same disk blocks on ext4/xfs with
// data=ordered, not on copy-on-write filesystems or through SSD wear levelling. The store does
// not rely on it alone: every object is sealed under its own key, and the key file is destroyed
// (overwritten, unlinked) first, which makes the object unrecoverable by itself.
//
// Thread-safe: releases may run concurrently (each overwrites on the caller's thread).

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <span>

#include "pipeline/status.h"
#include "security/audit/audit_sink.h"
#include "security/crypto/drbg.h"
#include "security/erase/erase_journal.h"
#include "security/erase/overwrite_mode.h"

namespace mfp::security::erase {

class Eraser {
 public:
  inline static constexpr const char* kJournalName = "erase.journal";

  // Opens the journal in `base_dir` (which must exist). Pending entries are kept for resume()
  // (pending() is then true); nothing is overwritten here. `drbg` and `audit` must outlive the
  // eraser. Fails as EraseJournal::open does.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<Eraser>> open(
      const std::filesystem::path& base_dir, OverwriteMode mode, crypto::Drbg& drbg,
      audit::AuditSink& audit) noexcept;
  Eraser(const Eraser&) = delete;
  Eraser& operator=(const Eraser&) = delete;
  ~Eraser();

  // The "Overwrite Storage" setting; a change applies to releases that start afterwards.
  void set_mode(OverwriteMode mode) noexcept;
  [[nodiscard]] OverwriteMode mode() const noexcept;
  [[nodiscard]] const std::filesystem::path& base_dir() const noexcept { return base_; }

  // Journals, overwrites (key material first) and unlinks `files`, then marks the entry done
  // and audits it. invalid_argument (nothing touched) for a path outside the base directory or
  // with characters outside [A-Za-z0-9._-/]. On an I/O failure the remaining files are still
  // processed, the first error is returned, and the entry stays pending for resume().
  [[nodiscard]] pipeline::Status erase(std::span<const std::filesystem::path> files) noexcept;
  // Factory-reset wipe: journals, then overwrites and unlinks every file under `dir` (the base
  // directory itself when `dir` is empty or "."; key material first; the journal is spared) and
  // removes its subdirectories; `dir` itself stays. Same failure behaviour as erase().
  [[nodiscard]] pipeline::Status erase_all(const std::filesystem::path& dir) noexcept;
  // Journals the release of `files` (as erase() does, durably) and returns without overwriting:
  // the overwrite runs in the next run_pending(), or in resume() after a power loss. Lets a job
  // end without waiting for its overwrite while the release itself is already guaranteed.
  // Fails as erase() does before anything is journaled.
  [[nodiscard]] pipeline::Status schedule(std::span<const std::filesystem::path> files) noexcept;
  // Executes every journaled release not already running (scheduled ones first come, first
  // served). Returns the first error; failed entries stay pending.
  [[nodiscard]] pipeline::Status run_pending() noexcept;
  // Finishes every pending entry left by an earlier run, restarting each file from the first
  // pass, with the stricter of the entry's mode and the current one. Call at start-up before
  // the device accepts work. Returns the first error; entries that failed stay pending.
  [[nodiscard]] pipeline::Status resume() noexcept;
  // True while any release is journaled and not finished (the device reports it).
  [[nodiscard]] bool pending() const noexcept;

  // Test hook: called after each pass over a file has been written and fsync'd, before the next
  // pass or the unlink, with the file's path. Not for production use; set before use.
  struct PassInfo {
    const std::filesystem::path& file;
    int pass;  // 0-based
    OverwritePattern pattern;
    std::uint64_t bytes;  // file length
  };
  using PassObserver = std::function<void(const PassInfo&)>;
  void set_pass_observer_for_testing(PassObserver observer) noexcept;

 private:
  struct Outcome {
    std::uint64_t files = 0;
    std::uint64_t bytes = 0;               // bytes written by all passes
    std::set<std::filesystem::path> dirs;  // directories to fsync after unlinks
  };
  Eraser(std::filesystem::path base, std::unique_ptr<EraseJournal> journal, OverwriteMode mode,
         crypto::Drbg& drbg, audit::AuditSink& audit) noexcept;
  [[nodiscard]] pipeline::Result<std::string> relative(const std::filesystem::path& p) const;
  [[nodiscard]] pipeline::Status run(const EraseJournal::Entry& entry, OverwriteMode mode,
                                     Outcome& out) noexcept;
  [[nodiscard]] pipeline::Status run_tree(const std::filesystem::path& root, OverwriteMode mode,
                                          Outcome& out) noexcept;
  [[nodiscard]] pipeline::Status overwrite_file(const std::filesystem::path& file,
                                                OverwriteMode mode, Outcome& out) noexcept;
  // Validates and journals a release of `files` (key material first); on success the entry is
  // marked active when `claim` is set (the caller executes it now).
  [[nodiscard]] pipeline::Result<EraseJournal::Entry> journal_files(
      std::span<const std::filesystem::path> files, bool claim) noexcept;
  [[nodiscard]] pipeline::Status run_journaled(bool resumed) noexcept;
  [[nodiscard]] pipeline::Status execute(std::uint64_t seq, const EraseJournal::Entry& entry,
                                         OverwriteMode mode, bool resumed) noexcept;
  void audit_outcome(const EraseJournal::Entry& entry, OverwriteMode mode, bool resumed,
                     const Outcome& out, const pipeline::Status& status) noexcept;

  const std::filesystem::path base_;
  std::unique_ptr<EraseJournal> journal_;
  crypto::Drbg& drbg_;
  audit::AuditSink& audit_;
  std::atomic<OverwriteMode> mode_;
  mutable std::mutex mu_;
  std::set<std::uint64_t> active_;  // entries being executed now (guarded by mu_)
  PassObserver observer_;
};

}  // namespace mfp::security::erase
