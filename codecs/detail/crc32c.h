#pragma once
// crc32c: CRC-32C (Castagnoli) of a byte range, with the SSE4.2 crc32 instruction when the CPU
// has it (about 8 GB/s, against ~4 GB/s for zlib's CRC-32 on cold band data) and a table
// otherwise. Same value either way.

#include <cstddef>
#include <cstdint>

namespace mfp::codecs::detail {

[[nodiscard]] std::uint32_t crc32c(const std::uint8_t* data, std::size_t size) noexcept;

}  // namespace mfp::codecs::detail
