#pragma once
// OverwriteMode: the guide's "Overwrite Storage" setting (Off, 1 Overwrite, 3 Overwrites) as the
// eraser applies it. One pass writes zeros ("overwritten with blank data"); three passes write
// 0x00, then 0xFF, then random bytes from the DRBG. Each pass covers the whole file length and
// is fsync'd before the next one starts.

#include <cstdint>
#include <optional>
#include <string_view>

namespace mfp::security::erase {

enum class OverwriteMode : std::uint8_t {
  off = 0,           // not the secure configuration: data files are only unlinked
  one_pass = 1,      // 1 Overwrite
  three_passes = 3,  // 3 Overwrites
};

// What one pass writes.
enum class OverwritePattern : std::uint8_t { zeros, ones, random };

// Passes of a mode (0, 1 or 3).
[[nodiscard]] constexpr int pass_count(OverwriteMode mode) noexcept {
  return static_cast<int>(mode);
}

// The pattern of pass `index` (0-based) of a three-pass overwrite; a one-pass overwrite is
// pass 0 only (zeros).
[[nodiscard]] constexpr OverwritePattern pass_pattern(int index) noexcept {
  return index == 0   ? OverwritePattern::zeros
         : index == 1 ? OverwritePattern::ones
                      : OverwritePattern::random;
}

// The stricter of two modes (more passes).
[[nodiscard]] constexpr OverwriteMode stricter(OverwriteMode a, OverwriteMode b) noexcept {
  return pass_count(a) >= pass_count(b) ? a : b;
}

// Mode from its pass count (0, 1, 3); nullopt for anything else.
[[nodiscard]] constexpr std::optional<OverwriteMode> overwrite_mode_from_passes(int n) noexcept {
  switch (n) {
    case 0:
      return OverwriteMode::off;
    case 1:
      return OverwriteMode::one_pass;
    case 3:
      return OverwriteMode::three_passes;
    default:
      return std::nullopt;
  }
}

// "Off", "1 Overwrite", "3 Overwrites" (the guide's labels).
[[nodiscard]] constexpr std::string_view to_string(OverwriteMode mode) noexcept {
  switch (mode) {
    case OverwriteMode::off:
      return "Off";
    case OverwriteMode::one_pass:
      return "1 Overwrite";
    case OverwriteMode::three_passes:
      return "3 Overwrites";
  }
  return "?";
}

}  // namespace mfp::security::erase
