#include "engine_hw/engine_status.h"

#include <gtest/gtest.h>

#include "engine_hw/toner_info.h"
#include "engine_hw/tray_info.h"

namespace mfp::engine_hw {
namespace {

TEST(EngineStatus, KeywordsCarryIppSeveritySuffixes) {
  EngineStatus s;
  EXPECT_EQ(s.keywords(), std::vector<std::string>{"none"});
  s.reasons = {StateReason::media_empty, StateReason::media_jam, StateReason::toner_low};
  EXPECT_EQ(s.keywords(), (std::vector<std::string>{"media-empty-warning", "media-jam-error",
                                                    "toner-low-report"}));
  EXPECT_TRUE(s.has(StateReason::media_jam));
  EXPECT_FALSE(s.has(StateReason::door_open));
  EXPECT_EQ(to_string(PrinterState::stopped), "stopped");
  EXPECT_EQ(static_cast<int>(PrinterState::idle), 3);
  EXPECT_EQ(to_string(StateReason::cover_open), "cover-open");
  EXPECT_EQ(to_string(StateReason::media_needed), "media-needed");
}

TEST(TonerInfo, PercentRoundsUpSoOnlyEmptyReadsZero) {
  TonerInfo t{Colorant::cyan, 0.01, 10};
  EXPECT_EQ(t.level_percent(), 1u);
  EXPECT_TRUE(t.low());
  EXPECT_FALSE(t.empty());
  t.level = 0;
  EXPECT_EQ(t.level_percent(), 0u);
  EXPECT_TRUE(t.empty());
  EXPECT_FALSE(t.low());
  EXPECT_EQ(to_string(Colorant::magenta), "magenta");
}

TEST(TrayInfo, LevelPercent) {
  TrayInfo t{"bypass", "iso_a4_210x297mm", "stationery", 96, 48};
  EXPECT_EQ(t.level_percent(), 50u);
  EXPECT_FALSE(t.empty());
}

}  // namespace
}  // namespace mfp::engine_hw
