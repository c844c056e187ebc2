#include "frontends/ipp/ipp_request_reader.h"

#include <algorithm>

namespace mfp::frontends::ipp {

using pipeline::StatusCode;

std::span<std::uint8_t> IppRequestReader::prepare(std::size_t n) {
  // The buffer grows by doubling and is never shrunk while reading: a client sending one byte
  // per record costs no zero-fill of a whole read's room each time.
  if (bytes_.size() < size_ + n) bytes_.resize(std::max(size_ + n, 2 * bytes_.size()));
  return std::span(bytes_).subspan(size_, n);
}

void IppRequestReader::commit(std::size_t n) noexcept {
  size_ = std::min(bytes_.size(), size_ + n);
}

std::vector<std::uint8_t>& IppRequestReader::bytes() noexcept {
  bytes_.resize(size_);  // shrinking: nothing is filled
  return bytes_;
}

pipeline::Result<std::optional<ParsedRequest>> IppRequestReader::try_parse(bool body_complete,
                                                                           IppError* error) {
  const std::size_t have = size_;
  // Past the header bound the next attempt is the last: it parses or fails for good.
  const bool due = body_complete || attempts_ == 0 || have >= 2 * last_attempt_size_ ||
                   have > limits_.max_header_bytes;
  if (!due) return std::optional<ParsedRequest>{};
  ++attempts_;
  parsed_bytes_ += have;
  last_attempt_size_ = have;
  auto parsed = IppReader::parse(std::span(bytes_).first(size_), limits_, error);
  if (parsed) return std::optional<ParsedRequest>(std::move(parsed).value());
  const bool more = parsed.status().code() == StatusCode::truncated && !body_complete &&
                    have <= limits_.max_header_bytes;
  if (more) return std::optional<ParsedRequest>{};
  return parsed.status();
}

}  // namespace mfp::frontends::ipp
