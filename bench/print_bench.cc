#include "bench/print_bench.h"

#include "pipeline/device/device_core.h"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "bench/memory_document_stream.h"
#include "engine_hw/sim/file_nvram.h"
#include "engine_hw/sim/simulated_engine.h"
#include "engine_hw/system_clock.h"
#include "frontends/cli/print_rig.h"
#include "pipeline/job_context.h"
#include "security/settings/setting_keys.h"
#include "stages/register_stages.h"
#include "stages/rip/document_format.h"

namespace mfp::bench {

using pipeline::make_error;
using pipeline::Result;
using pipeline::StatusCode;

double peak_rss_mb() noexcept {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

namespace {

Result<std::shared_ptr<const std::vector<std::uint8_t>>> load(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return make_error(StatusCode::not_found, p.string() + ": cannot open");
  auto bytes = std::make_shared<std::vector<std::uint8_t>>(std::istreambuf_iterator<char>(in),
                                                           std::istreambuf_iterator<char>());
  return std::shared_ptr<const std::vector<std::uint8_t>>(std::move(bytes));
}

Result<std::string> format_of(const std::vector<std::uint8_t>& bytes, const std::string& name) {
  auto f = stages::rip::sniff_document_format(
      std::span(bytes.data(), std::min<std::size_t>(bytes.size(), 16)));
  if (!f) return make_error(StatusCode::unsupported, name + ": unknown document format");
  return *f;
}

std::unique_ptr<oneapi::tbb::global_control> limit_threads(int threads) {
  if (threads <= 0) return nullptr;
  return std::make_unique<oneapi::tbb::global_control>(
      oneapi::tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
}

}  // namespace

namespace {

// The jobs through the device's queue: submitted back to back (each spooled into its sealed
// object as the submit returns), timed from the first submission until the queue is idle.
Result<BenchResult> run_queue_bench(const BenchOptions& options,
                                    std::shared_ptr<const std::vector<std::uint8_t>> bytes,
                                    const std::string& format) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/mfp-bench-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    return make_error(StatusCode::io_error, "cannot make a temporary data directory");
  }
  const std::filesystem::path root = pattern;
  struct Remove {
    std::filesystem::path p;
    ~Remove() {
      std::error_code ec;
      std::filesystem::remove_all(p, ec);
    }
  } remove{root};
  pipeline::device::DeviceCoreOptions o;
  o.data_dir = root / "data";
  o.nvram_path = root / "nvram" / "nvram.bin";
  MFP_ASSIGN_OR_RETURN(o.nvram, engine_hw::sim::FileNvram::open_in_private_dir(o.nvram_path));
  engine_hw::sim::SimulatedEngineOptions engine_options;
  engine_options.pacing = engine_hw::sim::Pacing::unthrottled;
  engine_options.output.max_records = 16;
  engine_options.analyze_pages = options.engine_analysis;
  for (auto tray : engine_hw::sim::SimulatedEngine::default_trays()) {
    tray.capacity = tray.level = 1000000;
    engine_options.trays.push_back(tray);
  }
  MFP_ASSIGN_OR_RETURN(std::shared_ptr<engine_hw::sim::SimulatedEngine> engine,
                       engine_hw::sim::SimulatedEngine::create(
                           engine_options, std::make_shared<engine_hw::SystemClock>()));
  o.engine = engine;
  MFP_ASSIGN_OR_RETURN(auto core, pipeline::device::DeviceCore::open(std::move(o)));
  const auto ko = security::ownership::Subject::user(security::ownership::kKeyOperatorUserId,
                                                     {security::ownership::Role::key_operator});
  // Jobs print at once (the factory Receive Control) instead of waiting as Private Charge Print.
  MFP_RETURN_IF_ERROR(core->set_setting(security::settings::kReceiveControl.name,
                                        security::settings::SettingValue(std::string("print")),
                                        ko));
  auto submit = [&]() -> Result<std::uint64_t> {
    pipeline::jobs::SubmitRequest r;
    r.name = options.input.filename().string();
    r.options = options.job;
    pipeline::jobs::SubmitDocument d;
    d.format = format;
    d.stream = std::make_unique<MemoryDocumentStream>(bytes);
    r.documents.push_back(std::move(d));
    return core->jobs().submit(std::move(r));
  };
  MFP_RETURN_IF_ERROR(submit().status());  // warm-up
  if (!core->jobs().wait_idle(std::chrono::minutes(10))) {
    return make_error(StatusCode::internal, "warm-up job did not finish");
  }
  BenchResult result;
  result.input = options.input.string();
  std::vector<std::uint64_t> ids;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < std::max(1, options.repeat); ++i) {
    MFP_ASSIGN_OR_RETURN(auto id, submit());
    ids.push_back(id);
  }
  if (std::getenv("MFP_BENCH_TRACE") != nullptr) {
    std::fprintf(stderr, "submitted in %.3f s\n",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  if (!core->jobs().wait_idle(std::chrono::minutes(30))) {
    return make_error(StatusCode::internal, "the queue did not drain");
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (auto id : ids) {
    MFP_ASSIGN_OR_RETURN(auto info, core->jobs().get(ko, id));
    if (info.state != pipeline::jobs::JobState::completed) {
      return make_error(StatusCode::internal, "job " + std::to_string(id) + " did not complete");
    }
    result.pages += static_cast<std::uint32_t>(info.pages);
  }
  result.pages_per_minute = result.seconds > 0 ? result.pages * 60.0 / result.seconds : 0;
  result.peak_rss_mb = peak_rss_mb();
  return result;
}

}  // namespace

Result<BenchResult> run_print_bench(const BenchOptions& options) {
  auto control = limit_threads(options.threads);
  MFP_ASSIGN_OR_RETURN(auto bytes, load(options.input));
  MFP_ASSIGN_OR_RETURN(std::string format, format_of(*bytes, options.input.string()));
  if (options.queue) return run_queue_bench(options, bytes, format);
  frontends::cli::PrintRigOptions rig_options;
  rig_options.engine.pacing = engine_hw::sim::Pacing::unthrottled;
  rig_options.engine.output.max_records = 16;
  rig_options.engine.analyze_pages = options.engine_analysis;
  // Benchmarks print many pages: keep the trays full by giving them room for a long run.
  for (auto tray : engine_hw::sim::SimulatedEngine::default_trays()) {
    tray.capacity = tray.level = 1000000;
    rig_options.engine.trays.push_back(tray);
  }
  MFP_ASSIGN_OR_RETURN(auto rig, frontends::cli::PrintRig::create(rig_options));

  double first_page = 0;
  auto run_once = [&]() {
    std::vector<stages::PrintDocument> docs;
    docs.push_back({format, std::make_unique<MemoryDocumentStream>(bytes)});
    // A watcher notes when the job's first page leaves the engine (1 ms resolution).
    const std::uint64_t before = rig->engine().output_tray().delivered();
    const auto start = std::chrono::steady_clock::now();
    std::atomic<bool> done{false};
    std::thread watcher([&] {
      while (!done.load() && rig->engine().output_tray().delivered() == before) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      const double s =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (rig->engine().output_tray().delivered() != before &&
          (first_page == 0 || s < first_page)) {
        first_page = s;
      }
    });
    auto report =
        rig->print_documents(std::move(docs), options.job, options.input.filename().string());
    done = true;
    watcher.join();
    return report;
  };
  // Warm-up: builds caches (pool buffers, color transforms' first use) outside the timing.
  auto warm = run_once();
  MFP_RETURN_IF_ERROR(warm.status);

  first_page = 0;  // the warm-up's does not count
  BenchResult result;
  result.input = options.input.string();
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> stage_totals;  // ns, pixels
  std::vector<std::string> order;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < std::max(1, options.repeat); ++i) {
    auto report = run_once();
    MFP_RETURN_IF_ERROR(report.status);
    result.pages += static_cast<std::uint32_t>(report.pages);
    for (const auto& s : report.stages) {
      if (!stage_totals.count(s.name)) order.push_back(s.name);
      stage_totals[s.name].first += s.nanoseconds;
      stage_totals[s.name].second += s.pixels;
    }
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.pages_per_minute = result.seconds > 0 ? result.pages * 60.0 / result.seconds : 0;
  result.first_page_seconds = first_page;
  for (const auto& name : order) {
    const auto [ns, px] = stage_totals[name];
    StageFigure f;
    f.name = name;
    f.ms_per_page = result.pages ? static_cast<double>(ns) / 1e6 / result.pages : 0;
    f.mpx_per_s = ns ? static_cast<double>(px) / (static_cast<double>(ns) / 1e9) / 1e6 : 0;
    result.stages.push_back(f);
  }
  result.peak_rss_mb = peak_rss_mb();
  return result;
}

std::string BenchResult::to_text() const {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(1);
  o << input << ": " << pages << " pages in " << seconds << " s = " << pages_per_minute
    << " pages/min, first page " << first_page_seconds * 1000 << " ms, peak RSS " << peak_rss_mb
    << " MB\n";
  for (const auto& s : stages) {
    o << "  " << s.name << ": " << s.ms_per_page << " ms/page (CPU), " << s.mpx_per_s
      << " Mpx/s per thread\n";
  }
  return o.str();
}

std::string BenchResult::to_json() const {
  nlohmann::json j;
  j["input"] = input;
  j["pages"] = pages;
  j["seconds"] = seconds;
  j["pages_per_minute"] = pages_per_minute;
  j["first_page_seconds"] = first_page_seconds;
  j["peak_rss_mb"] = peak_rss_mb;
  for (const auto& s : stages) {
    j["stages"][s.name] = {{"ms_per_page", s.ms_per_page}, {"mpx_per_s", s.mpx_per_s}};
  }
  return j.dump(2);
}

Result<StageBenchResult> run_stage_bench(const BenchOptions& options, const std::string& stage) {
  static const std::vector<std::string> kChain = {"color", "halftone", "compress"};
  auto target = std::find(kChain.begin(), kChain.end(), stage);
  if (target == kChain.end()) {
    return make_error(StatusCode::invalid_argument, "no stage benchmark for " + stage);
  }
  MFP_ASSIGN_OR_RETURN(auto bytes, load(options.input));
  MFP_ASSIGN_OR_RETURN(std::string format, format_of(*bytes, options.input.string()));
  pipeline::StageRegistry registry;
  MFP_RETURN_IF_ERROR(stages::register_stages(registry));
  pipeline::StageConfig config{options.job, stages::default_engine_profile_path()};
  pipeline::BufferPool pool;

  // Decode the document into bands, and run the stages before the measured one, untimed.
  MFP_ASSIGN_OR_RETURN(auto source, registry.make_source(format, config));
  MemoryDocumentStream stream(bytes);
  pipeline::SourceContext ctx{pipeline::OwnerTag{0, 1}, options.job, 0, 0};
  MFP_ASSIGN_OR_RETURN(auto state, source->open(stream, ctx));
  std::vector<pipeline::Band> bands;
  while (true) {
    MFP_ASSIGN_OR_RETURN(auto band, state->next(pool));
    if (!band) break;
    bands.push_back(std::move(*band));
  }
  if (source->traits().emits_deferred) {  // PDF pages: painted by the render stage, untimed
    MFP_ASSIGN_OR_RETURN(auto render, registry.make_stage("render", config));
    auto st = render->make_state();
    for (auto& b : bands) {
      MFP_ASSIGN_OR_RETURN(b, render->process(std::move(b), st.get(), pool));
    }
  }
  for (auto it = kChain.begin(); it != target; ++it) {
    MFP_ASSIGN_OR_RETURN(auto s, registry.make_stage(*it, config));
    auto st = s->make_state();
    for (auto& b : bands) {
      MFP_ASSIGN_OR_RETURN(b, s->process(std::move(b), st.get(), pool));
    }
  }
  MFP_ASSIGN_OR_RETURN(auto measured, registry.make_stage(stage, config));
  std::uint64_t pixels = 0;
  for (const auto& b : bands) pixels += b.pixels();

  auto control = limit_threads(options.threads);
  const int repeat = std::max(1, options.repeat);
  std::vector<pipeline::Band> work;
  double seconds = 0;
  for (int r = 0; r < repeat + 1; ++r) {  // first round warms up
    // Each round works on fresh copies so the stage always sees its real input.
    work.clear();
    for (const auto& b : bands) {
      auto copy = pipeline::make_band_like(b, b.format, pool);
      if (!copy) return copy.status();
      copy->encoding = b.encoding;
      std::memcpy(copy->data.data(), b.data.data(), b.data.size());
      copy->data.set_size(b.data.size());
      work.push_back(std::move(copy).value());
    }
    std::atomic<bool> failed{false};
    const auto start = std::chrono::steady_clock::now();
    oneapi::tbb::parallel_for(std::size_t{0}, work.size(), [&](std::size_t i) {
      thread_local std::unique_ptr<pipeline::StageState> st;
      thread_local const pipeline::Stage* owner = nullptr;
      if (owner != measured.get()) {
        st = measured->make_state();
        owner = measured.get();
      }
      auto out = measured->process(std::move(work[i]), st.get(), pool);
      if (!out) {
        failed = true;
      } else {
        work[i] = std::move(out).value();
      }
    });
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (failed) return make_error(StatusCode::internal, stage + " failed during the benchmark");
    if (r > 0) seconds += s;
  }
  StageBenchResult result;
  result.stage = stage;
  result.pixels = pixels * static_cast<std::uint64_t>(repeat);
  result.seconds = seconds;
  result.mpx_per_s = seconds > 0 ? static_cast<double>(result.pixels) / seconds / 1e6 : 0;
  result.threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  return result;
}

std::string StageBenchResult::to_text() const {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(1);
  o << stage << ": " << static_cast<double>(pixels) / 1e6 << " Mpx in " << seconds
    << " s = " << mpx_per_s << " Mpx/s with " << threads << " thread(s)\n";
  return o.str();
}

std::string StageBenchResult::to_json() const {
  nlohmann::json j;
  j["stage"] = stage;
  j["threads"] = threads;
  j["megapixels"] = static_cast<double>(pixels) / 1e6;
  j["seconds"] = seconds;
  j["mpx_per_s"] = mpx_per_s;
  return j.dump(2);
}

}  // namespace mfp::bench
