#pragma once
// TrayInfo: one input tray as the engine reports it: its name, the paper loaded and how much.

#include <cstdint>
#include <string>

namespace mfp::engine_hw {

// Plain value, also used to configure a simulated engine's trays.
struct TrayInfo {
  std::string id;                         // "tray-1".."tray-4", "bypass"
  std::string media;                      // PWG self-describing size, "iso_a4_210x297mm"
  std::string media_type = "stationery";  // IPP media-type keyword
  std::uint32_t capacity = 0;             // sheets the tray holds
  std::uint32_t level = 0;                // sheets loaded now, 0..capacity

  [[nodiscard]] bool empty() const noexcept { return level == 0; }
  // Percent of capacity loaded, rounded down (IPP printer-input-tray level is in sheets; the
  // panel shows a gauge).
  [[nodiscard]] std::uint32_t level_percent() const noexcept {
    return capacity == 0 ? 0 : static_cast<std::uint32_t>(std::uint64_t{level} * 100 / capacity);
  }
};

}  // namespace mfp::engine_hw
