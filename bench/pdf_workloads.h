#pragma once
// PDF workloads for the PDF RIP's benchmarks and tests, written with PdfBuilder: the same
// document every time. An office document (text in the standard fonts, vector art: tables,
// charts, curves, and small images), and a mixed document that alternates office pages with
// pages carrying a half-page photo. The full-page photo PDF is wrap_jpeg_in_pdf (workloads.h).

#include <cstdint>
#include <vector>

namespace mfp::bench {

// `pages` A4 office pages (each page's text differs).
[[nodiscard]] std::vector<std::uint8_t> make_office_pdf(std::uint32_t pages = 1);
// `pages` A4 pages: office pages, photo-and-text pages and chart pages in turn.
[[nodiscard]] std::vector<std::uint8_t> make_mixed_pdf(std::uint32_t pages = 20);

}  // namespace mfp::bench
