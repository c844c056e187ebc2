// Replay driver for fuzz targets when libFuzzer is not used: runs every seed file, then a
// bounded number of deterministic mutations of them, through LLVMFuzzerTestOneInput. It finds
// crashes and sanitizer reports in ordinary ctest runs (best under `make test SAN=1`).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::uint8_t> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void mutate(std::vector<std::uint8_t>& d, std::mt19937_64& rng) {
  auto pick = [&](std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng() % n); };
  switch (rng() % 7) {
    case 0:  // flip a bit
      if (!d.empty()) d[pick(d.size())] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
      break;
    case 1:  // set a byte to an interesting value
      if (!d.empty()) {
        static constexpr std::uint8_t kVals[] = {0, 1, 0x7f, 0x80, 0xff, 0xfe, 0x10};
        d[pick(d.size())] = kVals[rng() % sizeof(kVals)];
      }
      break;
    case 2:  // truncate
      d.resize(pick(d.size() + 1));
      break;
    case 3:  // insert random bytes
    {
      std::size_t at = pick(d.size() + 1), n = 1 + rng() % 16;
      std::vector<std::uint8_t> ins(n);
      for (auto& b : ins) b = static_cast<std::uint8_t>(rng());
      d.insert(d.begin() + static_cast<std::ptrdiff_t>(at), ins.begin(), ins.end());
      break;
    }
    case 4:  // overwrite a 32-bit field with an extreme value (big-endian length fields)
      if (d.size() >= 4) {
        std::size_t at = pick(d.size() - 3);
        static constexpr std::uint32_t kVals[] = {0, 1, 0xffffffffu, 0x7fffffffu, 0x10000u, 65535u};
        std::uint32_t v = kVals[rng() % (sizeof(kVals) / sizeof(kVals[0]))];
        for (int i = 0; i < 4; ++i) d[at + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
      }
      break;
    case 5:  // duplicate a chunk
      if (!d.empty()) {
        std::size_t at = pick(d.size()), n = 1 + pick(std::min<std::size_t>(d.size() - at, 64));
        std::vector<std::uint8_t> chunk(d.begin() + static_cast<std::ptrdiff_t>(at),
                                        d.begin() + static_cast<std::ptrdiff_t>(at + n));
        d.insert(d.begin() + static_cast<std::ptrdiff_t>(pick(d.size())), chunk.begin(),
                 chunk.end());
      }
      break;
    default:  // random byte
      if (!d.empty()) d[pick(d.size())] = static_cast<std::uint8_t>(rng());
      break;
  }
}

}  // namespace

int main(int argc, char** argv) {
  long mutations = 1000;
  double max_seconds = 30;
  std::uint64_t seed = 0x6d6670;  // fixed: reproducible runs
  std::vector<std::vector<std::uint8_t>> corpus;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--mutations" && i + 1 < argc) {
      mutations = std::atol(argv[++i]);
    } else if (a == "--max-seconds" && i + 1 < argc) {
      max_seconds = std::atof(argv[++i]);
    } else if (a == "--seed" && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (std::filesystem::is_directory(a)) {
      for (const auto& e : std::filesystem::directory_iterator(a)) {
        if (e.is_regular_file()) corpus.push_back(read_file(e.path()));
      }
    } else if (std::filesystem::is_regular_file(a)) {
      corpus.push_back(read_file(a));
    }
  }
  corpus.push_back({});  // the empty input is always a case
  for (const auto& c : corpus) LLVMFuzzerTestOneInput(c.data(), c.size());

  std::mt19937_64 rng(seed);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(max_seconds);
  long done = 0;
  for (; done < mutations && std::chrono::steady_clock::now() < deadline; ++done) {
    std::vector<std::uint8_t> d = corpus[rng() % corpus.size()];
    int rounds = 1 + static_cast<int>(rng() % 4);
    for (int r = 0; r < rounds; ++r) mutate(d, rng);
    LLVMFuzzerTestOneInput(d.data(), d.size());
  }
  std::printf("replayed %zu seeds and %ld mutations\n", corpus.size(), done);
  return 0;
}
