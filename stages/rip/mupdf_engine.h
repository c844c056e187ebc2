#pragma once
// MupdfEngine: the device's one MuPDF base context, shared by every PDF job. It owns what
// MuPDF's threads share (the resource store, glyph cache, locks) and hands each thread its own
// cloned context. Every MuPDF allocation goes through a bounded allocator that zeroes memory
// before freeing it (the envelope's zero-on-release rule covers MuPDF's heap too) and refuses
// allocations past the memory budget, so a runaway page fails with a clear error (after MuPDF
// has evicted its caches) instead of exhausting the device. A watchdog thread aborts any
// interpretation or render past its deadline through MuPDF's cookie. MuPDF's warnings and error
// messages are dropped, never logged: they can quote document content (errors still reach the
// caller as a Status).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "pipeline/status.h"
#include "stages/rip/detail/mupdf_handles.h"

namespace mfp::stages::rip {

struct MupdfOptions {
  std::size_t memory_limit = std::size_t{320} << 20;  // every MuPDF allocation, device-wide
  // MuPDF's cache of fonts and decoded resources: small, so a page's large decoded images do
  // not outlive it (they are predecoded per page, stages/rip/detail/image_predecoder.h).
  std::size_t store_limit = std::size_t{64} << 20;
  // Anti-aliasing (0, 2, 4 or 8 bits). Off: at 600 dpi an engine pixel is 42 um, and
  // anti-aliased edges only become dot fragments in the clustered-dot screen. Measured on
  // office-doc.pdf: render 42 -> 29 ms/page (stages/rip/README.md).
  int text_aa_bits = 0;
  int graphics_aa_bits = 0;
  // Thinnest stroke drawn, in device pixels, so hairlines never drop out without anti-aliasing.
  float min_line_width = 1.0f;
};

class MupdfEngine {
 public:
  // Makes the base context. Fails with resource_exhausted when MuPDF cannot start.
  [[nodiscard]] static pipeline::Result<std::shared_ptr<MupdfEngine>> create(
      MupdfOptions options = {});
  ~MupdfEngine();
  MupdfEngine(const MupdfEngine&) = delete;
  MupdfEngine& operator=(const MupdfEngine&) = delete;

  // A context for the calling thread, sharing the store; null when out of memory.
  [[nodiscard]] detail::FzContext clone() const noexcept;

  // Aborts `cookie`'s MuPDF operation at `deadline` unless the Watch is destroyed first.
  class Watch {
   public:
    Watch(const MupdfEngine& engine, fz_cookie* cookie,
          std::chrono::steady_clock::time_point deadline);
    ~Watch();
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;

   private:
    const MupdfEngine& engine_;
    std::uint64_t id_;
  };

  // Allocation accounting shared with the allocator callbacks (public for them only).
  struct Heap {
    std::atomic<std::size_t> used{0};
    std::size_t limit = 0;
  };

 private:
  explicit MupdfEngine(MupdfOptions options);
  void watchdog_loop();

  MupdfOptions options_;
  mutable Heap heap_;  // changed by allocations made through const clones
  std::mutex locks_[FZ_LOCK_MAX];
  fz_alloc_context alloc_{};
  fz_locks_context lock_callbacks_{};
  detail::FzContext base_;
  mutable std::mutex clone_mu_;

  struct Watched {
    fz_cookie* cookie;
    std::chrono::steady_clock::time_point deadline;
  };
  mutable std::mutex watch_mu_;
  mutable std::condition_variable watch_cv_;
  mutable std::map<std::uint64_t, Watched> watched_;
  mutable std::uint64_t next_watch_ = 1;
  // When the watchdog wakes next (max: only when told); a Watch with a later deadline, as every
  // band of a page has, registers without waking it.
  mutable std::chrono::steady_clock::time_point wake_at_ =
      std::chrono::steady_clock::time_point::max();
  bool stopping_ = false;  // guarded by watch_mu_
  std::thread watchdog_;
};

}  // namespace mfp::stages::rip
