#include "frontends/http/request_body_stream.h"

#include <algorithm>
#include <cstring>

namespace mfp::frontends::http {

RequestBodyStream::~RequestBodyStream() {
  if (!prefix_.empty()) std::memset(prefix_.data(), 0, prefix_.size());
}

pipeline::Result<std::size_t> RequestBodyStream::read(std::span<std::uint8_t> out) {
  if (prefix_pos_ < prefix_.size()) {
    const std::size_t n = std::min(out.size(), prefix_.size() - prefix_pos_);
    std::memcpy(out.data(), prefix_.data() + prefix_pos_, n);
    prefix_pos_ += n;
    if (prefix_pos_ == prefix_.size()) {
      std::memset(prefix_.data(), 0, prefix_.size());
      prefix_.clear();
      prefix_pos_ = 0;
    }
    delivered_ += n;
    return n;
  }
  MFP_ASSIGN_OR_RETURN(std::size_t n, exchange_.read_body(out));
  delivered_ += n;
  return n;
}

}  // namespace mfp::frontends::http
