#pragma once
// Test PDFs made in memory with bench::PdfBuilder: each one exercises one feature of the PDF RIP
// (text, vector art, transparency, images in every color space, rotation, page sizes) or one
// hostile input (bombs, loops, deep nesting, huge and empty pages).

#include <cstdint>
#include <string>
#include <vector>

namespace mfp::testing {

struct TestPdf {
  std::string name;
  std::vector<std::uint8_t> bytes;
};

// One-page documents for the golden and visual tests (A4 unless the name says otherwise).
std::vector<TestPdf> feature_pdfs();

// Pages of different sizes: A4 portrait, US Letter, A5 landscape, and an A4 page with /Rotate 90.
std::vector<std::uint8_t> mixed_size_pdf();
// `pages` A4 pages, page i showing the number i + 1 in large type and i + 1 black bars, so page
// order and selection can be told apart on the engine pages.
std::vector<std::uint8_t> numbered_pdf(std::uint32_t pages);
// A one-page document with a page box of `width` x `height` points.
std::vector<std::uint8_t> sized_pdf(double width, double height);
// A page whose content stream inflates to `bytes` of path operators (a Flate bomb that is also
// slow to interpret).
std::vector<std::uint8_t> content_bomb_pdf(std::size_t bytes);
// A page drawing an image that declares `width` x `height` RGB pixels of Flate data that inflates
// to almost nothing (an image bomb).
std::vector<std::uint8_t> image_bomb_pdf(std::uint32_t width, std::uint32_t height);
// `pages` A4 pages, each drawing its own `width` x `height` RGB image (a gradient) over the
// whole page: large enough images make heavy pages, which the RIP decodes once per page.
std::vector<std::uint8_t> large_image_pdf(std::uint32_t pages, std::uint32_t width,
                                          std::uint32_t height);
// One A4 page of DeviceCMYK patches (100% cyan, and 20/40/60/10%), with a GTS_PDFX output
// intent whose DestOutputProfile is `icc` (a 4-component profile); without one when empty.
std::vector<std::uint8_t> cmyk_patches_pdf(const std::vector<std::uint8_t>& icc);
// Form XObjects nested `depth` deep, each drawing the next.
std::vector<std::uint8_t> nested_forms_pdf(std::uint32_t depth);
// One page with `count` separately filled rectangles.
std::vector<std::uint8_t> many_objects_pdf(std::uint32_t count);
// A document whose cross-reference section's /Prev points back at itself.
std::vector<std::uint8_t> looping_xref_pdf();
// Text in a TrueType font that is named but not embedded.
std::vector<std::uint8_t> missing_font_pdf();

}  // namespace mfp::testing
