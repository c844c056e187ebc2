#pragma once
// Scanner: the document scanner as the controller sees it: a platen and an automatic document
// feeder (simplex or duplex) that turn originals into raster pages for the scan and copy
// pipelines. A real device implements it over its scanner interface; the scan issue brings the
// simulator (sim::SimulatedScanner), and until then a device is built without one.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine_hw/media_size.h"
#include "pipeline/band.h"
#include "pipeline/owner_tag.h"
#include "pipeline/page_geometry.h"
#include "pipeline/pixel_format.h"
#include "pipeline/status.h"

namespace mfp::engine_hw {

enum class ScanSource : std::uint8_t {
  platen,         // one original on the glass
  feeder,         // the document feeder, front sides
  feeder_duplex,  // the document feeder, both sides (front, back, front, ...)
};

enum class ScanColor : std::uint8_t {
  color,  // PixelFormat::rgb8 in the scanner's RGB (the scan stages convert to sRGB)
  gray,   // PixelFormat::gray8; black-and-white is scanned as gray and binarized by the stages
};

struct ScanRequest {
  ScanSource source = ScanSource::platen;
  std::uint32_t dpi = 300;  // one of ScannerCapabilities::resolutions
  ScanColor color = ScanColor::color;
  // The original's size; nullopt: detected per original (platen: the scanned area's extent).
  std::optional<MediaSize> size;
  pipeline::OwnerTag owner;  // every band of the session's pages carries it
  std::uint32_t band_rows = 64;
};

// One scanned side: its bands in order, top to bottom.
struct ScannedPage {
  std::shared_ptr<const pipeline::PageGeometry> page;
  pipeline::PixelFormat format = pipeline::PixelFormat::rgb8;
  std::vector<pipeline::Band> bands;
  pipeline::OwnerTag owner;
  MediaSize original;  // detected or requested
  bool back = false;   // the back side of a duplex original
};

enum class ScannerState : std::uint8_t { idle, scanning, stopped };

struct ScannerStatus {
  ScannerState state = ScannerState::idle;
  // IPP/eSCL-style reason keywords: "media-jam" (feeder jam), "cover-open", "media-empty"
  // (feeder asked for with no originals).
  std::vector<std::string> reasons;
  std::uint32_t originals_in_feeder = 0;
  bool original_on_platen = false;
};

struct ScannerCapabilities {
  std::vector<ScanSource> sources;
  std::vector<std::uint32_t> resolutions;  // ascending, e.g. 200, 300, 400, 600
  double max_width_mm = 0;
  double max_height_mm = 0;
  double pages_per_minute = 0;  // rated, simplex
};

// A scan in progress. Not thread-safe: one consumer pulls its pages. Destroying it cancels the
// scan; pages not taken are zeroed.
class ScanSession {
 public:
  virtual ~ScanSession() = default;
  // The next side, or nullopt when every original is scanned. Failure kinds: conflict (the
  // scanner stopped: feeder jam, cover open; the session is over and the originals not yet
  // scanned stay in the feeder), resource_exhausted (out of memory), cancelled.
  [[nodiscard]] virtual pipeline::Result<std::optional<ScannedPage>> next_page() noexcept = 0;
  // Stops after the side being scanned; next_page() then returns cancelled.
  virtual void cancel() noexcept = 0;
};

// Every method is thread-safe and never throws. One session at a time.
class Scanner {
 public:
  virtual ~Scanner() = default;
  [[nodiscard]] virtual ScannerCapabilities capabilities() const noexcept = 0;
  [[nodiscard]] virtual ScannerStatus status() const noexcept = 0;
  // Starts scanning the originals at `request.source`. invalid_argument for a source or
  // resolution the scanner lacks; resource_exhausted "media-empty" with no original there;
  // conflict while stopped or while another session is open.
  [[nodiscard]] virtual pipeline::Result<std::unique_ptr<ScanSession>> start(
      const ScanRequest& request) noexcept = 0;
};

}  // namespace mfp::engine_hw
