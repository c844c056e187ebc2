#include "engine_hw/sim/output_tray.h"

#include <cstdio>
#include <new>

namespace mfp::engine_hw::sim {

OutputTray::OutputTray(OutputTrayOptions options) noexcept : options_(std::move(options)) {}

void OutputTray::deliver(PrintedPage page, std::unique_ptr<PreviewImage> preview) noexcept {
  bool counted = false;
  try {
    if (preview) {
      if (options_.preview_dir.empty()) {
        page.preview = std::shared_ptr<const PreviewImage>(std::move(preview));
      } else {
        char name[40];
        std::snprintf(name, sizeof name, "page-%06llu.png",
                      static_cast<unsigned long long>(page.sequence));
        std::filesystem::path path = options_.preview_dir / name;
        page.preview_status = preview->write_png(path);
        if (page.preview_status.is_ok()) page.preview_path = std::move(path);
      }
    }
    std::lock_guard lock(mu_);
    ++delivered_;
    counted = true;
    if (options_.max_records == 0) {
      ++dropped_;
      return;
    }
    while (records_.size() >= options_.max_records) {
      records_.pop_front();
      ++dropped_;
    }
    records_.push_back(std::move(page));
  } catch (...) {
    // Only allocation can fail here; the page printed, its record is lost.
    std::lock_guard lock(mu_);
    if (!counted) ++delivered_;
    ++dropped_;
  }
}

std::vector<PrintedPage> OutputTray::records() const noexcept {
  std::lock_guard lock(mu_);
  return {records_.begin(), records_.end()};
}

std::optional<PrintedPage> OutputTray::find(std::uint64_t sequence) const noexcept {
  std::lock_guard lock(mu_);
  for (const PrintedPage& p : records_) {
    if (p.sequence == sequence) return p;
  }
  return std::nullopt;
}

std::optional<PrintedPage> OutputTray::last() const noexcept {
  std::lock_guard lock(mu_);
  if (records_.empty()) return std::nullopt;
  return records_.back();
}

std::uint64_t OutputTray::delivered() const noexcept {
  std::lock_guard lock(mu_);
  return delivered_;
}

std::uint64_t OutputTray::dropped() const noexcept {
  std::lock_guard lock(mu_);
  return dropped_;
}

void OutputTray::clear() noexcept {
  std::lock_guard lock(mu_);
  records_.clear();
  delivered_ = 0;
  dropped_ = 0;
}

}  // namespace mfp::engine_hw::sim
