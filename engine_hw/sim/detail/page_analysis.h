#pragma once
// analyze_page: reads an engine page once (per plane) and measures what the simulated engine
// and its output tray need: the raster checksum, ink per colorant, color or black, and
// optionally a preview image.

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "engine_hw/sim/preview_image.h"
#include "engine_hw/toner_info.h"
#include "pipeline/engine_page.h"
#include "pipeline/status.h"

namespace mfp::engine_hw::sim::detail {

struct PageAnalysis {
  std::string sha256;  // see page_checksum.h for what is hashed
  // Ink per colorant, indexed by Colorant, in units where a 1-bit dot is 3 and a 2-bit dot of
  // level v (0..3) is v. A monochrome page has ink only in black.
  std::array<std::uint64_t, kColorantCount> ink{};
  std::uint64_t full_ink = 0;             // ink of one colorant covering every pixel: 3 * pixels
  bool color = false;                     // any cyan, magenta or yellow ink
  std::unique_ptr<PreviewImage> preview;  // set when asked for
};

// Validates the page (PageReader::open's rules) and measures it. Fails with the reader's
// statuses, or resource_exhausted/internal from memory, OpenSSL or libpng. Never throws; the
// page is only read.
[[nodiscard]] pipeline::Result<PageAnalysis> analyze_page(const pipeline::EnginePage& page,
                                                          bool with_preview) noexcept;

}  // namespace mfp::engine_hw::sim::detail
