#pragma once
// check_print_conflicts(): decides which print options cannot be printed together, so every
// front end refuses the same combinations (IPP answers client-error-conflicting-attributes).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/job_options.h"
#include "pipeline/status.h"

namespace mfp::stages {

// What the device holds that a job's options are checked against.
struct PaperFacts {
  std::string media_type;  // the job's media type (IPP media-type); empty: the tray's
  // The size of the paper loaded in the job's tray (layout.tray), millimetres; nullopt when the
  // job names no tray.
  std::optional<std::pair<double, double>> tray_size_mm;
};

// A combination the device cannot print, with the IPP attribute names involved.
struct PrintConflict {
  std::vector<std::string> attributes;
  std::string reason;
};

// The conflicts of `options` (empty: it can print): a tray that holds another size than the
// media asked for, and two-sided printing on media that cannot go through the duplexer
// (envelopes, labels, transparencies, photo paper). Never fails otherwise.
[[nodiscard]] std::vector<PrintConflict> check_print_conflicts(const pipeline::JobOptions& options,
                                                               const PaperFacts& paper);

}  // namespace mfp::stages
