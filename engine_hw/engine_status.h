#pragma once
// EngineStatus: what the engine is doing and why it cannot print, in IPP terms (RFC 8011
// printer-state, printer-state-reasons, printer-state-message).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mfp::engine_hw {

// IPP printer-state; the values are the IPP enum values.
enum class PrinterState : std::uint8_t { idle = 3, processing = 4, stopped = 5 };

// IPP printer-state-reasons keywords that an engine reports. `none` is only ever a keyword: an
// EngineStatus with no reasons has an empty list.
enum class StateReason : std::uint8_t {
  none,
  media_empty,   // a tray is out of paper
  media_needed,  // a page was refused because the tray it needs is out of paper
  media_low,     // a tray is nearly out of paper
  media_jam,     // a sheet is jammed in the paper path
  toner_low,     // a cartridge is at or below its low threshold
  toner_empty,   // a cartridge is empty
  door_open,     // the front door is open
  cover_open,    // a cover is open
};

// IPP severity suffix of a reason (RFC 8011 section 5.4.12).
enum class ReasonSeverity : std::uint8_t { report, warning, error };

// "idle", "processing", "stopped".
[[nodiscard]] std::string_view to_string(PrinterState s) noexcept;
// The bare IPP keyword: "none", "media-empty", "media-jam", "toner-low", ...
[[nodiscard]] std::string_view to_string(StateReason r) noexcept;
// error for media-jam, media-needed, toner-empty, door-open, cover-open; warning for
// media-empty (another tray may still feed); report for media-low and toner-low.
[[nodiscard]] ReasonSeverity severity_of(StateReason r) noexcept;

// A snapshot. Plain value; never fails.
struct EngineStatus {
  PrinterState state = PrinterState::idle;
  std::vector<StateReason> reasons;  // in enum order, no duplicates; empty means "none"
  std::string message;               // one line for people (printer-state-message, panel)

  [[nodiscard]] bool has(StateReason r) const noexcept;
  // printer-state-reasons as IPP sends them: {"none"} when there are no reasons, else each
  // reason with its severity suffix ("media-jam-error", "toner-low-report").
  [[nodiscard]] std::vector<std::string> keywords() const;
};

}  // namespace mfp::engine_hw
