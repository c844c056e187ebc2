#include "frontends/ipp/ipp_request_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "tests/unit/frontends/ipp/ipp_test_bytes.h"

namespace mfp::frontends::ipp {
namespace {

using testing::IppTestBytes;

// A Print-Job request whose header is about `kib` KiB: job-name-like text attributes of 1000
// bytes each (within every IppLimits default), then `document` bytes of document data.
std::vector<std::uint8_t> big_request(std::size_t kib, std::size_t document) {
  IppTestBytes b;
  b.header(0x0002, 7).operation_group();
  b.group(IppGroupTag::job);
  const std::string value(1000, 'x');
  for (std::size_t i = 0; i * 1024 < kib * 1024; ++i) {
    b.attr(IppValueTag::text_without_language, "x-filler-" + std::to_string(i), value);
  }
  b.end();
  b.bytes.resize(b.bytes.size() + document, 0x42);
  return b.bytes;
}

struct Feed {
  std::optional<ParsedRequest> parsed;
  std::size_t parsed_bytes = 0;
  std::size_t attempts = 0;
  bool failed = false;
};

// Feeds `bytes` to a reader in records of `record` bytes, as a connection would.
Feed feed(const std::vector<std::uint8_t>& bytes, std::size_t record) {
  IppRequestReader reader(IppLimits{});
  Feed out;
  std::size_t at = 0;
  while (true) {
    auto room = reader.prepare(64 * 1024);
    const std::size_t n = std::min({record, room.size(), bytes.size() - at});
    std::memcpy(room.data(), bytes.data() + at, n);
    at += n;
    reader.commit(n);
    IppError error;
    auto r = reader.try_parse(at == bytes.size(), &error);
    if (!r) {
      out.failed = true;
      break;
    }
    if (r.value()) {
      out.parsed = std::move(r.value());
      break;
    }
    if (at == bytes.size()) break;
  }
  out.parsed_bytes = reader.parsed_bytes();
  out.attempts = reader.attempts();
  return out;
}

// Security review finding 4: a header trickled in 256-byte records costs linear parsing, not
// quadratic (reparsing after every record would hand the parser ~2 GB for 1 MiB).
TEST(IppRequestReaderTest, TrickledHeaderParsesInLinearTime) {
  const auto bytes = big_request(1000, 0);
  ASSERT_GT(bytes.size(), 1000u * 1000u);
  const Feed f = feed(bytes, 256);
  ASSERT_TRUE(f.parsed) << "the request parses";
  EXPECT_EQ(f.parsed->document_offset, bytes.size());
  EXPECT_LE(f.parsed_bytes, 3 * bytes.size());
  EXPECT_LE(f.attempts, 32u);
}

// One byte per record (a TLS record each): the room prepared for every read is not zero-filled
// anew each time; the buffer grows by doubling.
TEST(IppRequestReaderTest, OneByteRecordsDoNotRefillTheBuffer) {
  const auto bytes = big_request(64, 0);
  IppRequestReader reader(IppLimits{});
  std::size_t grows = 0;
  std::size_t last = 0;
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    auto room = reader.prepare(64 * 1024);
    room[0] = bytes[at];
    reader.commit(1);
    if (reader.buffer_bytes() != last) ++grows;
    last = reader.buffer_bytes();
    IppError error;
    auto r = reader.try_parse(at + 1 == bytes.size(), &error);
    ASSERT_TRUE(r.is_ok());
    if (r.value()) break;
  }
  EXPECT_LE(grows, 4u);
  EXPECT_LE(reader.buffer_bytes(), 2 * (bytes.size() + 64 * 1024));
  EXPECT_EQ(reader.bytes().size(), bytes.size());
}

// A header that completes early parses as soon as the body ends, or when the document that
// follows doubles the bytes held (a client waiting for nothing is never left waiting).
TEST(IppRequestReaderTest, CompleteHeaderIsFoundWithoutWaitingForMoreThanItNeeds) {
  for (std::size_t document : {std::size_t{0}, std::size_t{10}, std::size_t{300000}}) {
    const auto bytes = big_request(100, document);
    const Feed f = feed(bytes, 1000);
    ASSERT_TRUE(f.parsed) << document;
    EXPECT_EQ(f.parsed->document_offset, bytes.size() - document);
    EXPECT_EQ(f.parsed->message.code, 0x0002);
    EXPECT_LE(f.parsed_bytes, 3 * bytes.size());
  }
}

TEST(IppRequestReaderTest, ErrorsAreTheParsers) {
  // Truncated at the body's end.
  auto bytes = big_request(4, 0);
  bytes.resize(bytes.size() - 10);
  EXPECT_TRUE(feed(bytes, 512).failed);
  // A header past the bound fails once it is over it, without reading the rest.
  const auto huge = big_request(1100, 0);
  IppRequestReader reader(IppLimits{});
  std::size_t at = 0;
  bool failed = false;
  while (at < huge.size() && !failed) {
    auto room = reader.prepare(4096);
    const std::size_t n = std::min(room.size(), huge.size() - at);
    std::memcpy(room.data(), huge.data() + at, n);
    at += n;
    reader.commit(n);
    IppError error;
    auto r = reader.try_parse(false, &error);
    failed = !r;
  }
  EXPECT_TRUE(failed);
  EXPECT_LE(at, IppLimits{}.max_header_bytes + 8192);
}

}  // namespace
}  // namespace mfp::frontends::ipp
