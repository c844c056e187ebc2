#include "stages/print_conflicts.h"

#include <cmath>

namespace mfp::stages {

namespace {

constexpr double kSizeToleranceMm = 1.0;

// Media types a duplexer cannot turn: they jam or do not take toner on the back.
bool one_sided_only(std::string_view media_type) {
  for (std::string_view prefix : {"envelope", "labels", "transparency", "photographic"}) {
    if (media_type.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

bool same_size(double w1, double h1, double w2, double h2) {
  const auto near = [](double a, double b) { return std::abs(a - b) <= kSizeToleranceMm; };
  return (near(w1, w2) && near(h1, h2)) || (near(w1, h2) && near(h1, w2));
}

}  // namespace

std::vector<PrintConflict> check_print_conflicts(const pipeline::JobOptions& options,
                                                 const PaperFacts& paper) {
  std::vector<PrintConflict> out;
  const pipeline::PageLayout& l = options.layout;
  if (!l.tray.empty() && !l.media.empty() && paper.tray_size_mm &&
      !same_size(l.media_width_mm, l.media_height_mm, paper.tray_size_mm->first,
                 paper.tray_size_mm->second)) {
    out.push_back({{"media-col", "media"},
                   "the tray " + l.tray + " holds another paper size than " + l.media});
  }
  if (options.sides != pipeline::Sides::one_sided && one_sided_only(paper.media_type)) {
    out.push_back(
        {{"sides", "media-col"}, "two-sided printing is not possible on " + paper.media_type});
  }
  return out;
}

}  // namespace mfp::stages
