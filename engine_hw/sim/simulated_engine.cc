#include "engine_hw/sim/simulated_engine.h"

#include <cmath>
#include <new>
#include <set>
#include <utility>

#include "engine_hw/sim/detail/page_analysis.h"

namespace mfp::engine_hw::sim {

using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

// Ink units of one A4 page at 600 dpi with 5% coverage of one colorant (ISO/IEC 19752 style
// yield page): 3 units per dot, 4960 x 7016 dots.
constexpr std::uint64_t kYieldPageInk = 3ull * 4960 * 7016 / 20;

constexpr std::uint64_t kRefDpiSquared = 600ull * 600;

Status bad_option(std::string what) {
  return make_error(StatusCode::invalid_argument, "simulated engine: " + std::move(what));
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += ", ";
    out += p;
  }
  return out;
}

// Ink per colorant as a fraction of full coverage.
std::array<double, kColorantCount> coverage_of(const detail::PageAnalysis& analysis) {
  std::array<double, kColorantCount> out{};
  for (unsigned c = 0; c < kColorantCount; ++c) {
    out[c] = analysis.full_ink == 0
                 ? 0.0
                 : static_cast<double>(analysis.ink[c]) / static_cast<double>(analysis.full_ink);
  }
  return out;
}

}  // namespace

// Marks the engine processing for as long as a page is being printed.
class SimulatedEngine::BusyScope {
 public:
  explicit BusyScope(SimulatedEngine& e) noexcept : e_(e) {}
  BusyScope(const BusyScope&) = delete;
  BusyScope& operator=(const BusyScope&) = delete;
  ~BusyScope() {
    std::lock_guard lock(e_.mu_);
    e_.busy_ = false;
  }

 private:
  SimulatedEngine& e_;
};

std::vector<TrayInfo> SimulatedEngine::default_trays() {
  return {
      {"tray-1", "iso_a4_210x297mm", "stationery", 520, 520},
      {"tray-2", "iso_a3_297x420mm", "stationery", 520, 520},
      {"tray-3", "iso_a4_210x297mm", "stationery", 870, 870},
      {"tray-4", "na_letter_8.5x11in", "stationery", 1130, 1130},
      {"bypass", "iso_a4_210x297mm", "stationery", 96, 96},
  };
}

Result<std::unique_ptr<SimulatedEngine>> SimulatedEngine::create(
    SimulatedEngineOptions options, std::shared_ptr<Clock> clock) noexcept {
  try {
    if (!clock) return bad_option("no clock");
    std::optional<EngineModel> model = find_model(options.model);
    if (!model) return bad_option("unknown model \"" + options.model + "\"");
    if (options.trays.empty()) options.trays = default_trays();
    std::vector<Tray> trays;
    std::set<std::string> ids;
    std::optional<std::size_t> default_tray;
    for (const TrayInfo& t : options.trays) {
      if (t.id.empty()) return bad_option("a tray has no id");
      if (!ids.insert(t.id).second) return bad_option("two trays are called " + t.id);
      auto size = parse_pwg_media(t.media);
      if (!size.is_ok()) return bad_option(t.id + ": " + size.status().message());
      if (t.capacity == 0) return bad_option(t.id + ": capacity 0");
      if (t.level > t.capacity) return bad_option(t.id + ": level above capacity");
      if (t.id == options.default_tray) default_tray = trays.size();
      trays.push_back({t, *size});
    }
    if (!default_tray) return bad_option("default tray \"" + options.default_tray + "\" unknown");
    if (!(options.media_tolerance_mm >= 0) || !std::isfinite(options.media_tolerance_mm)) {
      return bad_option("media tolerance must be a non-negative number of millimetres");
    }
    if (options.black_yield_pages == 0 || options.color_yield_pages == 0) {
      return bad_option("toner yield must be at least 1 page");
    }
    if (options.toner_low_percent > 100) return bad_option("toner low threshold above 100%");
    const std::size_t def = *default_tray;
    return std::unique_ptr<SimulatedEngine>(new SimulatedEngine(
        std::move(options), std::move(*model), std::move(clock), std::move(trays), def));
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "simulated engine: out of memory");
  } catch (...) {
    return make_error(StatusCode::internal, "simulated engine: unexpected exception");
  }
}

