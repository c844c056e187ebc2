#pragma once
// PrintEngine: the marking engine as the controller sees it. It takes finished pages (it is the
// pipeline's PageSink, fed by the engine feeder) and reports its state, trays, toner, meters and
// model. A real device implements it over its engine interface; sim::SimulatedEngine simulates
// one.

#include <vector>

#include "engine_hw/engine_counters.h"
#include "engine_hw/engine_model.h"
#include "engine_hw/engine_status.h"
#include "engine_hw/toner_info.h"
#include "engine_hw/tray_info.h"
#include "pipeline/engine_page.h"
#include "pipeline/status.h"

namespace mfp::engine_hw {

// Every method is thread-safe and never throws. Pages are printed one at a time in the order
// print()/accept() calls obtain the paper path; print() blocks for as long as printing the page
// takes (a rated-speed engine paces its caller).
//
// Failure kinds, so a caller knows what to do with a refused page:
//   invalid_argument, unsupported, malformed_data, truncated, limit_exceeded,
//   permission_denied  the page itself is bad (wrong format, band shapes, corrupt compressed
//                      stream, a band owned by another job). Retrying will not help.
//   resource_exhausted the engine is out of something (media-empty / media-needed,
//                      toner-empty) or memory. Retry once status() no longer reports it.
//   conflict           the engine is stopped (media-jam, door-open, cover-open). Retry once
//                      status() is no longer stopped for that reason.
// The message starts with the IPP reason keyword when there is one ("media-jam: ...").
// A refused page was not printed: no sheet, toner or meter was used for it.
class PrintEngine : public pipeline::PageSink {
 public:
  // Prints `page`. On success the page is consumed: its bands are released (their buffers
  // zeroed) and `page` is left without bands. On failure nothing was printed and `page` is
  // left untouched, still the caller's, so it can be offered again after the fault is cleared.
  [[nodiscard]] virtual pipeline::Status print(pipeline::EnginePage& page) noexcept = 0;

  // The PageSink entry point: print(page). The page is moved in, so a page this refuses is
  // dropped (zeroed) here; a caller that must not lose it keeps its own copy (the engine feeder
  // prints from the sealed page store and offers the page again from there) or calls print().
  [[nodiscard]] pipeline::Status accept(pipeline::EnginePage page) noexcept final {
    return print(page);
  }

  [[nodiscard]] virtual EngineStatus status() const noexcept = 0;
  // Input trays in the engine's order ("tray-1".."tray-4", "bypass").
  [[nodiscard]] virtual std::vector<TrayInfo> trays() const noexcept = 0;
  // One entry per colorant the engine has, cyan, magenta, yellow, black.
  [[nodiscard]] virtual std::vector<TonerInfo> toner() const noexcept = 0;
  [[nodiscard]] virtual EngineCounters counters() const noexcept = 0;
  [[nodiscard]] virtual EngineModel model() const noexcept = 0;
  // IPP Identify-Printer / the panel's "identify": the device makes itself noticed (a real one
  // beeps and shows a message on its panel).
  virtual void identify() noexcept = 0;
};

}  // namespace mfp::engine_hw
