#include "frontends/ipp/inflate_stream.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace mfp::frontends::ipp {
namespace {

using pipeline::StatusCode;

// Bytes held in memory, handed out at most `chunk` bytes per read.
class MemoryStream final : public pipeline::DocumentStream {
 public:
  explicit MemoryStream(std::vector<std::uint8_t> bytes, std::size_t chunk = 4096)
      : bytes_(std::move(bytes)), chunk_(chunk) {}
  pipeline::Result<std::size_t> read(std::span<std::uint8_t> out) override {
    const std::size_t n = std::min({out.size(), chunk_, bytes_.size() - at_});
    std::memcpy(out.data(), bytes_.data() + at_, n);
    at_ += n;
    return n;
  }

 private:
  std::vector<std::uint8_t> bytes_;
  std::size_t chunk_;
  std::size_t at_ = 0;
};

// A stream that fails with io_error after handing out its bytes.
class FailingStream final : public pipeline::DocumentStream {
 public:
  explicit FailingStream(std::vector<std::uint8_t> bytes) : inner_(std::move(bytes)) {}
  pipeline::Result<std::size_t> read(std::span<std::uint8_t> out) override {
    auto n = inner_.read(out);
    if (n.is_ok() && n.value() == 0) {
      return pipeline::make_error(StatusCode::io_error, "connection failed");
    }
    return n;
  }

 private:
  MemoryStream inner_;
};

int window_bits(Compression kind) {
  return kind == Compression::gzip ? 15 + 16 : -15;
}

// Compresses `size` bytes produced by `fill` (called for successive pieces) with zlib.
template <class Fill>
std::vector<std::uint8_t> compress_generated(Compression kind, std::uint64_t size, Fill fill,
                                             int level = Z_BEST_COMPRESSION) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, level, Z_DEFLATED, window_bits(kind), 9, Z_DEFAULT_STRATEGY), Z_OK);
  std::vector<std::uint8_t> out;
  std::vector<std::uint8_t> piece(1 << 20);
  std::vector<std::uint8_t> buffer(1 << 16);
  std::uint64_t done = 0;
  int rc = Z_OK;
  do {
    const std::size_t n =
        static_cast<std::size_t>(std::min<std::uint64_t>(piece.size(), size - done));
    fill(std::span(piece.data(), n), done);
    done += n;
    z.next_in = piece.data();
    z.avail_in = static_cast<uInt>(n);
    const int flush = done == size ? Z_FINISH : Z_NO_FLUSH;
    do {
      z.next_out = buffer.data();
      z.avail_out = static_cast<uInt>(buffer.size());
      rc = deflate(&z, flush);
      EXPECT_NE(rc, Z_STREAM_ERROR);
      out.insert(out.end(), buffer.data(), buffer.data() + (buffer.size() - z.avail_out));
    } while (z.avail_out == 0);
  } while (done < size);
  EXPECT_EQ(rc, Z_STREAM_END);
  deflateEnd(&z);
  return out;
}

std::vector<std::uint8_t> compress(Compression kind, const std::vector<std::uint8_t>& data,
                                   int level = Z_DEFAULT_COMPRESSION) {
  return compress_generated(
      kind, data.size(),
      [&](std::span<std::uint8_t> out, std::uint64_t at) {
        if (!out.empty()) std::memcpy(out.data(), data.data() + at, out.size());
      },
      level);
}

std::vector<std::uint8_t> sample_document(std::size_t size) {
  std::vector<std::uint8_t> d(size);
  std::uint32_t x = 12345;
  for (std::size_t i = 0; i < size; ++i) {
    x = x * 1103515245u + 12345u;
    // Half repetitive, half noisy: compresses, but not to nothing.
    d[i] =
        (i / 4096) % 2 == 0 ? static_cast<std::uint8_t>(i % 7) : static_cast<std::uint8_t>(x >> 24);
  }
  return d;
}

std::unique_ptr<InflateStream> inflate_stream(std::unique_ptr<pipeline::DocumentStream> inner,
                                              Compression kind) {
  auto created = InflateStream::create(std::move(inner), kind);
  EXPECT_TRUE(created.is_ok()) << created.status().to_string();
  return std::move(created).value();
}

// Reads `s` to its end or first error in reads of `chunk` bytes.
struct Drained {
  std::vector<std::uint8_t> bytes;
  pipeline::Status status;
};

