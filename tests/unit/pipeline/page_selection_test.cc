// page-ranges: which pages a range set selects, what IPP accepts, the source filter that keeps
// only the selected pages (renumbered without gaps), and their life in a job record.

#include <gtest/gtest.h>

#include "pipeline/jobs/job_record.h"
#include "pipeline/page_range.h"
#include "pipeline/page_selection.h"
#include "tests/support/test_stages.h"

namespace mfp::pipeline {
namespace {

TEST(PageRange, SelectsInclusiveRangesAndEverythingWhenEmpty) {
  const std::vector<PageRange> r = {{2, 3}, {5, 5}};
  const bool expected[] = {false, true, true, false, true, false};
  for (std::uint32_t p = 1; p <= 6; ++p) EXPECT_EQ(page_selected(r, p), expected[p - 1]) << p;
  EXPECT_TRUE(page_selected({}, 42));
  EXPECT_EQ(last_selected_page(r), 5u);
  EXPECT_EQ(last_selected_page({}), 0u);
}

TEST(PageRange, ValidRangesAscendAndDoNotOverlap) {
  struct Case {
    std::vector<PageRange> ranges;
    bool valid;
  };
  const Case cases[] = {
      {{{1, 1}}, true},          {{{1, 3}, {4, 9}}, true},  {{{0, 2}}, false}, {{{3, 2}}, false},
      {{{1, 3}, {3, 4}}, false}, {{{5, 6}, {1, 2}}, false}, {{}, true},
  };
  for (const auto& c : cases) EXPECT_EQ(valid_page_ranges(c.ranges), c.valid);
}

// Pages 2, 3 and 5 of a 6-page document come out as job pages 10, 11, 12 (the document starts
// at job page 10), each whole, and the source is not read past page 5.
TEST(PageSelection, KeepsSelectedPagesRenumberedAndStopsAfterTheLast) {
  testing::SyntheticSource::Options o;
  o.pages = 6;
  o.width = 8;
  o.height = 8;
  o.band_rows = 3;
  testing::SyntheticSource source(o);
  testing::EmptyStream stream;
  SourceContext ctx{OwnerTag{1, 1}, {}, 0, 10};
  auto opened = source.open(stream, ctx);
  ASSERT_TRUE(opened.is_ok());
  auto state = select_pages(std::move(opened).value(), {{2, 3}, {5, 5}}, 10);
  BufferPool pool;
  std::vector<std::pair<std::uint32_t, std::uint8_t>> seen;  // job page, first pixel
  std::uint32_t bands = 0;
  while (true) {
    auto b = state->next(pool);
    ASSERT_TRUE(b.is_ok()) << b.status().to_string();
    if (!b.value()) break;
    ++bands;
    if (b.value()->index == 0) seen.emplace_back(b.value()->page->page, b.value()->data.data()[0]);
  }
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(bands, 9u);  // three bands of three rows per 8-row page
  // SyntheticSource's pixel (0,0) of document page p (0-based, job-numbered from 10) is 7*(10+p).
  const std::uint32_t doc_pages[] = {1, 2, 4};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(seen[i].first, 10 + i);
    EXPECT_EQ(seen[i].second, testing::SyntheticSource::pixel(0, 0, 10 + doc_pages[i]));
  }
}

TEST(PageSelection, JobRecordsKeepPageRanges) {
  jobs::JobRecord r;
  r.id = 7;
  r.options.page_ranges = {{1, 2}, {4, 9}};
  auto text = jobs::to_json(r);
  auto back = jobs::job_record_from_json(text);
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(back.value().options.page_ranges, r.options.page_ranges);
  // A stored record with overlapping ranges is refused as corrupt.
  const auto at = text.find("[[1,2],[4,9]]");
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, 13, "[[1,5],[4,9]]");
  EXPECT_FALSE(jobs::job_record_from_json(text).is_ok());
}

}  // namespace
}  // namespace mfp::pipeline
