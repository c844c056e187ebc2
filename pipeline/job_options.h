#pragma once
// JobOptions: the print-path choices a job makes, read by stage factories when a graph is built.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/page_geometry.h"
#include "pipeline/page_layout.h"
#include "pipeline/page_range.h"
#include "pipeline/secret_text.h"

namespace mfp::pipeline {

// IPP print-color-mode: color; monochrome (black toner only); automatic (pages without color
// print with black toner only and count as black impressions, the others in color).
enum class ColorMode : std::uint8_t { color, monochrome, automatic };
enum class RenderingIntent : std::uint8_t {
  perceptual,
  relative_colorimetric,
  saturation,
  absolute_colorimetric,
};
enum class Screen : std::uint8_t { clustered_dot, error_diffusion };
enum class JobType : std::uint8_t {
  print,
  copy,
  scan,
  fax_send,
  fax_receive,
  mailbox,
  print_reports
};

std::string_view to_string(JobType t) noexcept;

struct JobOptions {
  std::uint32_t dpi = 600;                  // engine resolution: 300 or 600
  ColorMode color_mode = ColorMode::color;  // monochrome prints with black toner only
  RenderingIntent intent = RenderingIntent::perceptual;
  Screen screen = Screen::clustered_dot;
  unsigned engine_bits = 1;      // bits per colorant at the engine: 1 or 2
  std::uint32_t band_rows = 64;  // rows per band made by sources
  std::string document_format;   // MIME type; empty = sniff
  // The password that opens an encrypted document (IPP document-password); null: none given.
  std::shared_ptr<const SecretText> document_password;
  // Wall time one page may take to interpret and render before it is aborted with a clear
  // reason (a runaway PDF page never hangs the device).
  std::uint32_t page_time_budget_ms = 30'000;
  // One- or two-sided printing (IPP sides); the engine prints pages two to a sheet.
  Sides sides = Sides::one_sided;
  // Pages of each document to print (IPP page-ranges), 1-based inclusive; empty: all pages.
  std::vector<PageRange> page_ranges;
  // Where pages go on sheets (media, tray, orientation, scaling, number-up) and which output bin
  // takes them.
  PageLayout layout;
  // Collated copies of the job, printed again from the sealed page store (set from the job's
  // record when it runs; not kept in the options of the record, which holds its own copies).
  std::uint32_t copies = 1;
};

}  // namespace mfp::pipeline
