#pragma once
// Plane codec: fast lossless compression of halftoned engine planes (1 or 2 bits per colorant),
// one self-describing stream per band. Chosen by measurement (see codecs/README.md and
// bench/RESULTS.md).

#include <cstddef>
#include <cstdint>
#include <span>

#include "pipeline/status.h"

namespace mfp::codecs {

enum class PlaneCodecId : std::uint8_t { raw = 0, packbits = 1, zstd = 2 };

// Shape of the raw band a stream decodes to.
struct PlaneShape {
  std::uint32_t rows = 0;
  std::uint32_t stride = 0;  // bytes per plane row
  std::uint32_t planes = 0;  // 1..4
  [[nodiscard]] std::size_t raw_bytes() const noexcept {
    return static_cast<std::size_t>(rows) * stride * planes;
  }
};

// Upper bound of the encoded size of a band of `raw_bytes` (any codec; header included).
[[nodiscard]] std::size_t plane_max_encoded_size(std::size_t raw_bytes) noexcept;

// Encodes `raw` (planes x rows x stride bytes, plane-major) into `out`, which must hold
// plane_max_encoded_size(raw.size()) bytes. Returns the number of bytes written. `codec` is a
// preference: incompressible data is stored raw so the output never exceeds the bound.
[[nodiscard]] pipeline::Result<std::size_t> plane_encode(std::span<const std::uint8_t> raw,
                                                         const PlaneShape& shape,
                                                         PlaneCodecId codec,
                                                         std::span<std::uint8_t> out) noexcept;

// Reads the shape a stream declares, validating its header.
[[nodiscard]] pipeline::Result<PlaneShape> plane_peek(
    std::span<const std::uint8_t> encoded) noexcept;

// Decodes a stream into `raw`, which must be exactly plane_peek(encoded).raw_bytes() long.
// Malformed, truncated or oversized streams fail with a clear status and never write past `raw`.
[[nodiscard]] pipeline::Status plane_decode(std::span<const std::uint8_t> encoded,
                                            std::span<std::uint8_t> raw) noexcept;

}  // namespace mfp::codecs
