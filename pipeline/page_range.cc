#include "pipeline/page_range.h"

#include <algorithm>

namespace mfp::pipeline {

bool page_selected(const std::vector<PageRange>& ranges, std::uint32_t page) noexcept {
  if (ranges.empty()) return true;
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const PageRange& r) { return page >= r.first && page <= r.last; });
}

std::uint32_t last_selected_page(const std::vector<PageRange>& ranges) noexcept {
  std::uint32_t last = 0;
  for (const auto& r : ranges) last = std::max(last, r.last);
  return last;
}

bool valid_page_ranges(const std::vector<PageRange>& ranges) noexcept {
  std::uint32_t previous = 0;
  for (const auto& r : ranges) {
    if (r.first < 1 || r.first > r.last || r.first <= previous) return false;
    previous = r.last;
  }
  return true;
}

}  // namespace mfp::pipeline
