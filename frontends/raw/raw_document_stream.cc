#include "frontends/raw/raw_document_stream.h"

#include <strings.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "stages/rip/pjl_parser.h"

namespace mfp::frontends::raw {

namespace {
constexpr std::size_t kHold = stages::rip::kPjlUel.size() - 1;  // a UEL minus its last byte
constexpr std::size_t kChunk = 256 * 1024;
}  // namespace

RawDocumentStream::RawDocumentStream(int fd, std::vector<std::uint8_t> prefix,
                                     std::uint64_t& delivered) noexcept
    : fd_(fd), pending_(std::move(prefix)), delivered_(delivered) {}

RawDocumentStream::~RawDocumentStream() {
  explicit_bzero(pending_.data(), pending_.size());
}

pipeline::Result<std::size_t> RawDocumentStream::read(std::span<std::uint8_t> out) noexcept {
  try {
    const std::string_view uel = stages::rip::kPjlUel;
    while (true) {
      if (uel_) return std::size_t{0};
      // The document ends at the first UEL in what is pending.
      const auto at = std::search(pending_.begin(), pending_.end(), uel.begin(), uel.end());
      std::size_t ready = static_cast<std::size_t>(at - pending_.begin());
      const bool found = at != pending_.end();
      if (!found && !eof_) ready = pending_.size() > kHold ? pending_.size() - kHold : 0;
      if (ready > 0 || found || eof_) {
        const std::size_t n = std::min(ready, out.size());
        std::memcpy(out.data(), pending_.data(), n);
        explicit_bzero(pending_.data(), n);
        pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
        delivered_ += n;
        if (n == ready && found) {
          uel_ = true;
          explicit_bzero(pending_.data(), pending_.size());
          pending_.clear();
        }
        if (n > 0 || uel_ || eof_) return n;
      }
      // Need more bytes.
      const std::size_t have = pending_.size();
      pending_.resize(have + kChunk);
      const ssize_t got = ::recv(fd_, pending_.data() + have, kChunk, 0);
      if (got < 0) {
        pending_.resize(have);
        if (errno == EINTR) continue;
        const bool stalled = errno == EAGAIN || errno == EWOULDBLOCK;
        return pipeline::make_error(
            pipeline::StatusCode::io_error,
            stalled ? "raw print: the sender stopped sending" : "raw print: connection failed");
      }
      pending_.resize(have + static_cast<std::size_t>(got));
      if (got == 0) eof_ = true;
    }
  } catch (...) {
    return pipeline::current_exception_status("raw print");
  }
}

}  // namespace mfp::frontends::raw
