#pragma once
// EngineCounters: the engine's billing meters (the counters the CWIS Home page and the panel
// show).

#include <cstdint>

namespace mfp::engine_hw {

// Lifetime counts since the engine was made. Plain value; never fails. An impression is one
// printed side; a page is color when it carries any cyan, magenta or yellow dot, black otherwise
// (a blank page is a black impression: it still used a sheet).
struct EngineCounters {
  std::uint64_t total_impressions = 0;  // color + black
  std::uint64_t color_impressions = 0;
  std::uint64_t black_impressions = 0;
  std::uint64_t sheets = 0;         // sheets fed from the trays and delivered
  std::uint64_t duplex_sheets = 0;  // sheets printed on both sides
  std::uint64_t jams = 0;           // media jams since the engine was made
};

}  // namespace mfp::engine_hw
