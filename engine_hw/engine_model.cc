#include "engine_hw/engine_model.h"

#include <array>
#include <cctype>

#include "pipeline/ascii_iequals.h"

namespace mfp::engine_hw {

namespace {

const std::array<EngineModel, 6>& table() noexcept {
  static const std::array<EngineModel, 6> kModels = {{
      {"C7070", "ApeosPort C7070", 70, true},
      {"C6570", "ApeosPort C6570", 65, true},
      {"C5570", "ApeosPort C5570", 55, true},
      {"C4570", "ApeosPort C4570", 45, true},
      {"C3570", "ApeosPort C3570", 35, true},
      {"C3070", "ApeosPort C3070", 30, true},
  }};
  return kModels;
}

}  // namespace

std::span<const EngineModel> known_models() noexcept {
  return table();
}

std::optional<EngineModel> find_model(std::string_view name) noexcept {
  for (const EngineModel& m : table()) {
    if (pipeline::ascii_iequals(name, m.name) || pipeline::ascii_iequals(name, m.product)) return m;
  }
  return std::nullopt;
}

}  // namespace mfp::engine_hw