SimulatedEngine::SimulatedEngine(SimulatedEngineOptions options, EngineModel model,
                                 std::shared_ptr<Clock> clock, std::vector<Tray> trays,
                                 std::size_t default_tray) noexcept
    : options_(std::move(options)),
      model_(std::move(model)),
      clock_(std::move(clock)),
      default_tray_(default_tray),
      output_(options_.output),
      trays_(std::move(trays)) {
  for (unsigned c = 0; c < kColorantCount; ++c) {
    const std::uint32_t yield = c == static_cast<unsigned>(Colorant::black)
                                    ? options_.black_yield_pages
                                    : options_.color_yield_pages;
    toner_[c].capacity = toner_[c].remaining = yield * kYieldPageInk;
  }
}

SimulatedEngine::~SimulatedEngine() = default;

Clock::TimePoint SimulatedEngine::finish_of(Clock::TimePoint run_start,
                                            std::uint64_t pages) const noexcept {
  // pages * 60 s / ppm, exactly and without overflow for any run length.
  constexpr std::uint64_t kMinuteNs = 60'000'000'000ull;
  const std::uint64_t ppm = model_.rated_ppm;
  const std::uint64_t ns = pages / ppm * kMinuteNs + pages % ppm * kMinuteNs / ppm;
  return run_start + Clock::Duration{static_cast<Clock::Duration::rep>(ns)};
}

Status SimulatedEngine::check_stopped_locked() const {
  if (jammed_) {
    return make_error(StatusCode::conflict,
                      "media-jam: paper jam in the paper path; remove the jammed paper");
  }
  if (door_open_) return make_error(StatusCode::conflict, "door-open: the front door is open");
  if (cover_open_) return make_error(StatusCode::conflict, "cover-open: a cover is open");
  for (unsigned c = 0; c < kColorantCount; ++c) {
    if (toner_[c].remaining == 0) {
      return make_error(StatusCode::resource_exhausted,
                        "toner-empty: the " + std::string(to_string(static_cast<Colorant>(c))) +
                            " toner cartridge is empty; replace it");
    }
  }
  return Status::ok();
}

Result<std::size_t> SimulatedEngine::select_tray_locked(const MediaSize& size,
                                                        std::string_view requested,
                                                        std::string_view media_type) {
  const auto type_ok = [&](const Tray& t) {
    return media_type.empty() || t.info.media_type == media_type;
  };
  if (!requested.empty()) {
    std::optional<std::size_t> t;
    for (std::size_t i = 0; i < trays_.size(); ++i) {
      if (trays_[i].info.id == requested) t = i;
    }
    if (!t) {
      return make_error(
          StatusCode::invalid_argument,
          "the page asks for tray " + std::string(requested) + ", which is not fitted");
    }
    const TrayInfo& tray = trays_[*t].info;
    if (!trays_[*t].size.matches(size, options_.media_tolerance_mm) || !type_ok(trays_[*t])) {
      media_needed_ = tray.id;
      return make_error(StatusCode::resource_exhausted,
                        "media-needed: " + tray.id + " holds " + tray.media + " " +
                            tray.media_type + "; load the job's paper in it to print this page");
    }
    if (tray.level == 0) {
      media_needed_ = tray.id;
      return make_error(StatusCode::resource_exhausted,
                        "media-empty: " + tray.id + " (" + tray.media + ") is out of paper; " +
                            "media-needed: load paper to print this page");
    }
    return *t;
  }
  std::optional<std::size_t> empty_match;
  for (std::size_t i = 0; i < trays_.size(); ++i) {
    if (!trays_[i].size.matches(size, options_.media_tolerance_mm) || !type_ok(trays_[i])) {
      continue;
    }
    if (trays_[i].info.level > 0) return i;
    if (!empty_match) empty_match = i;
  }
  const std::size_t t = empty_match.value_or(default_tray_);
  if (!empty_match && trays_[t].info.level > 0 && type_ok(trays_[t])) return t;
  const TrayInfo& tray = trays_[t].info;
  media_needed_ = tray.id;
  if (!type_ok(trays_[t])) {
    return make_error(StatusCode::resource_exhausted,
                      "media-needed: no tray holds " + std::string(media_type) + "; load it in " +
                          tray.id + " to print this page");
  }
  return make_error(StatusCode::resource_exhausted,
                    "media-empty: " + tray.id + " (" + tray.media + ") is out of paper; " +
                        "media-needed: load paper to print this page");
}

