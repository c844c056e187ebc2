// Acceptance (issue 3): print, store and cancel jobs whose data and names carry unique markers;
// stop the device; search every byte under the data directory and the NVRAM file for the
// markers, their UTF-16 forms and the raw pixels of a known band: nothing may be found.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>

#include "codecs/byte_io.h"
#include "codecs/pwg_raster_writer.h"
#include "frontends/cli/print_rig.h"
#include "stages/rip/document_format.h"
#include "tests/support/documents.h"
#include "tests/support/test_security.h"

namespace mfp {
namespace {

constexpr char kNameMarker[] = "JOBNAME-MARKER-5f3a91c2";
constexpr char kDataMarker[] = "DOCDATA-MARKER-e81b07d4";

std::vector<std::uint8_t> utf16le(std::string_view s) {
  std::vector<std::uint8_t> out;
  for (char c : s) {
    out.push_back(static_cast<std::uint8_t>(c));
    out.push_back(0);
  }
  return out;
}

// A PWG raster document of random pixels whose media type carries kDataMarker; `row` receives
// 64 raw bytes of one of its rows (a known band's pixels).
std::vector<std::uint8_t> marked_document(std::uint32_t pages, std::vector<std::uint8_t>& row) {
  const std::uint32_t w = 600, h = 400;
  std::mt19937 rng(1234);
  std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * h * 3);
  for (auto& b : px) b = static_cast<std::uint8_t>(rng());
  row.assign(px.begin() + 200 * w * 3 + 300, px.begin() + 200 * w * 3 + 364);
  std::vector<std::uint8_t> out;
  codecs::VectorSink sink(out);
  codecs::PwgRasterWriter writer(sink);
  auto header = codecs::PwgPageHeader::for_type(codecs::PwgRasterType::srgb_8, w, h, 300, 300);
  header.media_type = kDataMarker;
  for (std::uint32_t p = 0; p < pages; ++p) {
    EXPECT_TRUE(writer.begin_page(header).is_ok());
    EXPECT_TRUE(writer.write_rows(px.data(), static_cast<std::size_t>(w) * 3, h).is_ok());
  }
  EXPECT_TRUE(writer.finish().is_ok());
  return out;
}

std::vector<std::uint8_t> read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool contains(const std::vector<std::uint8_t>& hay, std::span<const std::uint8_t> needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

TEST(Plaintext, NoMarkerOrPixelReachesStorage) {
  const auto root = testing::make_temp_dir("mfp-plaintext");
  std::vector<std::uint8_t> row;
  const auto doc = marked_document(3, row);
  {
    frontends::cli::PrintRigOptions o;
    o.data_dir = root / "data";
    o.nvram_path = root / "nvram" / "nvram.bin";
    // At the rated 70 pages/min a 40-page job cannot finish before it is cancelled.
    o.engine.pacing = engine_hw::sim::Pacing::rated;
    auto rig = frontends::cli::PrintRig::create(o);
    ASSERT_TRUE(rig.is_ok()) << rig.status().to_string();
    const std::string format(stages::rip::kPwgRaster);

    // 1. A job that prints.
    std::vector<stages::PrintDocument> docs;
    docs.push_back(testing::document(format, doc));
    auto printed = rig.value()->print_documents(std::move(docs), {}, kNameMarker);
    ASSERT_TRUE(printed.status.is_ok()) << printed.status.to_string();
    EXPECT_EQ(printed.pages, 3u);

    // 2. A job cancelled once its first page is out.
    docs.clear();
    docs.push_back(testing::document(format, marked_document(40, row)));
    std::atomic<pipeline::JobContext*> running{nullptr};
    std::thread canceller([&] {
      while (running.load() == nullptr || running.load()->pages() < 1) std::this_thread::yield();
      running.load()->cancel();
    });
    auto cancelled =
        rig.value()->print_documents(std::move(docs), {}, std::string(kNameMarker) + "-cancelled",
                                     [&](pipeline::JobContext& job) { running = &job; });
    canceller.join();
    EXPECT_EQ(cancelled.status.code(), pipeline::StatusCode::cancelled);

    // 3. A stored (held) document left in storage when the device stops.
    pipeline::JobContext held(pipeline::OwnerTag{7, 999}, pipeline::JobType::print,
                              std::string(kNameMarker) + "-held", {});
    auto writer = rig.value()->security().envelope().create_object(held, "document");
    ASSERT_TRUE(writer.is_ok()) << writer.status().to_string();
    ASSERT_TRUE(writer.value()->write(doc).is_ok());
    ASSERT_TRUE(writer.value()->commit().is_ok());
    EXPECT_EQ(rig.value()->security().envelope().live_objects(), 1u);
  }  // the device stops

  const std::string name(kNameMarker), data(kDataMarker);
  const std::vector<std::vector<std::uint8_t>> needles = {
      {name.begin(), name.end()}, utf16le(name), {data.begin(), data.end()}, utf16le(data), row};
  std::size_t files = 0, bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const auto content = read_all(entry.path());
    ++files;
    bytes += content.size();
    for (std::size_t i = 0; i < needles.size(); ++i) {
      EXPECT_FALSE(contains(content, needles[i]))
          << "needle " << i << " found in " << entry.path().string();
    }
  }
  EXPECT_GT(files, 3u);  // the store, the audit log, the journal and the NVRAM were searched
  EXPECT_GT(bytes, doc.size());  // including the held document's sealed copy
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace mfp
