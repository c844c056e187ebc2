#pragma once
// PrintedPage: the output tray's record of one printed page: what it was, whose, which tray fed
// it and, optionally, what it looks like.

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "engine_hw/clock.h"
#include "engine_hw/sim/preview_image.h"
#include "engine_hw/toner_info.h"
#include "pipeline/owner_tag.h"
#include "pipeline/page_geometry.h"
#include "pipeline/pixel_format.h"
#include "pipeline/status.h"

namespace mfp::engine_hw::sim {

// Where sheets go when a job names no output bin.
inline constexpr std::string_view kDefaultOutputBin = "face-down";

// Plain value; copies share the preview image.
struct PrintedPage {
  std::uint64_t sequence = 0;  // 1, 2, ... in print order, per engine
  pipeline::OwnerTag owner;    // the job/owner tag the page carried
  pipeline::PageGeometry geometry;
  pipeline::PixelFormat format = pipeline::PixelFormat::cmyk1_planar;
  std::string sha256;      // page_checksum(): decoded raster rows, no padding (see page_checksum.h)
  bool color = false;      // any cyan, magenta or yellow dot
  std::string tray;        // id of the input tray that fed the sheet
  std::string output_bin;  // the output bin the sheet was delivered to
  std::uint64_t sheet = 0;  // the sheet it is on: 1, 2, ... per engine (two pages share one
                            // when printed two-sided)
  bool back = false;        // printed on the sheet's back side
  // Ink laid down per colorant (indexed by Colorant) as a fraction of full coverage, 0..1.
  std::array<double, kColorantCount> coverage{};
  Clock::TimePoint printed_at{};  // engine clock when the sheet was delivered
  Clock::WallTime printed_wall{};
  // Preview, when capture is on and previews are kept in memory.
  std::shared_ptr<const PreviewImage> preview;
  // Where the preview was written, when previews are streamed to a directory.
  std::filesystem::path preview_path;
  // Why the preview could not be made or written; the page printed regardless.
  pipeline::Status preview_status;
};

}  // namespace mfp::engine_hw::sim
