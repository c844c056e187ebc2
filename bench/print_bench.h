#pragma once
// The end-to-end print benchmark behind mfp-bench: a document through RIP, color, halftone,
// compression and the simulated engine (unthrottled), and single-stage measurements.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/job_options.h"
#include "pipeline/status.h"

namespace mfp::bench {

struct StageFigure {
  std::string name;
  double ms_per_page = 0;  // CPU time in the stage per page, summed over threads
  double mpx_per_s = 0;    // pixels per CPU-second in the stage (one thread's throughput)
};

struct BenchResult {
  std::string input;
  std::uint32_t pages = 0;  // pages printed in the measured runs
  double seconds = 0;       // wall time of the measured runs
  double pages_per_minute = 0;
  // Seconds from a job's start to its first page leaving the engine (best of the measured runs).
  double first_page_seconds = 0;
  double peak_rss_mb = 0;
  std::vector<StageFigure> stages;
  std::string to_text() const;
  std::string to_json() const;
};

struct BenchOptions {
  std::filesystem::path input;
  int repeat = 3;
  int threads = 0;  // 0 = all hardware threads
  pipeline::JobOptions job;
  // Submits the jobs to the device's job queue (DeviceCore: spool, scheduler rendering the next
  // job while the engine prints this one) instead of running them one after another.
  bool queue = false;
  // The simulated engine reads every page (checksum, dot count) on the same cores as the
  // pipeline; off measures the controller alone, as a real engine's own hardware would do that.
  bool engine_analysis = true;
};

// Runs one warm-up job, then `repeat` measured jobs of the whole print path.
[[nodiscard]] pipeline::Result<BenchResult> run_print_bench(const BenchOptions& options);

// Measures one stage ("color", "halftone" or "compress") alone on the document's bands, which
// are prepared by the stages before it outside the timing. Wall-clock Mpx/s with `threads`.
struct StageBenchResult {
  std::string stage;
  std::uint64_t pixels = 0;
  double seconds = 0;
  double mpx_per_s = 0;
  int threads = 0;
  std::string to_text() const;
  std::string to_json() const;
};
[[nodiscard]] pipeline::Result<StageBenchResult> run_stage_bench(const BenchOptions& options,
                                                                 const std::string& stage);

// Peak resident set size of this process so far, in MB.
[[nodiscard]] double peak_rss_mb() noexcept;

}  // namespace mfp::bench
