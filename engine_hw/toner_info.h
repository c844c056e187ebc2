#pragma once
// Colorant and TonerInfo: the engine's toner cartridges and how full each one is.

#include <cmath>
#include <cstdint>
#include <string_view>

namespace mfp::engine_hw {

// Toner colorants, in the plane order of the engine's CMYK formats (plane 0 is cyan). The
// monochrome formats (k1, k2) have one plane, black.
enum class Colorant : std::uint8_t { cyan = 0, magenta = 1, yellow = 2, black = 3 };

inline constexpr unsigned kColorantCount = 4;

// "cyan", "magenta", "yellow", "black" (IPP marker-colors names use these).
[[nodiscard]] std::string_view to_string(Colorant c) noexcept;

// One cartridge. Plain value; never fails.
struct TonerInfo {
  Colorant colorant = Colorant::black;
  double level = 100.0;                      // percent remaining, exact (0 = empty)
  std::uint32_t low_threshold_percent = 10;  // toner-low is reported at or below this

  // Whole percent for IPP marker-levels and the panel: rounded up, so only an empty cartridge
  // reads 0.
  [[nodiscard]] std::uint32_t level_percent() const noexcept {
    return level <= 0 ? 0u : static_cast<std::uint32_t>(std::ceil(level));
  }
  [[nodiscard]] bool empty() const noexcept { return level <= 0; }
  [[nodiscard]] bool low() const noexcept { return !empty() && level <= low_threshold_percent; }
};

}  // namespace mfp::engine_hw
