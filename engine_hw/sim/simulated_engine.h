#pragma once
// SimulatedEngine: a print engine of the ApeosPort C7070 series simulated in software. It prints
// at the model's rated speed on an injectable Clock (or unthrottled, for benchmarks), feeds
// sheets from trays, uses toner in proportion to the dots on the page, keeps the meters, accepts
// injected faults (jam, empty trays, empty toner, open door or cover) and delivers a record of
// every page to its OutputTray.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine_hw/clock.h"
#include "engine_hw/media_size.h"
#include "engine_hw/print_engine.h"
#include "engine_hw/sim/engine_control.h"
#include "engine_hw/sim/output_tray.h"

namespace mfp::engine_hw::sim {

enum class Pacing : std::uint8_t {
  rated,        // one page every 60 / rated_ppm seconds on the engine's clock
  unthrottled,  // as fast as pages arrive: no waiting at all (benchmarks)
};

struct SimulatedEngineOptions {
  std::string model = "C7070";  // a known_models() name: C7070, C6570, C5570, C4570, C3570, C3070
  Pacing pacing = Pacing::rated;
  // Input trays in feed-preference order; empty means SimulatedEngine::default_trays().
  std::vector<TrayInfo> trays;
  // The tray that feeds pages whose size no tray's media matches.
  std::string default_tray = "tray-1";
  // How far a page's size (pixels / dpi) may be from a tray's media, per side, in millimetres.
  double media_tolerance_mm = 2.0;
  // Cartridge yields in pages of 5% coverage of an A4 page (approximately the series' standard
  // cartridges). Toner use is proportional to dot coverage, scaled to page area at 600 dpi.
  std::uint32_t black_yield_pages = 38000;
  std::uint32_t color_yield_pages = 21000;
  std::uint32_t toner_low_percent = 10;  // toner-low at or below this level
  OutputTrayOptions output;
  // Reads every page (step 3 below). Off only for throughput benchmarks: a real engine checks
  // and counts dots in its own hardware, while here it would share the controller's cores.
  // Off, pages are printed unread: no checksum, no ink (no toner used), counted as black.
  bool analyze_pages = true;
};

// A simulated engine; all methods are thread-safe and never throw.
//
// Printing one page (print() or accept()):
//  1. If the engine is stopped (media-jam, door-open, cover-open, any toner-empty) the page is
//     refused at once (conflict for jam/door/cover, resource_exhausted for toner).
//  2. The sheet comes from the first tray whose media matches the page's size within the
//     tolerance, either orientation, and that has paper; when no tray's media matches, from the
//     default tray. If the matching trays (or the default tray) are all empty the page is
//     refused with resource_exhausted "media-empty: ..." and media-needed is reported until
//     paper is loaded in that tray or another page prints.
//  3. The page is read: band shapes checked, compressed bands decoded, the raster checksum,
//     ink per colorant and optional preview computed. A malformed page is refused with the
//     reader's status (see PrintEngine) and the engine stays ready.
//  4. Rated pacing: page n of a continuous run (pages arriving no later than the previous one
//     finished) finishes at run start + n * 60 s / rated_ppm, and print() sleeps on the clock
//     until then; so 70 back-to-back pages on a C7070 take exactly 60 s. Unthrottled pacing
//     never sleeps.
//  5. Steps 1 and 2 are checked again (a fault injected while the page was printing refuses
//     it), an injected jam fires if due, and then the page is committed: one sheet from the
//     tray, toner, the meters, and a PrintedPage record delivered to the output tray.
// A refused page used no sheet, toner, meter or sequence number. A page is one impression; a
// one-sided page takes a sheet of its own, and a two-sided job's pages go front, back, front...
// on its sheets (a back is never taken from another job or after a one-sided page: that sheet
// leaves with a blank back). duplex_sheets counts sheets printed on both sides.
class SimulatedEngine final : public PrintEngine, public EngineControl {
 public:
  // Makes an engine with full trays (as configured) and full cartridges. `clock` paces it and
  // must not be null. Fails with invalid_argument naming the bad option: unknown model, a tray
  // without id, with a duplicate id, an unparsable PWG media name, capacity 0 or level above
  // capacity, an unknown default tray, a negative tolerance, a zero yield or a low threshold
  // above 100.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<SimulatedEngine>> create(
      SimulatedEngineOptions options, std::shared_ptr<Clock> clock) noexcept;

  // The series' standard configuration, full: tray-1 A4 (520 sheets), tray-2 A3 (520), tray-3
  // A4 (870), tray-4 US letter (1130), bypass A4 (96).
  [[nodiscard]] static std::vector<TrayInfo> default_trays();

  SimulatedEngine(const SimulatedEngine&) = delete;
  SimulatedEngine& operator=(const SimulatedEngine&) = delete;
  ~SimulatedEngine() override;

