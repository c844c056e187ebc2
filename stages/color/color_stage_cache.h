#pragma once
// ColorStageCache: keeps the color stages already made, so a job whose conversion was built for
// an earlier job shares it instead of sampling Little CMS again. A color stage is immutable
// once built (its device links are built lazily, once, under its own lock, then read-only), and
// it depends only on the engine profile, the rendering intent and the color mode, so one
// instance serves any number of jobs at once. For a device printing many small jobs the
// per-job build was a tenth of the CPU of a one-page office job.
//
// Thread-safe. Bounded: at most `capacity` stages, the least recently used dropped first (a
// dropped stage lives on while a job still holds it).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>

#include "pipeline/stage.h"
#include "pipeline/stage_registry.h"

namespace mfp::stages::color {

class ColorStageCache {
 public:
  explicit ColorStageCache(std::size_t capacity = 8) noexcept
      : capacity_(capacity == 0 ? 1 : capacity) {}

  // The cached stage for `config`, or a new one from make_color_stage() (whose errors are
  // returned and not cached). A profile file replaced since (other size or time) is reread.
  [[nodiscard]] pipeline::Result<std::shared_ptr<const pipeline::Stage>> get(
      const pipeline::StageConfig& config);
  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] std::uint64_t hits() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const pipeline::Stage> stage;
  };
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::list<Entry> entries_;  // most recently used first
  std::uint64_t hits_ = 0;
};

}  // namespace mfp::stages::color
