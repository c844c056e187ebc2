#include "stages/color/color_stage_cache.h"

#include <filesystem>

#include "stages/color/color_stage.h"

namespace mfp::stages::color {

namespace {

// What the stage depends on: the profile (path, size, modification time), intent and mode.
std::string key_of(const pipeline::StageConfig& config) {
  const std::string path = config.engine_profile_path.empty() ? std::string(kFallbackEngineProfile)
                                                              : config.engine_profile_path;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  const auto time = std::filesystem::last_write_time(path, ec).time_since_epoch().count();
  return path + '\n' + std::to_string(ec ? 0 : size) + '\n' + std::to_string(ec ? 0 : time) + '\n' +
         std::to_string(static_cast<int>(config.options.intent)) + '\n' +
         std::to_string(static_cast<int>(config.options.color_mode));
}

}  // namespace

pipeline::Result<std::shared_ptr<const pipeline::Stage>> ColorStageCache::get(
    const pipeline::StageConfig& config) {
  const std::string key = key_of(config);
  {
    std::lock_guard lock(mu_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->key == key) {
        entries_.splice(entries_.begin(), entries_, it);
        ++hits_;
        return entries_.front().stage;
      }
    }
  }
  // Built outside the lock: another job's lookup does not wait for this profile's checks.
  MFP_ASSIGN_OR_RETURN(auto stage, make_color_stage(config));
  std::lock_guard lock(mu_);
  entries_.push_front({key, stage});
  while (entries_.size() > capacity_) entries_.pop_back();
  return stage;
}

std::size_t ColorStageCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

std::uint64_t ColorStageCache::hits() const {
  std::lock_guard lock(mu_);
  return hits_;
}

}  // namespace mfp::stages::color
