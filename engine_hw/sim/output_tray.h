#pragma once
// OutputTray: the simulated engine's delivery tray. It keeps a record of every printed page
// (sequence, owner, geometry, raster checksum, color or black, input tray, optional preview)
// so tests and tools can see what came out, with memory bounded however long the run.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "engine_hw/sim/printed_page.h"

namespace mfp::engine_hw::sim {

struct OutputTrayOptions {
  // Records kept in memory; when full, the oldest record (and its preview) is dropped. 0 keeps
  // none (only the counts).
  std::size_t max_records = 1000;
  // Make a preview of every page (costs a pass over the page and ~1.6 MB per A4 preview).
  bool capture_previews = false;
  // With capture on: empty keeps previews in memory with their records (bounded by
  // max_records); otherwise each preview is written to <preview_dir>/page-<sequence>.png as the
  // page prints and only the path is kept. The directory must exist. The files are page images
  // in plaintext, like the paper itself: use a test directory, never the device's data store.
  std::filesystem::path preview_dir;
};

// Thread-safe; never throws.
class OutputTray {
 public:
  explicit OutputTray(OutputTrayOptions options = {}) noexcept;
  OutputTray(const OutputTray&) = delete;
  OutputTray& operator=(const OutputTray&) = delete;

  [[nodiscard]] const OutputTrayOptions& options() const noexcept { return options_; }

  // Adds the record of a page that has printed, with its preview when one was made (kept or
  // written per the options; a failed write is recorded in preview_status). Records arrive in
  // sequence order from the engine.
  void deliver(PrintedPage page, std::unique_ptr<PreviewImage> preview) noexcept;

  // Records in memory, oldest first.
  [[nodiscard]] std::vector<PrintedPage> records() const noexcept;
  // The record with this sequence number, if still in memory.
  [[nodiscard]] std::optional<PrintedPage> find(std::uint64_t sequence) const noexcept;
  // The newest record, if any.
  [[nodiscard]] std::optional<PrintedPage> last() const noexcept;
  // Pages delivered since construction or clear(), including records since dropped.
  [[nodiscard]] std::uint64_t delivered() const noexcept;
  // Records dropped to stay within max_records.
  [[nodiscard]] std::uint64_t dropped() const noexcept;
  // Forgets every record (previews already written stay on disk) and resets the counts.
  void clear() noexcept;

 private:
  const OutputTrayOptions options_;
  mutable std::mutex mu_;
  std::deque<PrintedPage> records_;
  std::uint64_t delivered_ = 0;
  std::uint64_t dropped_ = 0;
};

}  // namespace mfp::engine_hw::sim