Status SimulatedEngine::print(pipeline::EnginePage& page) noexcept {
  try {
    return print_page(page);
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "print engine: out of memory");
  } catch (...) {
    return make_error(StatusCode::internal, "print engine: unexpected exception");
  }
}

void SimulatedEngine::commit_locked(const pipeline::EnginePage& page, bool back, std::size_t tray,
                                    const std::array<std::uint64_t, kColorantCount>& ink,
                                    bool color, PrintedPage& record) {
  const pipeline::PageGeometry& g = *page.page;
  // The impression is printed, on a new sheet or on the open sheet's back.
  if (back) {
    record.tray = open_sheet_->tray;
    record.sheet = open_sheet_->sheet;
    record.back = true;
    open_sheet_.reset();
    ++counters_.duplex_sheets;
  } else {
    Tray& t = trays_[tray];
    --t.info.level;
    ++counters_.sheets;
    record.tray = t.info.id;
    record.sheet = ++sheet_sequence_;
    open_sheet_.reset();  // a one-sided page or another job: the open sheet left blank-backed
    if (g.sides != pipeline::Sides::one_sided) {
      open_sheet_ = OpenSheet{page.owner.job_id, record.sheet, record.tray, g.copy};
    }
  }
  const std::uint64_t area = std::uint64_t{g.x_dpi} * g.y_dpi;
  for (unsigned c = 0; c < kColorantCount; ++c) {
    const std::uint64_t used = ink[c] * kRefDpiSquared / area;
    Cartridge& cart = toner_[c];
    cart.remaining = used >= cart.remaining ? 0 : cart.remaining - used;
  }
  record.output_bin = g.output_bin.empty() ? std::string(kDefaultOutputBin) : g.output_bin;
  ++counters_.total_impressions;
  ++(color ? counters_.color_impressions : counters_.black_impressions);
}

Status SimulatedEngine::print_page(pipeline::EnginePage& page) {
  std::lock_guard feed(feed_mu_);
  const Clock::TimePoint arrival = clock_->now();
  const MediaSize size = page.page ? MediaSize::of_raster(page.page->width, page.page->height,
                                                          page.page->x_dpi, page.page->y_dpi)
                                   : MediaSize{};
  const bool two_sided = page.page && page.page->sides != pipeline::Sides::one_sided;
  // The back of the sheet this job's previous page went on: no new sheet is needed.
  auto on_back = [&]() {
    return two_sided && open_sheet_ && open_sheet_->job_id == page.owner.job_id &&
           open_sheet_->copy == page.page->copy;
  };
  {
    std::lock_guard lock(mu_);
    MFP_RETURN_IF_ERROR(check_stopped_locked());
    if (page.page && !on_back()) {
      auto tray = select_tray_locked(size, page.page->tray, page.page->media_type);
      if (!tray.is_ok()) return tray.status();
    }
    busy_ = true;
  }
  BusyScope busy(*this);

  detail::PageAnalysis analysis;
  if (options_.analyze_pages) {
    MFP_ASSIGN_OR_RETURN(analysis, detail::analyze_page(page, options_.output.capture_previews));
  }

  // A page arriving while the previous one is still printing continues the run.
  Clock::TimePoint run_start = arrival;
  std::uint64_t run_pages = 1;
  if (run_pages_ > 0 && arrival <= last_finish_) {
    run_start = run_start_;
    run_pages = run_pages_ + 1;
  }
  Clock::TimePoint finish = arrival;
  if (options_.pacing == Pacing::rated) {
    finish = finish_of(run_start, run_pages);
    clock_->sleep_until(finish);
  }

  const pipeline::PageGeometry& g = *page.page;
  PrintedPage record;
  {
    std::lock_guard lock(mu_);
    MFP_RETURN_IF_ERROR(check_stopped_locked());
    const bool back = on_back();
    std::size_t t = 0;
    if (!back) {
      MFP_ASSIGN_OR_RETURN(t, select_tray_locked(size, g.tray, g.media_type));
    }
    if (jam_countdown_) {
      if (*jam_countdown_ == 0) {
        jam_countdown_.reset();
        jammed_ = true;
        ++counters_.jams;
        return check_stopped_locked();
      }
      --*jam_countdown_;
    }

    commit_locked(page, back, t, analysis.ink, analysis.color, record);
    media_needed_.clear();
    run_start_ = run_start;
    run_pages_ = run_pages;
    last_finish_ = finish;

    record.sequence = ++sequence_;
  }
  record.owner = page.owner;
  record.geometry = g;
  record.format = page.format;
  record.sha256 = std::move(analysis.sha256);
  record.color = analysis.color;
  record.coverage = coverage_of(analysis);
  record.printed_at = clock_->now();
  record.printed_wall = clock_->wall_now();
  output_.deliver(std::move(record), std::move(analysis.preview));
  page.bands.clear();  // the page is consumed; its buffers are zeroed as they go
  return Status::ok();
}

