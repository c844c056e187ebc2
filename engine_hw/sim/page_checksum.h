#pragma once
// page_checksum: the SHA-256 by which the simulated engine's output tray identifies a printed
// page's content, for tests that compare what was printed with what was expected.
//
// Definition. The digest covers the page's decoded raster and nothing else: for each plane in
// order (cyan, magenta, yellow, black for the CMYK formats; black alone for k1 and k2), for each
// page row from top to bottom, the row's row_bytes(format, width) bytes, which excludes any
// stride padding. That is the SHA-256 of the page as one tightly packed planar raster, so it is
// the same however the page is cut into bands and whether the bands are raw or compressed. The
// unused low bits of a row's last byte (when width * bits is not a multiple of 8) are hashed as
// they are. Geometry, resolution, owner and format are not hashed.

#include <string>

#include "pipeline/engine_page.h"
#include "pipeline/status.h"

namespace mfp::engine_hw::sim {

// 64 lowercase hex digits. Fails as SimulatedEngine::print() does for a malformed page (bad band
// shapes, corrupt compressed stream); the page is only read. Never throws.
[[nodiscard]] pipeline::Result<std::string> page_checksum(
    const pipeline::EnginePage& page) noexcept;

}  // namespace mfp::engine_hw::sim
