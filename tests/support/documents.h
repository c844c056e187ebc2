#pragma once
// Small deterministic documents for tests, made in memory with the project's own writers.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "codecs/pwg_page_header.h"
#include "pipeline/stage.h"
#include "stages/print_path.h"

namespace mfp::testing {

// A PWG raster document of `pages` pages of `type`, each a deterministic pattern (gradients,
// a solid black box and a colored box) that differs per page.
std::vector<std::uint8_t> make_pwg(std::uint32_t pages, std::uint32_t width, std::uint32_t height,
                                   std::uint32_t dpi,
                                   codecs::PwgRasterType type = codecs::PwgRasterType::srgb_8);

// The same pattern as an RGB JPEG (quality 92) with a JFIF density of `dpi`.
std::vector<std::uint8_t> make_jpeg(std::uint32_t width, std::uint32_t height, std::uint32_t dpi);

// A document stream over a copy of `bytes`.
std::unique_ptr<pipeline::DocumentStream> memory_stream(std::vector<std::uint8_t> bytes);

// A print document of `format` over `bytes`.
stages::PrintDocument document(const std::string& format, std::vector<std::uint8_t> bytes);

}  // namespace mfp::testing
