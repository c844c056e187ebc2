#pragma once
// Built-in deterministic workloads for benchmarks and tests: an office page (text and vector
// art), a full-page photo, and a mixed page, rendered as sRGB pixels at any resolution, and
// written as PWG raster, JPEG and a PDF wrapping the JPEG (for Ghostscript in compare.sh).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/status.h"

namespace mfp::bench {

enum class Workload { office, photo, mixed };

[[nodiscard]] std::string to_string(Workload w);

// An sRGB 8-bit chunky image.
struct RgbImage {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint32_t dpi = 600;
  std::vector<std::uint8_t> pixels;  // width * height * 3
};

// Renders `w` on an A4 page (210 x 297 mm) at `dpi`. Same output for the same arguments.
[[nodiscard]] RgbImage render_workload(Workload w, std::uint32_t dpi = 600);

// Encodes as PWG raster (srgb_8, `pages` copies of the page) / JPEG (with JFIF density) / a PDF
// page showing the JPEG full-bleed.
[[nodiscard]] pipeline::Result<std::vector<std::uint8_t>> encode_pwg(const RgbImage& img,
                                                                     std::uint32_t pages = 1);
[[nodiscard]] pipeline::Result<std::vector<std::uint8_t>> encode_jpeg(const RgbImage& img,
                                                                      int quality = 90);
[[nodiscard]] std::vector<std::uint8_t> wrap_jpeg_in_pdf(const std::vector<std::uint8_t>& jpeg,
                                                         std::uint32_t width, std::uint32_t height,
                                                         std::uint32_t dpi);

// Writes every workload to `dir` as <name>.pwg, <name>.jpg and <name>.pdf, and the vector PDFs
// office-doc.pdf (20 pages) and mixed-20.pdf (pdf_workloads.h); returns the paths.
[[nodiscard]] pipeline::Result<std::vector<std::filesystem::path>> generate_workloads(
    const std::filesystem::path& dir, std::uint32_t dpi = 600);

}  // namespace mfp::bench
