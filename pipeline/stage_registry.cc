#include "pipeline/stage_registry.h"

namespace mfp::pipeline {

Status StageRegistry::add_stage(const std::string& name, StageFactory factory) {
  if (!stages_.emplace(name, std::move(factory)).second) {
    return make_error(StatusCode::invalid_argument, "stage registered twice: " + name);
  }
  return Status::ok();
}

Status StageRegistry::add_source(const std::string& mime_type, SourceFactory factory) {
  if (!sources_.emplace(mime_type, std::move(factory)).second) {
    return make_error(StatusCode::invalid_argument, "source registered twice: " + mime_type);
  }
  return Status::ok();
}

Result<std::shared_ptr<const Stage>> StageRegistry::make_stage(const std::string& name,
                                                               const StageConfig& config) const {
  auto it = stages_.find(name);
  if (it == stages_.end()) return make_error(StatusCode::not_found, "no stage named " + name);
  return it->second(config);
}

Result<std::shared_ptr<const Source>> StageRegistry::make_source(const std::string& mime_type,
                                                                 const StageConfig& config) const {
  auto it = sources_.find(mime_type);
  if (it == sources_.end()) {
    return make_error(StatusCode::unsupported, "unsupported document format " + mime_type);
  }
  return it->second(config);
}

std::vector<std::string> StageRegistry::source_types() const {
  std::vector<std::string> out;
  out.reserve(sources_.size());
  for (const auto& [k, v] : sources_) out.push_back(k);
  return out;
}

}  // namespace mfp::pipeline
