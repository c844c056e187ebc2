#pragma once
// PrintTicket: the print options a job was submitted with, as the client named them (IPP job
// template keywords): kept with the job so every front end shows them back exactly (IPP
// Get-Job-Attributes reports what the job asked for), and read by the print path for the
// options it applies. Values are checked by the front end that accepted them.

#include <cstdint>
#include <string>

namespace mfp::pipeline::jobs {

struct PrintTicket {
  std::string media;                      // PWG self-describing name; empty: the default
  std::string media_source;               // IPP media-source keyword; empty: auto
  std::string media_type;                 // IPP media-type keyword; empty: the tray's
  std::string sides = "one-sided";        // one-sided, two-sided-long-edge, two-sided-short-edge
  std::string print_color_mode = "auto";  // auto, color, monochrome
  std::int32_t print_quality = 4;         // 3 draft, 4 normal, 5 high
  std::string output_bin = "face-down";
  std::int32_t orientation = 0;  // orientation-requested 3..6; 0: none given
  std::string print_scaling;     // auto, auto-fit, fit, fill, none; empty: none given

  bool operator==(const PrintTicket&) const = default;
};

}  // namespace mfp::pipeline::jobs
