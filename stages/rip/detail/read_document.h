#pragma once
// read_document: reads a whole document into zero-on-release memory, for RIPs that need random
// access (TIFF, PDF). Fails with limit_exceeded above `max_bytes`, or with the stream's status.

#include <cstddef>
#include <string_view>

#include "pipeline/buffer_pool.h"
#include "pipeline/stage.h"

namespace mfp::stages::rip::detail {

[[nodiscard]] pipeline::Result<pipeline::Buffer> read_document(pipeline::DocumentStream& in,
                                                               pipeline::BufferPool& pool,
                                                               std::size_t max_bytes,
                                                               std::string_view what);

}  // namespace mfp::stages::rip::detail
