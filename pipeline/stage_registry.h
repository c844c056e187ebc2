#pragma once
// StageRegistry: named factories for stages, sources (by document MIME type) and sinks.
// Registration is explicit: stages/register_stages.cc fills a registry, called from one place
// per program; nothing registers itself.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/job_options.h"
#include "pipeline/stage.h"
#include "pipeline/status.h"

namespace mfp::pipeline {

// Device facts a factory may need beside the job's options.
struct StageConfig {
  JobOptions options;
  std::string engine_profile_path;  // engine CMYK ICC profile
};

using StageFactory = std::function<Result<std::shared_ptr<const Stage>>(const StageConfig&)>;
using SourceFactory = std::function<Result<std::shared_ptr<const Source>>(const StageConfig&)>;

class StageRegistry {
 public:
  // Adds a factory; a second registration of the same name is a programming error and
  // returns invalid_argument.
  [[nodiscard]] Status add_stage(const std::string& name, StageFactory factory);
  [[nodiscard]] Status add_source(const std::string& mime_type, SourceFactory factory);

  // Builds a stage or the source for a MIME type; not_found (or unsupported for sources) when
  // nothing is registered under that name.
  [[nodiscard]] Result<std::shared_ptr<const Stage>> make_stage(const std::string& name,
                                                                const StageConfig& config) const;
  [[nodiscard]] Result<std::shared_ptr<const Source>> make_source(const std::string& mime_type,
                                                                  const StageConfig& config) const;
  [[nodiscard]] std::vector<std::string> source_types() const;

 private:
  std::map<std::string, StageFactory> stages_;
  std::map<std::string, SourceFactory> sources_;
};

}  // namespace mfp::pipeline
