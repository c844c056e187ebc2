#pragma once
// TempDir: a fresh private directory for one test, removed with everything in it when the object
// dies; and read_file(), the whole content of a file. Test code only.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <vector>

namespace mfp::testing {

class TempDir {
 public:
  // Made under `parent` (the system temporary directory by default; /dev/shm where a test
  // wants cheap fsyncs), named `prefix`-XXXXXX.
  explicit TempDir(const std::string& prefix = "mfp-test",
                   const std::filesystem::path& parent = std::filesystem::temp_directory_path()) {
    std::string tmpl = (parent / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed under " << parent;
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::vector<std::uint8_t> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Replaces the file's content with `bytes`.
inline void write_file(const std::filesystem::path& path, std::span<const std::uint8_t> bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

// True when `needle` occurs anywhere in `haystack` (plaintext searches over stored files).
template <typename Needle>
bool contains_bytes(std::span<const std::uint8_t> haystack, const Needle& needle) {
  const auto* first = reinterpret_cast<const std::uint8_t*>(std::data(needle));
  const auto* last = first + std::size(needle);
  return std::search(haystack.begin(), haystack.end(), first, last) != haystack.end();
}

}  // namespace mfp::testing
