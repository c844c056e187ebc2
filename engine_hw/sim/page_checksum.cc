#include "engine_hw/sim/page_checksum.h"

#include "engine_hw/sim/detail/page_analysis.h"

namespace mfp::engine_hw::sim {

pipeline::Result<std::string> page_checksum(const pipeline::EnginePage& page) noexcept {
  MFP_ASSIGN_OR_RETURN(detail::PageAnalysis analysis, detail::analyze_page(page, false));
  return std::move(analysis.sha256);
}

}  // namespace mfp::engine_hw::sim
