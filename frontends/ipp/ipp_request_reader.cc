#include "frontends/ipp/ipp_request_reader.h"

#include <algorithm>

namespace mfp::frontends::ipp {

using pipeline::StatusCode;

std::span<std::uint8_t> IppRequestReader::prepare(std::size_t n) {
  prepared_from_ = bytes_.size();
  bytes_.resize(prepared_from_ + n);
  return std::span(bytes_).subspan(prepared_from_);
}

void IppRequestReader::commit(std::size_t n) noexcept {
  bytes_.resize(std::min(bytes_.size(), prepared_from_ + n));
  prepared_from_ = bytes_.size();
}

pipeline::Result<std::optional<ParsedRequest>> IppRequestReader::try_parse(bool body_complete,
                                                                           IppError* error) {
  const std::size_t have = bytes_.size();
  // Past the header bound the next attempt is the last: it parses or fails for good.
  const bool due = body_complete || attempts_ == 0 || have >= 2 * last_attempt_size_ ||
                   have > limits_.max_header_bytes;
  if (!due) return std::optional<ParsedRequest>{};
  ++attempts_;
  parsed_bytes_ += have;
  last_attempt_size_ = have;
  auto parsed = IppReader::parse(bytes_, limits_, error);
  if (parsed) return std::optional<ParsedRequest>(std::move(parsed).value());
  const bool more = parsed.status().code() == StatusCode::truncated && !body_complete &&
                    have <= limits_.max_header_bytes;
  if (more) return std::optional<ParsedRequest>{};
  return parsed.status();
}

}  // namespace mfp::frontends::ipp
