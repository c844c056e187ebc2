// Micro-benchmarks of the codecs on the built-in 600 dpi workloads: PWG raster and JPEG
// decoding (Mpx/s) and the plane codec on halftone-like engine planes (MB/s of raw planes).

#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

#include "bench/workloads.h"
#include "codecs/byte_io.h"
#include "codecs/jpeg_decoder.h"
#include "codecs/plane_codec.h"
#include "codecs/pwg_raster_reader.h"

namespace mfp::bench {
namespace {

const RgbImage& page(Workload w) {
  static const RgbImage office = render_workload(Workload::office, 600);
  static const RgbImage photo = render_workload(Workload::photo, 600);
  return w == Workload::office ? office : photo;
}

const std::vector<std::uint8_t>& pwg(Workload w) {
  static const auto office = encode_pwg(page(Workload::office)).value();
  static const auto photo = encode_pwg(page(Workload::photo)).value();
  return w == Workload::office ? office : photo;
}

const std::vector<std::uint8_t>& jpeg(Workload w) {
  static const auto office = encode_jpeg(page(Workload::office)).value();
  static const auto photo = encode_jpeg(page(Workload::photo)).value();
  return w == Workload::office ? office : photo;
}

void BM_PwgDecode(benchmark::State& state) {
  const auto w = static_cast<Workload>(state.range(0));
  const auto& bytes = pwg(w);
  std::vector<std::uint8_t> rows;
  std::uint64_t px = 0;
  for (auto _ : state) {
    codecs::MemorySource src(bytes);
    auto reader = codecs::PwgRasterReader::open(src);
    if (!reader || !reader->next_page().value()) state.SkipWithError("decode failed");
    const auto& p = reader->page();
    rows.resize(static_cast<std::size_t>(p.bytes_per_line) * 64);
    for (std::uint32_t y = 0; y < p.height; y += 64) {
      const std::uint32_t n = std::min(64u, p.height - y);
      if (!reader->read_rows(rows.data(), p.bytes_per_line, n).is_ok()) {
        state.SkipWithError("row decode failed");
      }
    }
    px += static_cast<std::uint64_t>(p.width) * p.height;
  }
  state.counters["Mpx/s"] =
      benchmark::Counter(static_cast<double>(px) / 1e6, benchmark::Counter::kIsRate);
  state.SetLabel(to_string(w));
}
BENCHMARK(BM_PwgDecode)
    ->Arg(static_cast<int>(Workload::office))
    ->Arg(static_cast<int>(Workload::photo))
    ->Unit(benchmark::kMillisecond);

void BM_JpegDecode(benchmark::State& state) {
  const auto w = static_cast<Workload>(state.range(0));
  const auto& bytes = jpeg(w);
  std::vector<std::uint8_t> rows;
  std::uint64_t px = 0;
  for (auto _ : state) {
    codecs::MemorySource src(bytes);
    auto dec = codecs::JpegDecoder::open(src);
    if (!dec) state.SkipWithError("open failed");
    const auto& info = dec->info();
    rows.resize(info.bytes_per_line() * 64);
    for (std::uint32_t y = 0; y < info.height; y += 64) {
      const std::uint32_t n = std::min(64u, info.height - y);
      if (!dec->read_rows(rows.data(), info.bytes_per_line(), n).is_ok()) {
        state.SkipWithError("decode failed");
      }
    }
    px += static_cast<std::uint64_t>(info.width) * info.height;
  }
  state.counters["Mpx/s"] =
      benchmark::Counter(static_cast<double>(px) / 1e6, benchmark::Counter::kIsRate);
  state.SetLabel(to_string(w));
}
BENCHMARK(BM_JpegDecode)
    ->Arg(static_cast<int>(Workload::office))
    ->Arg(static_cast<int>(Workload::photo))
    ->Unit(benchmark::kMillisecond);

// One 64-row band of 4 one-bit planes at 600 dpi A4 width, dithered from the photo (busy dots)
// or from the office page (mostly paper).
std::vector<std::uint8_t> halftoned_band(Workload w, codecs::PlaneShape& shape) {
  const RgbImage& img = page(w);
  shape = {64, (img.width + 7) / 8, 4};
  std::vector<std::uint8_t> raw(shape.raw_bytes(), 0);
  static constexpr std::uint8_t kBayer[4][4] = {
      {0, 8, 2, 10}, {12, 4, 14, 6}, {3, 11, 1, 9}, {15, 7, 13, 5}};
  const std::uint32_t y0 = img.height / 3;
  for (std::uint32_t p = 0; p < 4; ++p) {
    for (std::uint32_t r = 0; r < 64; ++r) {
      const std::uint8_t* src =
          img.pixels.data() + static_cast<std::size_t>(y0 + r) * img.width * 3;
      std::uint8_t* dst = raw.data() + (static_cast<std::size_t>(p) * 64 + r) * shape.stride;
      for (std::uint32_t x = 0; x < img.width; ++x) {
        const int ink = p < 3 ? 255 - src[3 * x + p]
                              : (255 - std::max({src[3 * x], src[3 * x + 1], src[3 * x + 2]})) / 2;
        if (ink > kBayer[r & 3][x & 3] * 16 + 8)
          dst[x >> 3] |= static_cast<std::uint8_t>(0x80u >> (x & 7));
      }
    }
  }
  return raw;
}

void BM_PlaneEncode(benchmark::State& state) {
  const auto w = static_cast<Workload>(state.range(0));
  const auto codec = static_cast<codecs::PlaneCodecId>(state.range(1));
  codecs::PlaneShape shape;
  const auto raw = halftoned_band(w, shape);
  std::vector<std::uint8_t> out(codecs::plane_max_encoded_size(raw.size()));
  std::size_t encoded = 0;
  for (auto _ : state) {
    auto n = codecs::plane_encode(raw, shape, codec, out);
    if (!n) state.SkipWithError("encode failed");
    encoded = n.value();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * raw.size()));
  state.counters["ratio"] = static_cast<double>(raw.size()) / static_cast<double>(encoded);
  state.SetLabel(to_string(w));
}
BENCHMARK(BM_PlaneEncode)
    ->ArgsProduct({{static_cast<int>(Workload::office), static_cast<int>(Workload::photo)},
                   {static_cast<int>(codecs::PlaneCodecId::packbits),
                    static_cast<int>(codecs::PlaneCodecId::zstd)}});

void BM_PlaneDecode(benchmark::State& state) {
  const auto w = static_cast<Workload>(state.range(0));
  const auto codec = static_cast<codecs::PlaneCodecId>(state.range(1));
  codecs::PlaneShape shape;
  const auto raw = halftoned_band(w, shape);
  std::vector<std::uint8_t> out(codecs::plane_max_encoded_size(raw.size()));
  const std::size_t n = codecs::plane_encode(raw, shape, codec, out).value();
  out.resize(n);
  std::vector<std::uint8_t> back(raw.size());
  for (auto _ : state) {
    if (!codecs::plane_decode(out, back).is_ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(back.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * raw.size()));
  state.SetLabel(to_string(w));
}
BENCHMARK(BM_PlaneDecode)
    ->ArgsProduct({{static_cast<int>(Workload::office), static_cast<int>(Workload::photo)},
                   {static_cast<int>(codecs::PlaneCodecId::packbits),
                    static_cast<int>(codecs::PlaneCodecId::zstd)}});

}  // namespace
}  // namespace mfp::bench
