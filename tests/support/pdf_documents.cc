#include "tests/support/pdf_documents.h"

#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "bench/pdf_builder.h"
#include "bench/pdf_workloads.h"

namespace mfp::testing {

using bench::PdfBuilder;

namespace {

constexpr double kA4W = 595.276, kA4H = 841.89;

std::vector<std::uint8_t> gradient(int w, int h, int n) {
  std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * h * n);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      for (int c = 0; c < n; ++c) {
        px[(static_cast<std::size_t>(y) * w + x) * n + c] =
            static_cast<std::uint8_t>((x * 255 / w + c * 70 + y * 128 / h) & 0xff);
      }
    }
  }
  return px;
}

std::string image_dict(int w, int h, const std::string& cs) {
  return "/Type /XObject /Subtype /Image /Width " + std::to_string(w) + " /Height " +
         std::to_string(h) + " /ColorSpace " + cs + " /BitsPerComponent 8";
}

std::vector<std::uint8_t> one_page(const std::string& resources, const std::string& content,
                                   double w = kA4W, double h = kA4H) {
  PdfBuilder pdf;
  pdf.add_page(w, h, resources, content);
  return pdf.finish();
}

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

}  // namespace

std::vector<TestPdf> feature_pdfs() {
  std::vector<TestPdf> out;
  {
    PdfBuilder pdf;
    const std::string fonts = "<< " + pdf.standard_fonts() + " >>";
    std::string c = "BT /F1 28 Tf 60 760 Td (OpenMFP text page) Tj ET\n";
    c += "BT /F2 12 Tf 14 TL 60 720 Td ";
    for (int i = 0; i < 40; ++i)
      c += "(Line " + std::to_string(i) + " of Times text, with digits 0123456789.) Tj T* ";
    c += "ET\nBT /F4 10 Tf 60 120 Td (Courier: monospaced) Tj ET\n";
    c += "BT /F3 40 Tf 2 Tr 1 0 0 rg 0 0 1 RG 60 60 Td (Outlined) Tj ET\n";
    pdf.add_page(kA4W, kA4H, fonts, c);
    out.push_back({"text", pdf.finish()});
  }
  {
    std::string c = "0.9 0.1 0.1 rg 60 600 200 150 re f 0.1 0.6 0.2 RG 6 w 300 600 200 150 re S\n";
    c += "0 0 1 rg 100 300 m 300 500 l 500 300 l h f\n";
    c += "1 0.6 0 RG 3 w [12 6] 0 d 80 200 m 200 350 350 50 520 250 c S [] 0 d\n";
    c += "0 0 0 1 k 60 80 470 40 re f 0.2 0 0.8 0 k 60 130 470 40 re f\n";  // DeviceCMYK fills
    c += "0.5 g 0.25 w 60 560 m 535 560 l S\n";
    out.push_back({"vector", one_page("<< >>", c)});
  }
  {
    // Constant alpha and a transparency group with a multiply blend.
    PdfBuilder pdf;
    const int gs = pdf.add("<< /Type /ExtGState /ca 0.5 /CA 0.5 >>");
    const int mul = pdf.add("<< /Type /ExtGState /BM /Multiply /ca 0.8 >>");
    const int group = pdf.add_stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Group << /S /Transparency /I true /K "
        "false >>",
        std::string("0 0 1 rg 150 350 250 250 re f 1 1 0 rg 250 250 250 250 re f"));
    const std::string res = "<< /ExtGState << /G0 " + std::to_string(gs) + " 0 R /G1 " +
                            std::to_string(mul) + " 0 R >> /XObject << /Fm " +
                            std::to_string(group) + " 0 R >> >>";
    const std::string c =
        "1 0 0 rg 100 450 300 300 re f /G0 gs 0 0.8 0 rg 200 550 300 250 re f "
        "/G1 gs /Fm Do";
    pdf.add_page(kA4W, kA4H, res, c);
    out.push_back({"transparency", pdf.finish()});
  }
  {
    PdfBuilder pdf;
    const int gray = pdf.add_stream(image_dict(200, 150, "/DeviceGray"), gradient(200, 150, 1));
    const int rgb = pdf.add_stream(image_dict(200, 150, "/DeviceRGB"), gradient(200, 150, 3));
    const int cmyk = pdf.add_stream(image_dict(200, 150, "/DeviceCMYK"), gradient(200, 150, 4));
    const auto icc = read_file("/usr/share/color/icc/sRGB.icc");
    const int profile = pdf.add_stream("/N 3", icc);
    const int iccimg =
        pdf.add_stream(image_dict(200, 150, "[/ICCBased " + std::to_string(profile) + " 0 R]"),
                       gradient(200, 150, 3));
    const std::string res = "<< /XObject << /Ig " + std::to_string(gray) + " 0 R /Ir " +
                            std::to_string(rgb) + " 0 R /Ic " + std::to_string(cmyk) + " 0 R /Ii " +
                            std::to_string(iccimg) + " 0 R >> >>";
    const std::string c =
        "q 240 180 0 0 50 600 cm /Ig Do Q q 240 180 0 0 305 600 cm /Ir Do Q "
        "q 240 180 0 0 50 350 cm /Ic Do Q q 240 180 0 0 305 350 cm /Ii Do Q "
        "q 0 -120 240 0 50 300 cm /Ir Do Q";  // rotated 90 degrees
    pdf.add_page(kA4W, kA4H, res, c);
    out.push_back({"images", pdf.finish()});
  }
  {
    PdfBuilder pdf;
    const std::string fonts = "<< " + pdf.standard_fonts() + " >>";
    pdf.add_page(kA4W, kA4H, fonts,
                 "BT /F3 36 Tf 60 760 Td (Rotated page) Tj ET 0 0 1 rg 60 60 100 500 re f",
                 "/Rotate 90");
    out.push_back({"rotated", pdf.finish()});
  }
  out.push_back({"office", bench::make_office_pdf(1)});
  return out;
}

