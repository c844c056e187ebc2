#pragma once
// register_stages: adds every stage, source and RIP of stages/ to a registry. Called from one
// place per program (the device, the tools); nothing registers itself.

#include "pipeline/stage_registry.h"

namespace mfp::stages {

[[nodiscard]] pipeline::Status register_stages(pipeline::StageRegistry& registry);

// The engine profile installed by the build (build/share/openmfp/engine-cmyk.icc), or the
// MFP_SHARE_DIR environment variable's engine-cmyk.icc when set.
[[nodiscard]] std::string default_engine_profile_path();

}  // namespace mfp::stages
