#include "pipeline/page_selection.h"

#include <optional>

namespace mfp::pipeline {

namespace {

class PageSelectingState final : public SourceState {
 public:
  PageSelectingState(std::unique_ptr<SourceState> inner, std::vector<PageRange> ranges,
                     std::uint32_t first_page)
      : inner_(std::move(inner)),
        ranges_(std::move(ranges)),
        first_page_(first_page),
        last_(last_selected_page(ranges_)) {}

  Result<std::optional<Band>> next(BufferPool& pool) noexcept override {
    try {
      while (true) {
        if (last_ != 0 && page_ >= last_) return std::optional<Band>{};  // nothing more wanted
        MFP_ASSIGN_OR_RETURN(std::optional<Band> band, inner_->next(pool));
        if (!band) return band;
        const bool keep = page_selected(ranges_, page_ + 1);
        const bool last_band = band->last_in_page;
        if (last_band) ++page_;
        if (!keep) continue;  // the band's buffer is zeroed as it goes
        if (band->index == 0 || !renumbered_) {
          auto g = std::make_shared<PageGeometry>(*band->page);
          g->page = first_page_ + emitted_;
          renumbered_ = std::move(g);
        }
        band->page = renumbered_;
        if (last_band) {
          ++emitted_;
          renumbered_.reset();
        }
        return band;
      }
    } catch (...) {
      return pipeline::current_exception_status("page selection");
    }
  }

 private:
  std::unique_ptr<SourceState> inner_;
  std::vector<PageRange> ranges_;
  std::uint32_t first_page_;
  std::uint32_t last_;
  std::uint32_t page_ = 0;     // pages of the document seen so far
  std::uint32_t emitted_ = 0;  // selected pages passed on
  std::shared_ptr<const PageGeometry> renumbered_;
};

}  // namespace

std::unique_ptr<SourceState> select_pages(std::unique_ptr<SourceState> inner,
                                          std::vector<PageRange> ranges, std::uint32_t first_page) {
  return std::make_unique<PageSelectingState>(std::move(inner), std::move(ranges), first_page);
}

}  // namespace mfp::pipeline
