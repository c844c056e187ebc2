// mfp-bench: measures the print path end to end (pages per minute, per-stage cost, peak RSS)
// with the engine unthrottled, or one stage alone, and writes the built-in workloads.
//
//   mfp-bench --input FILE [--repeat N] [--threads T] [--queue] [--json]
//   mfp-bench --stage color|halftone|compress --input FILE [--repeat N] [--threads T] [--json]
//   mfp-bench --gen DIR

#include <CLI/CLI.hpp>

#include <iostream>

#include "bench/print_bench.h"
#include "bench/workloads.h"

int main(int argc, char** argv) {
  CLI::App app{"OpenMFP print-path benchmark"};
  std::string input, stage, gen_dir;
  int repeat = 3, threads = 0;
  std::uint32_t dpi = 600;
  bool json = false, mono = false;
  app.add_option("--input", input, "document to print (PWG raster, URF, JPEG, TIFF)");
  app.add_option("--stage", stage, "measure one stage alone")
      ->check(CLI::IsMember({"color", "halftone", "compress"}));
  app.add_option("--repeat", repeat, "measured runs")->check(CLI::Range(1, 10000));
  app.add_option("--threads", threads, "worker threads (0 = all)")->check(CLI::Range(0, 256));
  app.add_option("--dpi", dpi, "engine resolution")->check(CLI::IsMember({300, 600}));
  app.add_flag("--mono", mono, "black toner only");
  app.add_flag("--json", json, "print JSON");
  bool queue = false;
  app.add_flag("--queue", queue, "submit the jobs to the device's job queue (mfpd's path)");
  app.add_option("--gen", gen_dir, "write the built-in workloads to DIR and exit");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help exits 0; every usage error exits 2, as scripts expect.
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (!gen_dir.empty()) {
    auto written = mfp::bench::generate_workloads(gen_dir, dpi);
    if (!written) {
      std::cerr << "mfp-bench: " << written.status().to_string() << "\n";
      return 1;
    }
    for (const auto& p : written.value()) std::cout << p.string() << "\n";
    return 0;
  }
  if (input.empty()) {
    std::cerr << "mfp-bench: --input FILE or --gen DIR is required\n";
    return 2;
  }
  mfp::bench::BenchOptions options;
  options.input = input;
  options.repeat = repeat;
  options.threads = threads;
  options.queue = queue;
  options.job.dpi = dpi;
  options.job.color_mode =
      mono ? mfp::pipeline::ColorMode::monochrome : mfp::pipeline::ColorMode::color;
  if (!stage.empty()) {
    auto r = mfp::bench::run_stage_bench(options, stage);
    if (!r) {
      std::cerr << "mfp-bench: " << r.status().to_string() << "\n";
      return 1;
    }
    std::cout << (json ? r->to_json() + "\n" : r->to_text());
    return 0;
  }
  auto r = mfp::bench::run_print_bench(options);
  if (!r) {
    std::cerr << "mfp-bench: " << r.status().to_string() << "\n";
    return 1;
  }
  std::cout << (json ? r->to_json() + "\n" : r->to_text());
  return 0;
}
