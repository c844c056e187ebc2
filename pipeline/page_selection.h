#pragma once
// select_pages(): the page filter for sources that do not honour page-ranges themselves.

#include <cstdint>
#include <memory>
#include <vector>

#include "pipeline/page_range.h"
#include "pipeline/stage.h"

namespace mfp::pipeline {

// Wraps a source's state so only the selected pages of its document come out, numbered on from
// `first_page` without gaps. Bands of other pages are dropped (zeroed) as they are decoded; the
// document is not decoded past the last selected page. Used by the graph builder for sources
// that do not select pages themselves (StageTraits::selects_pages).
[[nodiscard]] std::unique_ptr<SourceState> select_pages(std::unique_ptr<SourceState> inner,
                                                        std::vector<PageRange> ranges,
                                                        std::uint32_t first_page);

}  // namespace mfp::pipeline
