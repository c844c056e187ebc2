#include "frontends/cli/file_document_stream.h"

#include <cerrno>
#include <cstring>

namespace mfp::frontends::cli {

using pipeline::make_error;
using pipeline::StatusCode;

pipeline::Result<std::unique_ptr<FileDocumentStream>> FileDocumentStream::open(
    const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return make_error(StatusCode::not_found, path.string() + ": not a readable file");
  }
  UniqueFile f(std::fopen(path.c_str(), "rb"));
  if (!f) {
    return make_error(StatusCode::io_error, path.string() + ": " + std::strerror(errno));
  }
  return std::unique_ptr<FileDocumentStream>(new FileDocumentStream(std::move(f)));  // NOLINT
}

pipeline::Result<std::size_t> FileDocumentStream::read(std::span<std::uint8_t> out) noexcept {
  const std::size_t n = std::fread(out.data(), 1, out.size(), file_.get());
  if (n == 0 && std::ferror(file_.get())) {
    return make_error(StatusCode::io_error, "document read failed");
  }
  return n;
}

pipeline::Result<std::vector<std::uint8_t>> read_head(const std::filesystem::path& path,
                                                      std::size_t n) {
  MFP_ASSIGN_OR_RETURN(auto stream, FileDocumentStream::open(path));
  std::vector<std::uint8_t> head(n);
  std::size_t got = 0;
  while (got < n) {
    MFP_ASSIGN_OR_RETURN(std::size_t r, stream->read(std::span(head).subspan(got)));
    if (r == 0) break;
    got += r;
  }
  head.resize(got);
  return head;
}

}  // namespace mfp::frontends::cli
