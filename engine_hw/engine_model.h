#pragma once
// EngineModel: a print engine's model name and rated speed, and the models of the ApeosPort
// C7070 series this device family comes in.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mfp::engine_hw {

// What the engine is. Plain value; never fails.
struct EngineModel {
  std::string name;             // "C7070"
  std::string product;          // "ApeosPort C7070", for printer-make-and-model and the panel
  std::uint32_t rated_ppm = 0;  // A4/letter pages per minute, color and black alike
  bool color = true;            // has cyan, magenta and yellow toner
};

// The series, fastest first: C7070 (70 ppm), C6570 (65), C5570 (55), C4570 (45), C3570 (35),
// C3070 (30). The table is static and lives for the whole program.
[[nodiscard]] std::span<const EngineModel> known_models() noexcept;

// Finds a model by name, "C7070" or "ApeosPort C7070" (case-insensitive); nullopt if unknown.
[[nodiscard]] std::optional<EngineModel> find_model(std::string_view name) noexcept;

}  // namespace mfp::engine_hw
