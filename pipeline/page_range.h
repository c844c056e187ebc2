#pragma once
// PageRange: the pages of a document a job prints (IPP page-ranges), 1-based and inclusive,
// applied to each document of the job. Empty ranges select every page.

#include <cstdint>
#include <vector>

namespace mfp::pipeline {

struct PageRange {
  std::uint32_t first = 1;  // 1-based, inclusive
  std::uint32_t last = 1;
  bool operator==(const PageRange&) const = default;
};

// True when `page` (1-based) is in one of `ranges`, or when `ranges` is empty.
[[nodiscard]] bool page_selected(const std::vector<PageRange>& ranges, std::uint32_t page) noexcept;
// The last page any range selects (0 when `ranges` is empty: no bound).
[[nodiscard]] std::uint32_t last_selected_page(const std::vector<PageRange>& ranges) noexcept;
// True when the ranges are valid IPP page-ranges: each first >= 1 and first <= last, in
// ascending order and not overlapping.
[[nodiscard]] bool valid_page_ranges(const std::vector<PageRange>& ranges) noexcept;

}  // namespace mfp::pipeline