EngineStatus SimulatedEngine::status_locked() const {
  EngineStatus s;
  std::vector<std::string> empty;
  std::vector<std::string> low;
  for (const Tray& t : trays_) {
    if (t.info.level == 0) {
      empty.push_back(t.info.id);
    } else if (std::uint64_t{t.info.level} * 10 <= t.info.capacity) {
      low.push_back(t.info.id);
    }
  }
  std::vector<std::string> toner_empty;
  std::vector<std::string> toner_low;
  for (const TonerInfo& t : toner_locked()) {
    if (t.empty()) toner_empty.emplace_back(to_string(t.colorant));
    if (t.low()) toner_low.emplace_back(to_string(t.colorant));
  }

  std::vector<std::string> msg;
  if (!empty.empty()) {
    s.reasons.push_back(StateReason::media_empty);
  }
  if (!media_needed_.empty()) {
    s.reasons.push_back(StateReason::media_needed);
    msg.push_back("Load paper in " + media_needed_ + ".");
  }
  if (!low.empty()) s.reasons.push_back(StateReason::media_low);
  if (jammed_) {
    s.reasons.push_back(StateReason::media_jam);
    msg.push_back("Paper jam: open the front door and remove the jammed paper.");
  }
  if (!toner_low.empty()) s.reasons.push_back(StateReason::toner_low);
  if (!toner_empty.empty()) {
    s.reasons.push_back(StateReason::toner_empty);
    msg.push_back("Replace the toner cartridge: " + join(toner_empty) + ".");
  }
  if (door_open_) {
    s.reasons.push_back(StateReason::door_open);
    msg.push_back("Close the front door.");
  }
  if (cover_open_) {
    s.reasons.push_back(StateReason::cover_open);
    msg.push_back("Close the open cover.");
  }
  if (!empty.empty()) msg.push_back("Out of paper: " + join(empty) + ".");
  if (!low.empty()) msg.push_back("Paper low: " + join(low) + ".");
  if (!toner_low.empty()) msg.push_back("Toner low: " + join(toner_low) + ".");

  const bool stopped = jammed_ || door_open_ || cover_open_ || !toner_empty.empty() ||
                       !media_needed_.empty() || empty.size() == trays_.size();
  s.state =
      stopped ? PrinterState::stopped : (busy_ ? PrinterState::processing : PrinterState::idle);
  if (msg.empty()) msg.emplace_back(busy_ ? "Printing." : "Ready to print.");
  for (const std::string& m : msg) {
    if (!s.message.empty()) s.message += ' ';
    s.message += m;
  }
  return s;
}

EngineStatus SimulatedEngine::status() const noexcept {
  std::lock_guard lock(mu_);
  return status_locked();
}

std::vector<TrayInfo> SimulatedEngine::trays() const noexcept {
  std::lock_guard lock(mu_);
  std::vector<TrayInfo> out;
  out.reserve(trays_.size());
  for (const Tray& t : trays_) out.push_back(t.info);
  return out;
}

