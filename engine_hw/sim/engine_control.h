#pragma once
// EngineControl: the simulator-control interface of a simulated print engine: what an operator
// or a service engineer does to the machine (load paper, change toner, clear a jam) and the
// faults tests and demonstrations inject, plus the record of delivered sheets. Only the
// composition root (mfpd's maintenance commands, tools) and tests see it; the device core and
// every front end know the engine only as engine_hw::PrintEngine.

#include <cstdint>
#include <string>
#include <string_view>

#include "engine_hw/sim/output_tray.h"
#include "engine_hw/toner_info.h"
#include "pipeline/status.h"

namespace mfp::engine_hw::sim {

// Every method is thread-safe and never throws. Tray functions fail with not_found for an
// unknown tray id.
class EngineControl {
 public:
  virtual ~EngineControl() = default;

  // Sets a tray's sheets; invalid_argument above its capacity.
  [[nodiscard]] virtual pipeline::Status set_tray_level(std::string_view tray,
                                                        std::uint32_t sheets) noexcept = 0;
  // Fills a tray to capacity.
  [[nodiscard]] virtual pipeline::Status fill_tray(std::string_view tray) noexcept = 0;
  // Loads other paper into a tray, full; invalid_argument for an unparsable PWG media name.
  [[nodiscard]] virtual pipeline::Status load_tray(
      std::string_view tray, std::string media, std::string media_type = "stationery") noexcept = 0;
  // Sets every tray to 0 sheets.
  virtual void empty_all_trays() noexcept = 0;
  // Sets a cartridge's level in percent (0 = empty); invalid_argument outside 0..100.
  [[nodiscard]] virtual pipeline::Status set_toner(Colorant colorant, double percent) noexcept = 0;

  // Fault injection. inject_jam(0) jams the paper path now; inject_jam(n) lets n more pages
  // print and jams the one after (that page is refused). Either way the engine stays stopped
  // with media-jam, refusing pages, until clear_jam(), which also cancels a pending jam.
  virtual void inject_jam(std::uint32_t after_pages = 0) noexcept = 0;
  virtual void clear_jam() noexcept = 0;
  virtual void set_door_open(bool open) noexcept = 0;
  virtual void set_cover_open(bool open) noexcept = 0;

  // What each delivered sheet carried.
  [[nodiscard]] virtual const OutputTray& output_tray() const noexcept = 0;
};

}  // namespace mfp::engine_hw::sim