std::vector<std::uint8_t> mixed_size_pdf() {
  PdfBuilder pdf;
  const std::string fonts = "<< " + pdf.standard_fonts() + " >>";
  const std::string c = "BT /F1 30 Tf 40 40 Td (Size) Tj ET 0 0 1 RG 4 w 10 10 100 100 re S";
  pdf.add_page(kA4W, kA4H, fonts, c);
  pdf.add_page(612, 792, fonts, c);
  pdf.add_page(595.276, 419.528, fonts, c);  // A5 landscape
  pdf.add_page(kA4W, kA4H, fonts, c, "/Rotate 90");
  return pdf.finish();
}

std::vector<std::uint8_t> numbered_pdf(std::uint32_t pages) {
  PdfBuilder pdf;
  const std::string fonts = "<< " + pdf.standard_fonts() + " >>";
  for (std::uint32_t p = 1; p <= pages; ++p) {
    std::string c = "BT /F3 200 Tf 150 450 Td (" + std::to_string(p) + ") Tj ET\n";
    for (std::uint32_t b = 0; b < p; ++b) {
      c += std::to_string(40 + b * 30) + " 80 20 200 re f\n";
    }
    pdf.add_page(kA4W, kA4H, fonts, c);
  }
  return pdf.finish();
}

std::vector<std::uint8_t> sized_pdf(double width, double height) {
  return one_page("<< >>", "0 g 0 0 10 10 re f", width, height);
}

std::vector<std::uint8_t> content_bomb_pdf(std::size_t bytes) {
  // Deflate many identical operators: the stream is ~1000x smaller than what it inflates to.
  const std::string op = "10 10 m 20 20 l S\n";
  z_stream z{};
  deflateInit(&z, 9);
  std::vector<std::uint8_t> packed(1 << 16);
  std::string chunk;
  while (chunk.size() < (1 << 20)) chunk += op;
  std::size_t fed = 0, used = 0;
  while (fed < bytes) {
    const std::size_t n = std::min(chunk.size(), bytes - fed);
    z.next_in = reinterpret_cast<Bytef*>(chunk.data());
    z.avail_in = static_cast<uInt>(n);
    fed += n;
    const int flush = fed >= bytes ? Z_FINISH : Z_NO_FLUSH;
    do {
      if (packed.size() - used < (1 << 15)) packed.resize(packed.size() * 2);
      z.next_out = packed.data() + used;
      z.avail_out = static_cast<uInt>(packed.size() - used);
      deflate(&z, flush);
      used = packed.size() - z.avail_out;
    } while (z.avail_in != 0 || (flush == Z_FINISH && z.avail_out == 0));
  }
  deflateEnd(&z);
  packed.resize(used);
  PdfBuilder pdf;
  const int content =
      pdf.add("<< /Filter /FlateDecode /Length " + std::to_string(packed.size()) + " >>\nstream\n" +
              std::string(packed.begin(), packed.end()) + "\nendstream");
  pdf.add_page_with_contents(kA4W, kA4H, "<< >>", content);
  return pdf.finish();
}

