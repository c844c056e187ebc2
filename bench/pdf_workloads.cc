#include "bench/pdf_workloads.h"

#include <cmath>
#include <cstdio>
#include <span>
#include <string>

#include "bench/pdf_builder.h"
#include "bench/split_mix64.h"
#include "bench/workloads.h"

namespace mfp::bench {

namespace {

constexpr double kA4W = 595.276, kA4H = 841.89;

using Rng = SplitMix64;

template <typename... Args>
std::string fmt(const char* f, Args... args) {
  char buf[160];
  std::snprintf(buf, sizeof buf, f, static_cast<double>(args)...);
  return buf;
}

std::string words(Rng& rng, std::size_t chars) {
  static const char* kSyllables[] = {"con", "tra", "ment", "ver", "sa", "lo", "pri", "ter",
                                     "de",  "ca",  "tion", "ri",  "mo", "an", "pe",  "ul"};
  std::string s;
  while (s.size() < chars) {
    const int n = 1 + rng.below(3);
    for (int i = 0; i < n; ++i) s += kSyllables[rng.below(16)];
    s += rng.below(9) == 0 ? ", " : " ";
  }
  return s;
}

// A small RGB picture (a colored gradient with rings) as a Flate image XObject.
int add_picture(PdfBuilder& pdf, int w, int h, int seed) {
  std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const double r = std::hypot(x - w * 0.4, y - h * 0.6) / 9.0 + seed;
      auto* p = &px[(static_cast<std::size_t>(y) * w + x) * 3];
      p[0] = static_cast<std::uint8_t>(255.0 * x / w);
      p[1] = static_cast<std::uint8_t>(127.5 + 127.5 * std::sin(r));
      p[2] = static_cast<std::uint8_t>(255.0 * y / h);
    }
  }
  return pdf.add_stream("/Type /XObject /Subtype /Image /Width " + std::to_string(w) + " /Height " +
                            std::to_string(h) + " /ColorSpace /DeviceRGB /BitsPerComponent 8",
                        px);
}

// Two columns of body text starting below `top`, down to `bottom`.
std::string body_text(Rng& rng, double top, double bottom) {
  std::string c;
  for (int col = 0; col < 2; ++col) {
    c += "BT /F2 9.5 Tf 11.5 TL " + fmt("%.2f %.2f Td ", 50 + col * 255.0, top);
    for (double y = top; y > bottom; y -= 11.5) {
      c += pdf_string(words(rng, 52)) + " Tj T* ";
      if (rng.below(14) == 0) {  // a bold run-in heading now and then
        c += "/F3 9.5 Tf " + pdf_string(words(rng, 20)) + " Tj T* /F2 9.5 Tf ";
        y -= 11.5;
      }
    }
    c += "ET\n";
  }
  return c;
}

std::string table(Rng& rng, double x, double y, int rows, int cols) {
  const double cw = 80, rh = 14;
  std::string c = "0.85 0.9 0.97 rg " + fmt("%.2f %.2f %.2f %.2f re f\n", x, y - rh, cols * cw, rh);
  c += "0.2 G 0.5 w ";
  for (int r = 0; r <= rows; ++r)
    c += fmt("%.2f %.2f m %.2f %.2f l ", x, y - r * rh, x + cols * cw, y - r * rh);
  for (int k = 0; k <= cols; ++k)
    c += fmt("%.2f %.2f m %.2f %.2f l ", x + k * cw, y, x + k * cw, y - rows * rh);
  c += "S\n0 g BT /F1 7.5 Tf ";
  for (int r = 0; r < rows; ++r) {
    for (int k = 0; k < cols; ++k) {
      const std::string cell = r == 0 ? words(rng, 8) : std::to_string(rng.below(100000));
      c += fmt("1 0 0 1 %.2f %.2f Tm ", x + k * cw + 4, y - (r + 1) * rh + 4) + pdf_string(cell) +
           " Tj ";
    }
  }
  return c + "ET\n";
}

std::string bar_chart(Rng& rng, double x, double y, double w, double h) {
  std::string c =
      "0 G 1 w " + fmt("%.2f %.2f m %.2f %.2f l %.2f %.2f l S\n", x, y + h, x, y, x + w, y);
  const int bars = 8;
  for (int i = 0; i < bars; ++i) {
    const double bh = h * (0.2 + 0.75 * rng.below(1000) / 1000.0);
    c += fmt("%.3f %.3f %.3f rg ", 0.1 + 0.1 * i, 0.3 + 0.08 * (i % 3), 0.9 - 0.1 * i);
    c += fmt("%.2f %.2f %.2f %.2f re f\n", x + 8 + i * (w - 16) / bars, y, (w - 16) / bars - 6, bh);
  }
  return c;
}