std::vector<TonerInfo> SimulatedEngine::toner_locked() const {
  std::vector<TonerInfo> out;
  out.reserve(kColorantCount);
  for (unsigned c = 0; c < kColorantCount; ++c) {
    const Cartridge& cart = toner_[c];
    out.push_back({static_cast<Colorant>(c),
                   static_cast<double>(cart.remaining) * 100.0 / static_cast<double>(cart.capacity),
                   options_.toner_low_percent});
  }
  return out;
}

std::vector<TonerInfo> SimulatedEngine::toner() const noexcept {
  std::lock_guard lock(mu_);
  return toner_locked();
}

EngineCounters SimulatedEngine::counters() const noexcept {
  std::lock_guard lock(mu_);
  return counters_;
}

EngineModel SimulatedEngine::model() const noexcept {
  return model_;
}

SimulatedEngine::Tray* SimulatedEngine::find_tray_locked(std::string_view id) noexcept {
  for (Tray& t : trays_) {
    if (t.info.id == id) return &t;
  }
  return nullptr;
}

Status SimulatedEngine::set_tray_level(std::string_view tray, std::uint32_t sheets) noexcept {
  std::lock_guard lock(mu_);
  Tray* t = find_tray_locked(tray);
  if (t == nullptr) return make_error(StatusCode::not_found, "no tray " + std::string(tray));
  if (sheets > t->info.capacity) {
    return make_error(
        StatusCode::invalid_argument,
        t->info.id + " holds at most " + std::to_string(t->info.capacity) + " sheets");
  }
  t->info.level = sheets;
  if (sheets > 0 && media_needed_ == t->info.id) media_needed_.clear();
  return Status::ok();
}

Status SimulatedEngine::fill_tray(std::string_view tray) noexcept {
  std::uint32_t capacity = 0;
  {
    std::lock_guard lock(mu_);
    Tray* t = find_tray_locked(tray);
    if (t == nullptr) return make_error(StatusCode::not_found, "no tray " + std::string(tray));
    capacity = t->info.capacity;
  }
  return set_tray_level(tray, capacity);
}

Status SimulatedEngine::load_tray(std::string_view tray, std::string media,
                                  std::string media_type) noexcept {
  try {
    MFP_ASSIGN_OR_RETURN(const MediaSize size, parse_pwg_media(media));
    std::lock_guard lock(mu_);
    Tray* t = find_tray_locked(tray);
    if (t == nullptr) return make_error(StatusCode::not_found, "no tray " + std::string(tray));
    t->info.media = std::move(media);
    t->info.media_type = std::move(media_type);
    t->info.level = t->info.capacity;
    t->size = size;
    if (media_needed_ == t->info.id) media_needed_.clear();
    return Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("load tray");
  }
}

void SimulatedEngine::empty_all_trays() noexcept {
  std::lock_guard lock(mu_);
  for (Tray& t : trays_) t.info.level = 0;
}

Status SimulatedEngine::set_toner(Colorant colorant, double percent) noexcept {
  if (!(percent >= 0.0 && percent <= 100.0)) {
    return make_error(StatusCode::invalid_argument, "toner level must be 0..100 percent");
  }
  std::lock_guard lock(mu_);
  Cartridge& c = toner_[static_cast<unsigned>(colorant)];
  c.remaining =
      static_cast<std::uint64_t>(std::llround(static_cast<double>(c.capacity) * percent / 100.0));
  if (c.remaining > c.capacity) c.remaining = c.capacity;
  if (percent > 0.0 && c.remaining == 0) c.remaining = 1;
  return Status::ok();
}

void SimulatedEngine::inject_jam(std::uint32_t after_pages) noexcept {
  std::lock_guard lock(mu_);
  if (after_pages == 0) {
    jam_countdown_.reset();
    if (!jammed_) ++counters_.jams;
    jammed_ = true;
  } else {
    jam_countdown_ = after_pages;
  }
}

void SimulatedEngine::clear_jam() noexcept {
  std::lock_guard lock(mu_);
  jammed_ = false;
  jam_countdown_.reset();
}

void SimulatedEngine::set_door_open(bool open) noexcept {
  std::lock_guard lock(mu_);
  door_open_ = open;
}

void SimulatedEngine::set_cover_open(bool open) noexcept {
  std::lock_guard lock(mu_);
  cover_open_ = open;
}

}  // namespace mfp::engine_hw::sim