  [[nodiscard]] pipeline::Status print(pipeline::EnginePage& page) noexcept override;
  [[nodiscard]] EngineStatus status() const noexcept override;
  [[nodiscard]] std::vector<TrayInfo> trays() const noexcept override;
  [[nodiscard]] std::vector<TonerInfo> toner() const noexcept override;
  [[nodiscard]] EngineCounters counters() const noexcept override;
  [[nodiscard]] EngineModel model() const noexcept override;

  // EngineControl: operator actions and fault injection (see there).
  [[nodiscard]] pipeline::Status set_tray_level(std::string_view tray,
                                                std::uint32_t sheets) noexcept override;
  [[nodiscard]] pipeline::Status fill_tray(std::string_view tray) noexcept override;
  [[nodiscard]] pipeline::Status load_tray(std::string_view tray, std::string media,
                                           std::string media_type = "stationery") noexcept override;
  void empty_all_trays() noexcept override;
  [[nodiscard]] pipeline::Status set_toner(Colorant colorant, double percent) noexcept override;
  void inject_jam(std::uint32_t after_pages = 0) noexcept override;
  void clear_jam() noexcept override;
  void set_door_open(bool open) noexcept override;
  void set_cover_open(bool open) noexcept override;

  // IPP Identify-Printer / the panel's "identify": the simulated device counts each request
  // (a real one beeps and shows a message on its panel).
  void identify() noexcept override { identify_count_.fetch_add(1, std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t identify_count() const noexcept {
    return identify_count_.load(std::memory_order_relaxed);
  }

  [[nodiscard]] OutputTray& output_tray() noexcept { return output_; }
  [[nodiscard]] const OutputTray& output_tray() const noexcept override { return output_; }

 private:
  struct Tray {
    TrayInfo info;
    MediaSize size;
  };
  struct Cartridge {
    std::uint64_t capacity = 1;  // ink units (see detail::PageAnalysis) at 600 dpi
    std::uint64_t remaining = 1;
  };
  class BusyScope;

  SimulatedEngine(SimulatedEngineOptions options, EngineModel model, std::shared_ptr<Clock> clock,
                  std::vector<Tray> trays, std::size_t default_tray) noexcept;

  pipeline::Status print_page(pipeline::EnginePage& page);
  // The *_locked functions require mu_.
  // Takes the page's sheet (a new one from `tray`, or the open sheet's `back`) and its toner
  // (`ink` per colorant), and counts the impression, into `record`.
  void commit_locked(const pipeline::EnginePage& page, bool back, std::size_t tray,
                     const std::array<std::uint64_t, kColorantCount>& ink, bool color,
                     PrintedPage& record);
  [[nodiscard]] pipeline::Status check_stopped_locked() const;
  // The tray to feed a sheet of `size` (and `media_type`, when not empty) from: `requested`
  // when the job named one (it must hold that paper), else the first loaded tray holding it.
  [[nodiscard]] pipeline::Result<std::size_t> select_tray_locked(const MediaSize& size,
                                                                 std::string_view requested,
                                                                 std::string_view media_type);
  [[nodiscard]] EngineStatus status_locked() const;
  [[nodiscard]] std::vector<TonerInfo> toner_locked() const;
  [[nodiscard]] Tray* find_tray_locked(std::string_view id) noexcept;
  [[nodiscard]] Clock::TimePoint finish_of(Clock::TimePoint run_start,
                                           std::uint64_t pages) const noexcept;

  const SimulatedEngineOptions options_;
  const EngineModel model_;
  const std::shared_ptr<Clock> clock_;
  const std::size_t default_tray_;
  OutputTray output_;
  std::atomic<std::uint64_t> identify_count_{0};

  // One page in the paper path at a time; held for the whole of print(). Guards the run_*.
  std::mutex feed_mu_;
  Clock::TimePoint run_start_{};
  Clock::TimePoint last_finish_{};
  std::uint64_t run_pages_ = 0;  // 0: no run yet

  // Engine state; never held while sleeping. Lock order: feed_mu_, then mu_.
  mutable std::mutex mu_;
  std::vector<Tray> trays_;
  std::array<Cartridge, kColorantCount> toner_{};
  EngineCounters counters_;
  // The sheet whose front was printed by a two-sided job and whose back is still free.
  struct OpenSheet {
    std::uint64_t job_id = 0;
    std::uint64_t sheet = 0;
    std::string tray;
    std::uint32_t copy = 0;  // a new copy of the job starts on a new sheet
  };
  std::optional<OpenSheet> open_sheet_;
  std::uint64_t sheet_sequence_ = 0;
  std::uint64_t sequence_ = 0;
  bool busy_ = false;
  bool jammed_ = false;
  bool door_open_ = false;
  bool cover_open_ = false;
  std::optional<std::uint32_t> jam_countdown_;
  std::string media_needed_;  // id of the tray a refused page needs; empty when none
};

}  // namespace mfp::engine_hw::sim
