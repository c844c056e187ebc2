#pragma once
// IppRequestReader: collects the start of a request body until its IPP attributes parse,
// whatever pieces the bytes arrive in, in time linear in the header's size. The parser is
// stateless and starts from the first byte, so reparsing after every read would cost O(n^2)
// for a client trickling a large header in small records (security review finding 4): the
// reader parses again only once the bytes it holds have doubled since the last attempt, or when
// the body is complete. Every byte is then parsed at most about twice in all, and a request
// whose header completes early still parses at once when its body ends or the document that
// follows doubles the bytes held.
//
// Failure: try_parse() returns the parser's error (its IPP status in `error`); once more than
// IppLimits::max_header_bytes are held without a complete header, the next attempt is due and
// fails for good. Owns its buffer; not thread-safe (one per request).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "frontends/ipp/ipp_error.h"
#include "frontends/ipp/ipp_limits.h"
#include "frontends/ipp/ipp_reader.h"
#include "pipeline/status.h"

namespace mfp::frontends::ipp {

class IppRequestReader {
 public:
  explicit IppRequestReader(IppLimits limits) : limits_(limits) {}

  // Room for `n` more bytes after those held; commit() says how many were written into it.
  // The buffer grows geometrically, so preparing costs amortized O(1) per byte held.
  [[nodiscard]] std::span<std::uint8_t> prepare(std::size_t n);
  void commit(std::size_t n) noexcept;

  // Parses when it is due (see the class comment): the parsed request; nullopt when more bytes
  // are needed (and the body goes on); the parser's error otherwise, with `error` filled
  // (truncated when the body ended inside the header).
  [[nodiscard]] pipeline::Result<std::optional<ParsedRequest>> try_parse(bool body_complete,
                                                                         IppError* error);

  // The bytes held (the header, then any document bytes read with it); call once reading ends.
  [[nodiscard]] std::vector<std::uint8_t>& bytes() noexcept;
  // Bytes handed to the parser so far, all attempts together.
  [[nodiscard]] std::size_t parsed_bytes() const noexcept { return parsed_bytes_; }
  [[nodiscard]] std::size_t attempts() const noexcept { return attempts_; }
  // Bytes allocated for the buffer (held plus room).
  [[nodiscard]] std::size_t buffer_bytes() const noexcept { return bytes_.size(); }

 private:
  IppLimits limits_;
  std::vector<std::uint8_t> bytes_;  // size_ bytes held, the rest room for reads
  std::size_t size_ = 0;
  std::size_t last_attempt_size_ = 0;
  std::size_t parsed_bytes_ = 0;
  std::size_t attempts_ = 0;
};

}  // namespace mfp::frontends::ipp
