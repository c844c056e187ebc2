#include "stages/rip/detail/read_document.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace mfp::stages::rip::detail {

pipeline::Result<pipeline::Buffer> read_document(pipeline::DocumentStream& in,
                                                 pipeline::BufferPool& pool, std::size_t max_bytes,
                                                 std::string_view what) {
  using pipeline::make_error;
  using pipeline::StatusCode;
  MFP_ASSIGN_OR_RETURN(pipeline::Buffer buf,
                       pool.acquire(std::min<std::size_t>(max_bytes, 1 << 20)));
  std::size_t used = 0;
  while (true) {
    if (used == buf.capacity()) {
      if (buf.capacity() >= max_bytes) {
        return make_error(StatusCode::limit_exceeded, std::string(what) + " document larger than " +
                                                          std::to_string(max_bytes >> 20) + " MiB");
      }
      MFP_ASSIGN_OR_RETURN(pipeline::Buffer bigger,
                           pool.acquire(std::min(max_bytes, buf.capacity() * 2)));
      std::memcpy(bigger.data(), buf.data(), used);
      buf = std::move(bigger);  // the old copy is zeroed as it returns to the pool
    }
    MFP_ASSIGN_OR_RETURN(std::size_t n,
                         in.read(std::span(buf.data() + used, buf.capacity() - used)));
    if (n == 0) break;
    used += n;
  }
  buf.set_size(used);
  return buf;
}

}  // namespace mfp::stages::rip::detail
