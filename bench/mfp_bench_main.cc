// mfp-bench: measures the print path end to end (pages per minute, per-stage cost, peak RSS)
// with the engine unthrottled, or one stage alone, and writes the built-in workloads.
//
//   mfp-bench --input FILE [--repeat N] [--threads T] [--queue] [--no-engine-analysis] [--json]
//   mfp-bench --stage color|halftone|compress --input FILE [--repeat N] [--threads T] [--json]
//   mfp-bench --gen DIR
//   mfp-bench --ipp ipps://127.0.0.1:PORT/ipp/print --ipp-mode attributes [--clients N]
//             [--seconds S] | --ipp-mode ingest --input FILE [--repeat N]
//   mfp-bench --web https://127.0.0.1:PORT/PAGE [--clients N] [--seconds S] [--web-logins]

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "bench/ipp_load.h"
#include "bench/print_bench.h"
#include "bench/web_load.h"
#include "bench/workloads.h"

namespace {

int run_ipp(const std::string& uri, const std::string& mode, const std::string& input,
            unsigned clients, unsigned seconds, int repeat, bool json) {
  auto target = mfp::bench::IppTarget::from_uri(uri);
  if (!target) {
    std::cerr << "mfp-bench: " << target.status().to_string() << "\n";
    return 2;
  }
  if (const char* user = std::getenv("MFP_BENCH_IPP_USER")) target->user = user;
  if (const char* password = std::getenv("MFP_BENCH_IPP_PASSWORD")) target->password = password;
  if (mode == "ingest") {
    if (input.empty()) {
      std::cerr << "mfp-bench: --ipp-mode ingest needs --input FILE\n";
      return 2;
    }
    auto r = mfp::bench::print_job_ingest(*target, input, static_cast<unsigned>(repeat));
    if (!r) {
      std::cerr << "mfp-bench: " << r.status().to_string() << "\n";
      return 1;
    }
    if (json) {
      std::printf(
          "{\"bytes\": %llu, \"best_seconds\": %.4f, \"median_seconds\": %.4f, "
          "\"megabytes_per_second\": %.1f}\n",
          static_cast<unsigned long long>(r->bytes), r->best_seconds, r->median_seconds,
          r->megabytes_per_second());
    } else {
      std::printf("Print-Job ingest: %.1f MB in %.3f s (best of %d): %.1f MB/s\n", r->bytes / 1e6,
                  r->best_seconds, repeat, r->megabytes_per_second());
    }
    return 0;
  }
  auto r = mfp::bench::printer_attributes_load(*target, clients, std::chrono::seconds(seconds));
  if (!r) {
    std::cerr << "mfp-bench: " << r.status().to_string() << "\n";
    return 1;
  }
  if (json) {
    std::printf(
        "{\"requests\": %llu, \"errors\": %llu, \"seconds\": %.3f, "
        "\"requests_per_second\": %.1f}\n",
        static_cast<unsigned long long>(r->requests), static_cast<unsigned long long>(r->errors),
        r->seconds, r->per_second());
  } else {
    std::printf("Get-Printer-Attributes: %llu requests, %llu errors, %u clients, %.1f s: %.1f/s\n",
                static_cast<unsigned long long>(r->requests),
                static_cast<unsigned long long>(r->errors), clients, r->seconds, r->per_second());
  }
  return 0;
}

int run_web(const std::string& url, unsigned clients, unsigned seconds, bool logins, bool json) {
  auto target = mfp::bench::WebTarget::from_url(url);
  if (!target) {
    std::cerr << "mfp-bench: " << target.status().to_string() << "\n";
    return 2;
  }
  if (const char* user = std::getenv("MFP_BENCH_WEB_USER")) target->user = user;
  if (const char* password = std::getenv("MFP_BENCH_WEB_PASSWORD")) target->password = password;
  auto r = mfp::bench::web_page_load(*target, clients, std::chrono::seconds(seconds), logins);
  if (!r) {
    std::cerr << "mfp-bench: " << r.status().to_string() << "\n";
    return 1;
  }
  if (json) {
    std::printf(
        "{\"requests\": %llu, \"errors\": %llu, \"seconds\": %.3f, "
        "\"requests_per_second\": %.1f, \"p50_ms\": %.2f, \"p99_ms\": %.2f, "
        "\"max_ms\": %.2f, \"page_bytes\": %llu, \"logins\": %llu, "
        "\"login_p50_ms\": %.1f}\n",
        static_cast<unsigned long long>(r->requests), static_cast<unsigned long long>(r->errors),
        r->seconds, r->per_second(), r->p50_ms, r->p99_ms, r->max_ms,
        static_cast<unsigned long long>(r->page_bytes), static_cast<unsigned long long>(r->logins),
        r->login_p50_ms);
  } else {
    std::printf(
        "GET %s: %u clients, %.1f s: %.1f requests/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms "
        "(%llu errors, page %llu bytes; %llu logins alongside, p50 %.1f ms)\n",
        target->target.c_str(), clients, r->seconds, r->per_second(), r->p50_ms, r->p99_ms,
        r->max_ms, static_cast<unsigned long long>(r->errors),
        static_cast<unsigned long long>(r->page_bytes), static_cast<unsigned long long>(r->logins),
        r->login_p50_ms);
  }
  return r->errors == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"OpenMFP print-path benchmark"};
  std::string input, stage, gen_dir;
  int repeat = 3, threads = 0;
  std::uint32_t dpi = 600;
  bool json = false, mono = false;
  app.add_option("--input", input, "document to print (PDF, PWG raster, URF, JPEG, TIFF)");
  app.add_option("--stage", stage, "measure one stage alone")
      ->check(CLI::IsMember({"color", "halftone", "compress"}));
  app.add_option("--repeat", repeat, "measured runs")->check(CLI::Range(1, 10000));
  app.add_option("--threads", threads, "worker threads (0 = all)")->check(CLI::Range(0, 256));
  app.add_option("--dpi", dpi, "engine resolution")->check(CLI::IsMember({300, 600}));
  app.add_flag("--mono", mono, "black toner only");
  app.add_flag("--json", json, "print JSON");
  bool queue = false;
  app.add_flag("--queue", queue, "submit the jobs to the device's job queue (mfpd's path)");
  bool no_engine_analysis = false;
  app.add_flag("--no-engine-analysis", no_engine_analysis,
               "the simulated engine prints pages unread (no checksum or dot count, work a real "
               "engine's hardware does): the controller alone on the cores");
  app.add_option("--gen", gen_dir, "write the built-in workloads to DIR and exit");
  std::string ipp_uri, ipp_mode;
  unsigned clients = 50, seconds = 10;
  app.add_option("--ipp", ipp_uri,
                 "IPP benchmarks against ipps://HOST:PORT/PATH on loopback (credentials from "
                 "MFP_BENCH_IPP_USER / MFP_BENCH_IPP_PASSWORD)");
  app.add_option("--ipp-mode", ipp_mode, "attributes (requests/s) or ingest (Print-Job MB/s)")
      ->check(CLI::IsMember({"attributes", "ingest"}));
  std::string web_url;
  bool web_logins = false;
  app.add_option("--web", web_url,
                 "GET load on a web page on loopback (a login per client with "
                 "MFP_BENCH_WEB_USER / MFP_BENCH_WEB_PASSWORD)");
  app.add_flag("--web-logins", web_logins, "one more client logs in over and over meanwhile");
  app.add_option("--clients", clients, "concurrent clients (attributes, web)")
      ->check(CLI::Range(1, 500));
  app.add_option("--seconds", seconds, "measured time (attributes)")->check(CLI::Range(1, 600));
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
  if (!web_url.empty()) return run_web(web_url, clients, seconds, web_logins, json);
  if (!ipp_uri.empty()) return run_ipp(ipp_uri, ipp_mode, input, clients, seconds, repeat, json);
  if (input.empty()) {
    std::cerr << "mfp-bench: --input FILE or --gen DIR is required\n";
    return 2;
  }
  mfp::bench::BenchOptions options;
  options.input = input;
  options.repeat = repeat;
  options.threads = threads;
  options.queue = queue;
  options.engine_analysis = !no_engine_analysis;
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