Drained drain(pipeline::DocumentStream& s, std::size_t chunk) {
  Drained d;
  std::vector<std::uint8_t> buffer(chunk);
  while (true) {
    auto n = s.read(buffer);
    if (!n.is_ok()) {
      d.status = n.status();
      return d;
    }
    if (n.value() == 0) return d;
    d.bytes.insert(d.bytes.end(), buffer.begin(), buffer.begin() + n.value());
  }
}

struct RoundTrip {
  const char* name;
  Compression kind;
  std::size_t size;
  std::size_t inner_chunk;  // bytes per read of the compressed stream
  std::size_t out_chunk;    // bytes per read of the inflated stream
};

TEST(InflateStream, RoundTrips) {
  const RoundTrip cases[] = {
      {"gzip empty", Compression::gzip, 0, 4096, 4096},
      {"deflate empty", Compression::deflate, 0, 4096, 4096},
      {"gzip small", Compression::gzip, 100, 4096, 4096},
      {"deflate small", Compression::deflate, 100, 4096, 4096},
      {"gzip 1 MiB", Compression::gzip, 1 << 20, 65536, 65536},
      {"deflate 1 MiB", Compression::deflate, 1 << 20, 65536, 65536},
      {"gzip byte by byte in", Compression::gzip, 20000, 1, 4096},
      {"deflate byte by byte out", Compression::deflate, 20000, 4096, 1},
      {"gzip odd chunks", Compression::gzip, 300000, 777, 1013},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto original = sample_document(c.size);
    auto s = inflate_stream(
        std::make_unique<MemoryStream>(compress(c.kind, original), c.inner_chunk), c.kind);
    auto d = drain(*s, c.out_chunk);
    ASSERT_TRUE(d.status.is_ok()) << d.status.to_string();
    EXPECT_EQ(d.bytes, original);
    // After the end: still 0.
    std::uint8_t b[16];
    auto again = s->read(b);
    ASSERT_TRUE(again.is_ok());
    EXPECT_EQ(again.value(), 0u);
  }
}

TEST(InflateStream, EmptyOutputBufferReadsNothing) {
  auto s = inflate_stream(
      std::make_unique<MemoryStream>(compress(Compression::gzip, sample_document(100))),
      Compression::gzip);
  auto n = s->read(std::span<std::uint8_t>());
  ASSERT_TRUE(n.is_ok());
  EXPECT_EQ(n.value(), 0u);
  auto d = drain(*s, 4096);
  ASSERT_TRUE(d.status.is_ok());
  EXPECT_EQ(d.bytes, sample_document(100));
}

TEST(InflateStream, WrongKindIsMalformed) {
  // A gzip stream read as raw deflate, and raw deflate read as gzip.
  const auto original = sample_document(5000);
  for (auto [made, read] : {std::pair{Compression::gzip, Compression::deflate},
                            std::pair{Compression::deflate, Compression::gzip}}) {
    auto s = inflate_stream(std::make_unique<MemoryStream>(compress(made, original)), read);
    auto d = drain(*s, 4096);
    EXPECT_EQ(d.status.code(), StatusCode::malformed_data) << d.status.to_string();
  }
}

struct Damage {
  const char* name;
  Compression kind;
  // Changes the compressed bytes of sample_document(50000).
  void (*damage)(std::vector<std::uint8_t>&);
  StatusCode expected;
};