// A pie of Bezier-approximated sectors with a stroked outline.
std::string pie(Rng& rng, double cx, double cy, double r) {
  std::string c;
  double a0 = 0;
  for (int s = 0; s < 5; ++s) {
    const double a1 = s == 4 ? 2 * M_PI : a0 + (0.6 + rng.below(100) / 100.0) * 2 * M_PI / 5.5;
    c += fmt("%.3f %.3f %.3f rg ", 0.95 - 0.15 * s, 0.4 + 0.1 * s, 0.2 + 0.15 * s);
    c += fmt("%.2f %.2f m %.2f %.2f l ", cx, cy, cx + r * std::cos(a0), cy + r * std::sin(a0));
    for (double a = a0; a < a1 - 1e-9;) {  // arcs of at most 90 degrees
      const double b = std::min(a1, a + M_PI / 2), k = 4.0 / 3.0 * std::tan((b - a) / 4);
      c += fmt("%.2f %.2f %.2f %.2f ", cx + r * (std::cos(a) - k * std::sin(a)),
               cy + r * (std::sin(a) + k * std::cos(a)), cx + r * (std::cos(b) + k * std::sin(b)),
               cy + r * (std::sin(b) - k * std::cos(b)));
      c += fmt("%.2f %.2f c ", cx + r * std::cos(b), cy + r * std::sin(b));
      a = b;
    }
    c += "h B\n";
    a0 = a1;
  }
  return "0.3 G 0.75 w " + c;
}

std::string office_page(PdfBuilder& pdf, Rng& rng, int page, std::string& resources) {
  const int picture = add_picture(pdf, 240, 160, page);
  resources =
      "<< " + pdf.standard_fonts() + " /XObject << /Im1 " + std::to_string(picture) + " 0 R >> >>";
  std::string c = "0.12 0.25 0.5 rg 40 780 515.3 36 re f\n";
  c += "BT /F3 18 Tf 1 g 52 792 Td " + pdf_string("Quarterly report " + std::to_string(page + 1)) +
       " Tj ET 0 g\n";
  c += body_text(rng, 760, 520);
  c += table(rng, 50, 500, 9, 6);
  c += bar_chart(rng, 50, 250, 240, 100);
  c += pie(rng, 430, 300, 55);
  c += "q 150 0 0 100 50 100 cm /Im1 Do Q\n";
  c += "0 g BT /F4 8 Tf 220 180 Td " +
       pdf_string("Figure " + std::to_string(page + 1) + ": " + words(rng, 40)) + " Tj ET\n";
  c += "BT /F1 8 Tf 50 40 Td " + pdf_string("Page " + std::to_string(page + 1)) + " Tj ET\n";
  return c;
}

}  // namespace

std::vector<std::uint8_t> make_office_pdf(std::uint32_t pages) {
  PdfBuilder pdf;
  Rng rng{42};
  for (std::uint32_t p = 0; p < pages; ++p) {
    std::string resources;
    const std::string content = office_page(pdf, rng, static_cast<int>(p), resources);
    pdf.add_page(kA4W, kA4H, resources, content);
  }
  return pdf.finish();
}

std::vector<std::uint8_t> make_mixed_pdf(std::uint32_t pages) {
  PdfBuilder pdf;
  Rng rng{7};
  // One photo (150 dpi over half a page) shared by the photo pages, as documents reuse images.
  const RgbImage photo = render_workload(Workload::photo, 150);
  RgbImage half{photo.width, photo.height / 2, photo.dpi, {}};
  half.pixels.assign(photo.pixels.begin(),
                     photo.pixels.begin() +
                         static_cast<std::ptrdiff_t>(std::size_t{half.width} * half.height * 3));
  auto jpeg = encode_jpeg(half, 85);
  const int photo_obj = pdf.add_stream(
      "/Type /XObject /Subtype /Image /Width " + std::to_string(half.width) + " /Height " +
          std::to_string(half.height) +
          " /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode",
      jpeg ? std::span<const std::uint8_t>(*jpeg) : std::span<const std::uint8_t>(), false);
  for (std::uint32_t p = 0; p < pages; ++p) {
    std::string resources;
    std::string content;
    switch (p % 3) {
      case 0:
        content = office_page(pdf, rng, static_cast<int>(p), resources);
        break;
      case 1:
        resources = "<< " + pdf.standard_fonts() + " /XObject << /Ph " + std::to_string(photo_obj) +
                    " 0 R >> >>";
        content = fmt("q %.3f 0 0 %.3f 0 %.3f cm /Ph Do Q\n", kA4W, kA4H / 2, kA4H / 2);
        content += body_text(rng, 390, 60);
        break;
      default:
        resources = "<< " + pdf.standard_fonts() + " >>";
        content = bar_chart(rng, 60, 480, 470, 300) + pie(rng, 180, 250, 110) +
                  pie(rng, 420, 250, 80) + table(rng, 50, 120, 5, 6);
        break;
    }
    pdf.add_page(kA4W, kA4H, resources, content);
  }
  return pdf.finish();
}

}  // namespace mfp::bench
