// mfp-print: runs documents through the print pipeline to the simulated engine and writes,
// per engine page, a PNG preview and its raster checksum, plus pages.json describing them.
//
//   mfp-print [--dpi 300|600] [--mono | --color-mode M] [--sides S] [--media M] [--tray T]
//   [--orientation N]
//             [--scaling S] [--number-up N] [--output-bin B] --out DIR FILE...
//
// Each FILE is one job. Exit status: 0 when every job printed, 1 when any failed (each failure
// is reported on stderr with its reason), 2 on bad arguments.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "engine_hw/media_size.h"
#include "frontends/cli/print_rig.h"

namespace {

using mfp::frontends::cli::JobReport;
using mfp::frontends::cli::PrintRig;
using mfp::frontends::cli::PrintRigOptions;

nlohmann::json page_json(const mfp::engine_hw::sim::PrintedPage& p, const std::string& document,
                         const std::filesystem::path& out_dir) {
  nlohmann::json j;
  j["sequence"] = p.sequence;
  j["job"] = p.owner.job_id;
  j["document"] = document;
  j["page"] = p.geometry.page + 1;
  j["width"] = p.geometry.width;
  j["height"] = p.geometry.height;
  j["dpi"] = p.geometry.x_dpi;
  j["format"] = std::string(mfp::pipeline::to_string(p.format));
  j["color"] = p.color;
  j["tray"] = p.tray;
  j["output_bin"] = p.output_bin;
  j["sheet"] = p.sheet;
  j["side"] = p.back ? "back" : "front";
  j["sha256"] = p.sha256;
  j["coverage"] = {{"cyan", p.coverage[0]},
                   {"magenta", p.coverage[1]},
                   {"yellow", p.coverage[2]},
                   {"black", p.coverage[3]}};
  if (!p.preview_path.empty()) {
    j["preview"] = std::filesystem::relative(p.preview_path, out_dir).string();
  }
  if (!p.preview_status.is_ok()) j["preview_error"] = p.preview_status.to_string();
  return j;
}

// The command line's values.
struct Args {
  std::uint32_t dpi = 600;
  bool mono = false;
  std::string out_dir;
  std::vector<std::string> files;
  std::string speed = "unthrottled";
  std::string model = "C7070";
  unsigned bits = 1;
  std::string screen = "clustered";
  bool no_preview = false;
  std::string sides = "one-sided";
  std::string media;
  std::string tray;
  std::int32_t orientation = 0;
  std::string scaling = "auto";
  std::uint32_t number_up = 1;
  std::string output_bin;
  std::string color_mode = "auto";
};

void add_options(CLI::App& app, Args& a) {
  app.add_option("--dpi", a.dpi, "engine resolution")->check(CLI::IsMember({300, 600}));
  app.add_option("--sides", a.sides, "one-sided, two-sided-long-edge or two-sided-short-edge")
      ->check(CLI::IsMember({"one-sided", "two-sided-long-edge", "two-sided-short-edge"}));
  app.add_option("--media", a.media,
                 "sheet size, a PWG media name (iso_a4_210x297mm); default: "
                 "each page's own size");
  app.add_option("--tray", a.tray, "input tray (tray-1..tray-4, bypass); default: by size");
  app.add_option("--orientation", a.orientation,
                 "orientation-requested: 3 portrait, 4 landscape, 5 reverse-landscape, 6 "
                 "reverse-portrait")
      ->check(CLI::IsMember({3, 4, 5, 6}));
  app.add_option("--scaling", a.scaling, "print-scaling: auto, auto-fit, fit, fill or none")
      ->check(CLI::IsMember({"auto", "auto-fit", "fit", "fill", "none"}));
  app.add_option("--number-up", a.number_up, "pages a sheet: 1, 2, 4, 6, 9 or 16")
      ->check(CLI::IsMember({1, 2, 4, 6, 9, 16}));
  app.add_option("--output-bin", a.output_bin, "output bin; default: face-down");
  app.add_flag("--mono", a.mono, "print with black toner only (--color-mode monochrome)");
  app.add_option("--color-mode", a.color_mode,
                 "print-color-mode: auto (pages without color in black toner only), color or "
                 "monochrome")
      ->check(CLI::IsMember({"auto", "color", "monochrome"}));
  app.add_option("--out", a.out_dir, "directory for previews, checksums and pages.json")
      ->required();
  app.add_option("--speed", a.speed, "engine pacing: rated or unthrottled")
      ->check(CLI::IsMember({"rated", "unthrottled"}));
  app.add_option("--model", a.model, "engine model (C7070, C6570, C5570, C4570, C3570, C3070)");
  app.add_option("--bits", a.bits, "bits per colorant at the engine")->check(CLI::IsMember({1, 2}));
  app.add_option("--screen", a.screen, "halftone: clustered or diffusion")
      ->check(CLI::IsMember({"clustered", "diffusion"}));
  app.add_flag("--no-preview", a.no_preview, "skip PNG previews");
  app.add_option("files", a.files, "documents: PDF, PWG raster, Apple raster, JPEG, TIFF")
      ->required();
}

// The job options the arguments ask for; a bad --media: its status.
mfp::pipeline::Result<mfp::pipeline::JobOptions> job_options(const Args& a) {
  mfp::pipeline::JobOptions options;
  options.dpi = a.dpi;
  options.color_mode = a.mono || a.color_mode == "monochrome" ? mfp::pipeline::ColorMode::monochrome
                       : a.color_mode == "color"              ? mfp::pipeline::ColorMode::color
                                                              : mfp::pipeline::ColorMode::automatic;
  options.engine_bits = a.bits;
  options.sides =
      mfp::pipeline::sides_from_keyword(a.sides).value_or(mfp::pipeline::Sides::one_sided);
  options.screen = a.screen == "diffusion" ? mfp::pipeline::Screen::error_diffusion
                                           : mfp::pipeline::Screen::clustered_dot;
  mfp::pipeline::PageLayout& layout = options.layout;
  if (!a.media.empty()) {
    MFP_RETURN_IF_ERROR(mfp::engine_hw::set_layout_media(layout, a.media));
  }
  layout.tray = a.tray;
  layout.margin_mm = mfp::engine_hw::kUnprintableMarginMm;
  layout.orientation = mfp::pipeline::orientation_from_enum(a.orientation)
                           .value_or(mfp::pipeline::Orientation::none);
  layout.scaling =
      mfp::pipeline::scaling_from_keyword(a.scaling).value_or(mfp::pipeline::Scaling::automatic);
  layout.number_up = a.number_up;
  layout.output_bin = a.output_bin;
  return options;
}

// Prints each file as a job and writes pages.json and checksums.sha256 to `out`. True when
// every job printed.
bool print_all(PrintRig& rig, const Args& a, const mfp::pipeline::JobOptions& options,
               const std::filesystem::path& out) {
  nlohmann::json report;
  report["engine"] = a.model;
  report["dpi"] = a.dpi;
  report["mono"] = a.mono;
  report["jobs"] = nlohmann::json::array();
  report["pages"] = nlohmann::json::array();
  std::ofstream checksums(out / "checksums.sha256", std::ios::trunc);
  bool all_ok = true;
  std::uint64_t seen = 0;
  for (const auto& file : a.files) {
    JobReport job = rig.print_files({file}, options, file);
    nlohmann::json j;
    j["job"] = job.job_id;
    j["document"] = file;
    j["status"] = job.status.is_ok() ? "completed" : job.status.to_string();
    j["pages"] = job.pages;
    j["seconds"] = job.seconds;
    report["jobs"].push_back(j);
    if (!job.status.is_ok()) {
      all_ok = false;
      std::cerr << "mfp-print: " << file << ": " << job.status.to_string() << "\n";
    } else {
      std::cout << file << ": " << job.pages << " page(s) printed in " << job.seconds << " s\n";
    }
    for (const auto& rec : rig.engine().output_tray().records()) {
      if (rec.sequence <= seen) continue;
      seen = rec.sequence;
      report["pages"].push_back(page_json(rec, file, out));
      char name[32];
      std::snprintf(name, sizeof name, "page-%06llu",
                    static_cast<unsigned long long>(rec.sequence));
      checksums << rec.sha256 << "  " << name << "\n";
    }
  }
  std::ofstream(out / "pages.json", std::ios::trunc) << report.dump(2) << "\n";
  return all_ok;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Print documents through the OpenMFP pipeline to the simulated engine"};
  Args a;
  add_options(app, a);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help exits 0; every usage error exits 2, as scripts expect.
    return app.exit(e) == 0 ? 0 : 2;
  }

  std::error_code ec;
  std::filesystem::create_directories(a.out_dir, ec);
  if (ec) {
    std::cerr << "mfp-print: cannot create " << a.out_dir << ": " << ec.message() << "\n";
    return 2;
  }
  const std::filesystem::path out = std::filesystem::absolute(a.out_dir);

  PrintRigOptions rig_options;
  rig_options.engine.model = a.model;
  rig_options.engine.pacing = a.speed == "rated" ? mfp::engine_hw::sim::Pacing::rated
                                                 : mfp::engine_hw::sim::Pacing::unthrottled;
  rig_options.engine.output.capture_previews = !a.no_preview;
  rig_options.engine.output.preview_dir = out;
  rig_options.engine.output.max_records = 100000;
  auto rig = PrintRig::create(rig_options);
  if (!rig) {
    std::cerr << "mfp-print: " << rig.status().to_string() << "\n";
    return 2;
  }
  auto options = job_options(a);
  if (!options) {
    std::cerr << "mfp-print: --media: " << options.status().message() << "\n";
    return 2;
  }
  return print_all(*rig.value(), a, options.value(), out) ? 0 : 1;
}
