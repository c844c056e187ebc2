#pragma once
// printer_icon: the device's icon (printer-icons, IPP Everywhere: 48, 128 and 512 pixels
// square) as a PNG, drawn from a vector description at the requested size so every size is
// sharp and nothing binary lives in the repository.
//
// Failure: invalid_argument for a size outside 16..1024; internal when libpng fails. Never
// throws except std::bad_alloc.

#include <cstdint>
#include <vector>

#include "pipeline/status.h"

namespace mfp::frontends::http {

[[nodiscard]] pipeline::Result<std::vector<std::uint8_t>> printer_icon_png(std::uint32_t size);

}  // namespace mfp::frontends::http
