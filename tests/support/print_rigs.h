#pragma once
// Print rigs and one-document jobs for the print-path tests: the whole path with an unthrottled
// simulated engine.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "frontends/cli/print_rig.h"

namespace mfp::testing {

// A rig whose engine keeps `max_records` page records (and each page's preview when
// `previews`); a failure to build is a test failure (and a null rig).
std::unique_ptr<frontends::cli::PrintRig> unthrottled_rig(std::size_t max_records = 1000,
                                                          bool previews = false);

// Prints `bytes` as one job of one document of `format`.
frontends::cli::JobReport print_one(frontends::cli::PrintRig& rig, const std::string& format,
                                    std::vector<std::uint8_t> bytes,
                                    const pipeline::JobOptions& options = {});

}  // namespace mfp::testing
