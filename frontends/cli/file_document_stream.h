#pragma once
// FileDocumentStream: a DocumentStream reading a local file, for the command-line tools and
// benchmarks (the device's own documents come from sealed storage).

#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include "pipeline/stage.h"

namespace mfp::frontends::cli {

struct FileCloser {
  // The RAII owner of a FILE* (UniqueFile).
  void operator()(std::FILE* f) const noexcept {
    std::fclose(f);  // NOLINT(cppcoreguidelines-owning-memory)
  }
};
using UniqueFile = std::unique_ptr<std::FILE, FileCloser>;

class FileDocumentStream final : public pipeline::DocumentStream {
 public:
  // Opens `path` for reading; not_found or io_error when it cannot.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<FileDocumentStream>> open(
      const std::filesystem::path& path);
  [[nodiscard]] pipeline::Result<std::size_t> read(std::span<std::uint8_t> out) noexcept override;

 private:
  explicit FileDocumentStream(UniqueFile f) : file_(std::move(f)) {}
  UniqueFile file_;
};

// Reads the first `n` bytes of a file (for format sniffing); fewer if the file is shorter.
[[nodiscard]] pipeline::Result<std::vector<std::uint8_t>> read_head(
    const std::filesystem::path& path, std::size_t n);

}  // namespace mfp::frontends::cli