std::vector<std::uint8_t> image_bomb_pdf(std::uint32_t width, std::uint32_t height) {
  std::vector<std::uint8_t> zeros(std::size_t{1} << 20);
  PdfBuilder pdf;
  const int img = pdf.add_stream(
      image_dict(static_cast<int>(width), static_cast<int>(height), "/DeviceRGB"), zeros);
  return one_page("<< /XObject << /Im " + std::to_string(img) + " 0 R >> >>",
                  "q 500 0 0 700 40 70 cm /Im Do Q");
}

std::vector<std::uint8_t> large_image_pdf(std::uint32_t pages, std::uint32_t width,
                                          std::uint32_t height) {
  PdfBuilder pdf;
  const auto w = static_cast<int>(width);
  const auto h = static_cast<int>(height);
  for (std::uint32_t p = 0; p < pages; ++p) {
    const int img = pdf.add_stream(image_dict(w, h, "/DeviceRGB"), gradient(w, h, 3));
    pdf.add_page(kA4W, kA4H, "<< /XObject << /Im " + std::to_string(img) + " 0 R >> >>",
                 "q 595 0 0 842 0 0 cm /Im Do Q");
  }
  return pdf.finish();
}

std::vector<std::uint8_t> cmyk_patches_pdf(const std::vector<std::uint8_t>& icc) {
  PdfBuilder pdf;
  pdf.add_page(kA4W, kA4H, "<< >>",
               "1 0 0 0 k 50 450 240 300 re f 0.2 0.4 0.6 0.1 k 305 450 240 300 re f");
  if (icc.empty()) return pdf.finish();
  const int profile = pdf.add_stream("/N 4", icc);
  return pdf.finish(
      "/OutputIntents [<< /Type /OutputIntent /S /GTS_PDFX "
      "/OutputConditionIdentifier (Test) /DestOutputProfile " +
      std::to_string(profile) + " 0 R >>]");
}

std::vector<std::uint8_t> nested_forms_pdf(std::uint32_t depth) {
  PdfBuilder pdf;
  // Object numbers are assigned in order: form k (1-based) is object k and draws form k+1.
  for (std::uint32_t k = 1; k <= depth; ++k) {
    const std::string res =
        k < depth ? "/Resources << /XObject << /X " + std::to_string(k + 1) + " 0 R >> >>" : "";
    const std::string body = k < depth ? "0.99 0 0 0.99 1 1 cm /X Do" : "0 0 1 rg 0 0 100 100 re f";
    pdf.add_stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + res, body, false);
  }
  pdf.add_page(kA4W, kA4H, "<< /XObject << /X 1 0 R >> >>", "/X Do");
  return pdf.finish();
}

std::vector<std::uint8_t> many_objects_pdf(std::uint32_t count) {
  std::string c;
  for (std::uint32_t i = 0; i < count; ++i) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.2f %.2f %.2f rg %u %u 4 4 re f\n", (i % 7) / 7.0,
                  (i % 11) / 11.0, (i % 13) / 13.0, 20 + (i * 7) % 550, 20 + (i / 79 * 6) % 800);
    c += buf;
  }
  return one_page("<< >>", c);
}

std::vector<std::uint8_t> looping_xref_pdf() {
  auto bytes = sized_pdf(kA4W, kA4H);
  std::string s(bytes.begin(), bytes.end());
  const std::size_t xref = s.rfind("xref\n");
  s.replace(s.find("/Root"), 0, "/Prev " + std::to_string(xref) + " ");
  return {s.begin(), s.end()};
}

std::vector<std::uint8_t> missing_font_pdf() {
  PdfBuilder pdf;
  const int font = pdf.add(
      "<< /Type /Font /Subtype /TrueType /BaseFont /NoSuchFont-Bold /FirstChar 32 /LastChar 126 "
      "/Encoding /WinAnsiEncoding >>");
  pdf.add_page(kA4W, kA4H, "<< /Font << /F " + std::to_string(font) + " 0 R >> >>",
               "BT /F 36 Tf 60 700 Td (Substituted font) Tj ET");
  return pdf.finish();
}

}  // namespace mfp::testing