TEST(InflateStream, DamagedStreams) {
  const Damage cases[] = {
      {"gzip garbage", Compression::gzip,
       [](std::vector<std::uint8_t>& b) { b.assign(1000, 0xA5); }, StatusCode::malformed_data},
      {"gzip bad magic", Compression::gzip, [](std::vector<std::uint8_t>& b) { b[0] ^= 0xFF; },
       StatusCode::malformed_data},
      {"gzip bad crc", Compression::gzip,
       [](std::vector<std::uint8_t>& b) { b[b.size() - 8] ^= 0x01; }, StatusCode::malformed_data},
      {"gzip bad length", Compression::gzip,
       [](std::vector<std::uint8_t>& b) { b[b.size() - 4] ^= 0x01; }, StatusCode::malformed_data},
      {"deflate reserved block type", Compression::deflate,
       [](std::vector<std::uint8_t>& b) {
         b.assign({0x07, 0x00, 0x00, 0x00});
       },
       StatusCode::malformed_data},
      {"gzip truncated in the middle", Compression::gzip,
       [](std::vector<std::uint8_t>& b) { b.resize(b.size() / 2); }, StatusCode::truncated},
      {"gzip trailer missing", Compression::gzip,
       [](std::vector<std::uint8_t>& b) { b.resize(b.size() - 8); }, StatusCode::truncated},
      {"gzip last byte missing", Compression::gzip,
       [](std::vector<std::uint8_t>& b) { b.pop_back(); }, StatusCode::truncated},
      {"gzip header only", Compression::gzip, [](std::vector<std::uint8_t>& b) { b.resize(10); },
       StatusCode::truncated},
      {"gzip empty", Compression::gzip, [](std::vector<std::uint8_t>& b) { b.clear(); },
       StatusCode::truncated},
      {"deflate truncated in the middle", Compression::deflate,
       [](std::vector<std::uint8_t>& b) { b.resize(b.size() / 2); }, StatusCode::truncated},
      {"deflate empty", Compression::deflate, [](std::vector<std::uint8_t>& b) { b.clear(); },
       StatusCode::truncated},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto bytes = compress(c.kind, sample_document(50000));
    c.damage(bytes);
    auto s = inflate_stream(std::make_unique<MemoryStream>(std::move(bytes)), c.kind);
    auto d = drain(*s, 4096);
    EXPECT_EQ(d.status.code(), c.expected) << d.status.to_string();
  }
}

TEST(InflateStream, InnerErrorPassesThrough) {
  auto bytes = compress(Compression::gzip, sample_document(50000));
  bytes.resize(bytes.size() / 2);
  auto s = inflate_stream(std::make_unique<FailingStream>(std::move(bytes)), Compression::gzip);
  auto d = drain(*s, 4096);
  EXPECT_EQ(d.status.code(), StatusCode::io_error) << d.status.to_string();
}

// 300 MiB of zeros compress to about 300 KB: over the expansion bound once past kFreeBytes.
TEST(InflateStream, BombIsRefusedBeforeItIsInflated) {
  constexpr std::uint64_t kBombSize = std::uint64_t{300} << 20;
  for (Compression kind : {Compression::gzip, Compression::deflate}) {
    SCOPED_TRACE(kind == Compression::gzip ? "gzip" : "deflate");
    auto bomb = compress_generated(kind, kBombSize, [](std::span<std::uint8_t> out, std::uint64_t) {
      std::memset(out.data(), 0, out.size());
    });
    ASSERT_LT(bomb.size(), kBombSize / InflateStream::kMaxRatio);
    auto s = inflate_stream(std::make_unique<MemoryStream>(std::move(bomb), 65536), kind);
    std::vector<std::uint8_t> buffer(1 << 20);
    std::uint64_t produced = 0;
    pipeline::Status status;
    while (true) {
      auto n = s->read(buffer);
      if (!n.is_ok()) {
        status = n.status();
        break;
      }
      if (n.value() == 0) break;
      produced += n.value();
    }
    EXPECT_EQ(status.code(), StatusCode::limit_exceeded) << status.to_string();
    EXPECT_GE(produced, InflateStream::kFreeBytes - buffer.size());
    EXPECT_LT(produced, kBombSize / 2);
  }
}

// Below kFreeBytes any ratio is fine: a blank page compresses extremely well.
TEST(InflateStream, HighRatioBelowTheFreeBytesIsAccepted) {
  constexpr std::uint64_t kSize = std::uint64_t{32} << 20;
  auto bytes =
      compress_generated(Compression::gzip, kSize, [](std::span<std::uint8_t> out, std::uint64_t) {
        std::memset(out.data(), 0xFF, out.size());
      });
  auto s = inflate_stream(std::make_unique<MemoryStream>(std::move(bytes)), Compression::gzip);
  std::vector<std::uint8_t> buffer(1 << 20);
  std::uint64_t produced = 0;
  while (true) {
    auto n = s->read(buffer);
    ASSERT_TRUE(n.is_ok()) << n.status().to_string();
    if (n.value() == 0) break;
    produced += n.value();
  }
  EXPECT_EQ(produced, kSize);
}

}  // namespace
}  // namespace mfp::frontends::ipp
