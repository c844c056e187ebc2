#include "bench/workloads.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "bench/pdf_workloads.h"
#include "bench/split_mix64.h"
#include "codecs/byte_io.h"
#include "codecs/jpeg_encoder.h"
#include "codecs/pwg_raster_writer.h"

namespace mfp::bench {

using pipeline::make_error;
using pipeline::Result;
using pipeline::StatusCode;

std::string to_string(Workload w) {
  switch (w) {
    case Workload::office:
      return "office";
    case Workload::photo:
      return "photo";
    case Workload::mixed:
      return "mixed";
  }
  return "office";
}

namespace {

using Rng = SplitMix64;

std::uint32_t hash32(std::uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

struct Canvas {
  RgbImage& img;
  void fill_rect(int x0, int y0, int x1, int y1, std::array<std::uint8_t, 3> c) {
    x0 = std::clamp(x0, 0, static_cast<int>(img.width));
    x1 = std::clamp(x1, 0, static_cast<int>(img.width));
    y0 = std::clamp(y0, 0, static_cast<int>(img.height));
    y1 = std::clamp(y1, 0, static_cast<int>(img.height));
    for (int y = y0; y < y1; ++y) {
      std::uint8_t* row = img.pixels.data() + (static_cast<std::size_t>(y) * img.width) * 3;
      for (int x = x0; x < x1; ++x) {
        row[3 * x] = c[0];
        row[3 * x + 1] = c[1];
        row[3 * x + 2] = c[2];
      }
    }
  }
  void fill_disc(double cx, double cy, double r, std::array<std::uint8_t, 3> c, double a0 = 0,
                 double a1 = 2 * M_PI) {
    const int y0 = static_cast<int>(cy - r), y1 = static_cast<int>(cy + r) + 1;
    const int x0 = static_cast<int>(cx - r), x1 = static_cast<int>(cx + r) + 1;
    for (int y = std::max(0, y0); y < std::min<int>(img.height, y1); ++y) {
      for (int x = std::max(0, x0); x < std::min<int>(img.width, x1); ++x) {
        const double dx = x - cx, dy = y - cy;
        if (dx * dx + dy * dy > r * r) continue;
        double a = std::atan2(dy, dx);
        if (a < 0) a += 2 * M_PI;
        if (a < a0 || a >= a1) continue;
        std::uint8_t* p = img.pixels.data() + (static_cast<std::size_t>(y) * img.width + x) * 3;
        p[0] = c[0];
        p[1] = c[1];
        p[2] = c[2];
      }
    }
  }
  void line(double x0, double y0, double x1, double y1, double w, std::array<std::uint8_t, 3> c) {
    const double len = std::hypot(x1 - x0, y1 - y0);
    const int steps = static_cast<int>(len) + 1;
    for (int i = 0; i <= steps; ++i) {
      const double t = static_cast<double>(i) / steps;
      const int x = static_cast<int>(x0 + t * (x1 - x0)), y = static_cast<int>(y0 + t * (y1 - y0));
      fill_rect(x - static_cast<int>(w / 2), y - static_cast<int>(w / 2),
                x + static_cast<int>(w / 2) + 1, y + static_cast<int>(w / 2) + 1, c);
    }
  }
};

// A stroke-font glyph on a 5x7 grid, derived from the character so text looks like text:
// a stem, bowls and bars in varying places.
std::array<std::uint8_t, 7> glyph(char ch) {
  const std::uint32_t h = hash32(static_cast<std::uint32_t>(ch) * 2654435761u);
  std::array<std::uint8_t, 7> rows{};
  const int stem = (h & 1) ? 0 : 4;
  for (int r = 0; r < 7; ++r) rows[r] |= static_cast<std::uint8_t>(1u << (4 - stem));
  const int bars = 1 + static_cast<int>((h >> 1) % 3);
  for (int b = 0; b < bars; ++b) {
    const int r = static_cast<int>((h >> (3 + 3 * b)) % 7);
    rows[r] = 0x1f;
  }
  if (h & 0x1000) {
    for (int r = 2; r < 7; ++r) rows[r] |= static_cast<std::uint8_t>(1u << stem);
  }
  if (h & 0x2000) rows[3] |= 0x0e;
  return rows;
}

void draw_text(Canvas& c, Rng& rng, int x0, int y0, int x1, int y1, double scale,
               std::array<std::uint8_t, 3> color) {
  const int gw = static_cast<int>(6 * scale), gh = static_cast<int>(7 * scale);
  const int line_h = static_cast<int>(gh * 1.8);
  for (int y = y0; y + gh <= y1; y += line_h) {
    int x = x0;
    // Ragged right edge, with an occasional short (paragraph-end) line.
    const int right =
        (rng.next() % 9 == 0) ? x0 + (x1 - x0) / 3 : x1 - static_cast<int>(rng.next() % (4 * gw));
    while (x + gw <= right) {
      const int word = 2 + static_cast<int>(rng.next() % 8);
      for (int i = 0; i < word && x + gw <= right; ++i, x += gw) {
        const auto g = glyph(static_cast<char>('a' + rng.next() % 26));
        for (int r = 0; r < 7; ++r) {
          for (int col = 0; col < 5; ++col) {
            if (g[r] & (1u << (4 - col))) {
              c.fill_rect(x + static_cast<int>(col * scale), y + static_cast<int>(r * scale),
                          x + static_cast<int>((col + 1) * scale),
                          y + static_cast<int>((r + 1) * scale), color);
            }
          }
        }
      }
      x += gw;  // space
    }
  }
}

void draw_office(Canvas& c, std::uint32_t dpi, int y_from, int y_to) {
  Rng rng{0x0ff1ce};
  const double mm = dpi / 25.4;
  const int margin = static_cast<int>(20 * mm);
  const int w = static_cast<int>(c.img.width);
  const double s = dpi / 600.0 * 6.0;  // ~10 pt text
  int y = y_from + margin;
  // Title bar and heading.
  c.fill_rect(margin, y, w - margin, y + static_cast<int>(3 * mm), {0x1f, 0x4e, 0x9a});
  y += static_cast<int>(8 * mm);
  draw_text(c, rng, margin, y, w - margin, y + static_cast<int>(12 * mm), s * 2,
            {0x10, 0x10, 0x10});
  y += static_cast<int>(16 * mm);
  // Two columns of body text.
  const int mid = w / 2;
  const int body_end = std::min(y_to - margin, y + static_cast<int>(110 * mm));
  draw_text(c, rng, margin, y, mid - static_cast<int>(5 * mm), body_end, s, {0, 0, 0});
  draw_text(c, rng, mid + static_cast<int>(5 * mm), y, w - margin,
            body_end - static_cast<int>(60 * mm), s, {0, 0, 0});
  // A bar chart beside the second column's end.
  const int chart_top = body_end - static_cast<int>(55 * mm), chart_bottom = body_end;
  const std::array<std::array<std::uint8_t, 3>, 5> colors = {{{0xd6, 0x27, 0x28},
                                                              {0x1f, 0x77, 0xb4},
                                                              {0x2c, 0xa0, 0x2c},
                                                              {0xff, 0x7f, 0x0e},
                                                              {0x94, 0x67, 0xbd}}};
  const int bar_w = static_cast<int>(9 * mm);
  for (int i = 0; i < 8; ++i) {
    const int x = mid + static_cast<int>(8 * mm) + i * (bar_w + static_cast<int>(3 * mm));
    const int h = static_cast<int>((10 + (hash32(i + 7) % 40)) * mm);
    c.fill_rect(x, chart_bottom - h, x + bar_w, chart_bottom, colors[i % colors.size()]);
  }
  c.line(mid + 5 * mm, chart_bottom, w - margin, chart_bottom, 0.4 * mm, {0, 0, 0});
  c.line(mid + 5 * mm, chart_top, mid + 5 * mm, chart_bottom, 0.4 * mm, {0, 0, 0});
  y = body_end + static_cast<int>(10 * mm);
  if (y + static_cast<int>(60 * mm) < y_to) {
    // A pie chart, a table with hairlines, and more text.
    const double r = 25 * mm;
    double a = 0;
    for (int i = 0; i < 5; ++i) {
      const double span = (0.1 + 0.05 * i) * 2 * M_PI;
      c.fill_disc(margin + r, y + r, r, colors[i], a, std::min(2 * M_PI, a + span));
      a += span;
    }
    const int tx = margin + static_cast<int>(2 * r + 15 * mm);
    for (int row = 0; row <= 8; ++row) {
      const int ty = y + row * static_cast<int>(6.5 * mm);
      c.line(tx, ty, w - margin, ty, 0.2 * mm, {0x40, 0x40, 0x40});
      if (row < 8) {
        draw_text(c, rng, tx + static_cast<int>(2 * mm), ty + static_cast<int>(1.5 * mm),
                  w - margin, ty + static_cast<int>(5 * mm), s * 0.8, {0x20, 0x20, 0x20});
      }
    }
    y += static_cast<int>(2 * r + 12 * mm);
    draw_text(c, rng, margin, y, w - margin, y_to - margin, s, {0, 0, 0});
  }
}

// A smooth, detailed "photograph": sky gradient, hills, a sun, textured foreground and grain,
// so JPEG and the color stage see realistic entropy.
void draw_photo(RgbImage& img, std::uint32_t y_from, std::uint32_t y_to) {
  const std::uint32_t w = img.width, h = img.height;
  // Value noise on a coarse lattice, bilinear-interpolated.
  constexpr int kCell = 96;
  const std::uint32_t gw = w / kCell + 2, gh = h / kCell + 2;
  std::vector<float> lattice(static_cast<std::size_t>(gw) * gh * 3);
  for (std::size_t i = 0; i < lattice.size(); ++i)
    lattice[i] = (hash32(static_cast<std::uint32_t>(i) + 99) & 0xffff) / 65535.0f;
  const double horizon = 0.45;
  for (std::uint32_t y = y_from; y < y_to; ++y) {
    std::uint8_t* row = img.pixels.data() + static_cast<std::size_t>(y) * w * 3;
    const double fy = static_cast<double>(y) / h;
    const std::uint32_t cy = y / kCell;
    const float ty = static_cast<float>(y % kCell) / kCell;
    for (std::uint32_t x = 0; x < w; ++x) {
      const double fx = static_cast<double>(x) / w;
      const std::uint32_t cx = x / kCell;
      const float tx = static_cast<float>(x % kCell) / kCell;
      float n[3];
      for (int ch = 0; ch < 3; ++ch) {
        auto at = [&](std::uint32_t gx, std::uint32_t gy) {
          return lattice[(static_cast<std::size_t>(gy) * gw + gx) * 3 + ch];
        };
        const float a = at(cx, cy) + (at(cx + 1, cy) - at(cx, cy)) * tx;
        const float b = at(cx, cy + 1) + (at(cx + 1, cy + 1) - at(cx, cy + 1)) * tx;
        n[ch] = a + (b - a) * ty;
      }
      const double hill = horizon + 0.06 * std::sin(fx * 9.0 + 1.3) + 0.03 * std::sin(fx * 23.0);
      double r, g, b;
      if (fy < hill) {
        const double t = fy / hill;
        r = 70 + 120 * t;
        g = 120 + 90 * t;
        b = 210 + 30 * t;
        const double sd = std::hypot(fx - 0.72, (fy - 0.18) * 1.4);
        if (sd < 0.07) {
          r = 255, g = 240, b = 190;
        } else if (sd < 0.2) {
          const double k = (0.2 - sd) / 0.13;
          r += (255 - r) * k * 0.6, g += (220 - g) * k * 0.5, b -= b * k * 0.2;
        }
        r += 30 * (n[0] - 0.5), g += 30 * (n[1] - 0.5), b += 20 * (n[2] - 0.5);
      } else {
        const double t = (fy - hill) / (1 - hill);
        const double stripes = 0.5 + 0.5 * std::sin(fx * 140.0 + fy * 37.0 + 6 * n[0]);
        r = 60 + 80 * n[0] + 40 * stripes - 30 * t;
        g = 110 + 90 * n[1] + 30 * stripes - 50 * t;
        b = 40 + 50 * n[2] - 20 * t;
      }
      const std::uint32_t grain = hash32(y * 7919u + x * 104729u);
      const double gn = static_cast<double>(grain & 0xff) / 255.0 - 0.5;
      row[3 * x] = static_cast<std::uint8_t>(std::clamp(r + 14 * gn, 0.0, 255.0));
      row[3 * x + 1] = static_cast<std::uint8_t>(std::clamp(g + 14 * gn, 0.0, 255.0));
      row[3 * x + 2] = static_cast<std::uint8_t>(std::clamp(b + 14 * gn, 0.0, 255.0));
    }
  }
}

}  // namespace

RgbImage render_workload(Workload w, std::uint32_t dpi) {
  RgbImage img;
  img.dpi = dpi;
  img.width = static_cast<std::uint32_t>(std::lround(210.0 / 25.4 * dpi));
  img.height = static_cast<std::uint32_t>(std::lround(297.0 / 25.4 * dpi));
  img.pixels.assign(static_cast<std::size_t>(img.width) * img.height * 3, 0xff);
  Canvas c{img};
  switch (w) {
    case Workload::office:
      draw_office(c, dpi, 0, static_cast<int>(img.height));
      break;
    case Workload::photo:
      draw_photo(img, 0, img.height);
      break;
    case Workload::mixed:
      draw_photo(img, 0, img.height / 2);
      draw_office(c, dpi, static_cast<int>(img.height / 2), static_cast<int>(img.height));
      break;
  }
  return img;
}

Result<std::vector<std::uint8_t>> encode_pwg(const RgbImage& img, std::uint32_t pages) {
  std::vector<std::uint8_t> out;
  codecs::VectorSink sink(out);
  codecs::PwgRasterWriter writer(sink);
  auto header = codecs::PwgPageHeader::for_type(codecs::PwgRasterType::srgb_8, img.width,
                                                img.height, img.dpi, img.dpi);
  header.page_size_name = "iso_a4_210x297mm";
  header.total_page_count = pages;
  for (std::uint32_t p = 0; p < pages; ++p) {
    MFP_RETURN_IF_ERROR(writer.begin_page(header));
    MFP_RETURN_IF_ERROR(
        writer.write_rows(img.pixels.data(), static_cast<std::size_t>(img.width) * 3, img.height));
  }
  MFP_RETURN_IF_ERROR(writer.finish());
  return out;
}

Result<std::vector<std::uint8_t>> encode_jpeg(const RgbImage& img, int quality) {
  std::vector<std::uint8_t> out;
  codecs::VectorSink sink(out);
  MFP_RETURN_IF_ERROR(codecs::jpeg_encode(img.pixels.data(), img.width, img.height,
                                          static_cast<std::size_t>(img.width) * 3, 3, quality,
                                          img.dpi, sink));
  return out;
}

std::vector<std::uint8_t> wrap_jpeg_in_pdf(const std::vector<std::uint8_t>& jpeg,
                                           std::uint32_t width, std::uint32_t height,
                                           std::uint32_t dpi) {
  // A minimal, valid PDF 1.4: one page whose MediaBox is the image at `dpi`, drawing the JPEG
  // (DCTDecode, untouched) full-bleed.
  const double pw = width * 72.0 / dpi, ph = height * 72.0 / dpi;
  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  auto object = [&](const std::string& body) {
    offsets.push_back(out.size());
    out += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
  };
  char buf[256];
  object("<< /Type /Catalog /Pages 2 0 R >>");
  object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  std::snprintf(buf, sizeof buf,
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.4f %.4f] "
                "/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
                pw, ph);
  object(buf);
  std::snprintf(buf, sizeof buf,
                "<< /Type /XObject /Subtype /Image /Width %u /Height %u /ColorSpace /DeviceRGB "
                "/BitsPerComponent 8 /Filter /DCTDecode /Length %zu >>\nstream\n",
                width, height, jpeg.size());
  offsets.push_back(out.size());
  out += std::to_string(offsets.size()) + " 0 obj\n" + buf;
  out.append(reinterpret_cast<const char*>(jpeg.data()), jpeg.size());
  out += "\nendstream\nendobj\n";
  std::snprintf(buf, sizeof buf, "q %.4f 0 0 %.4f 0 0 cm /Im0 Do Q", pw, ph);
  const std::string content = buf;
  object("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
         "\nendstream");
  const std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", off);
    out += buf;
  }
  out += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return {out.begin(), out.end()};
}

Result<std::vector<std::filesystem::path>> generate_workloads(const std::filesystem::path& dir,
                                                              std::uint32_t dpi) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return make_error(StatusCode::io_error, "cannot create " + dir.string());
  std::vector<std::filesystem::path> written;
  auto write = [&](const std::filesystem::path& p, const std::vector<std::uint8_t>& bytes) {
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
    if (!f) return false;
    written.push_back(p);
    return true;
  };
  for (Workload w : {Workload::office, Workload::photo, Workload::mixed}) {
    const RgbImage img = render_workload(w, dpi);
    const std::string name = to_string(w);
    MFP_ASSIGN_OR_RETURN(auto pwg, encode_pwg(img));
    MFP_ASSIGN_OR_RETURN(auto jpg, encode_jpeg(img));
    const auto pdf = wrap_jpeg_in_pdf(jpg, img.width, img.height, img.dpi);
    if (!write(dir / (name + ".pwg"), pwg) || !write(dir / (name + ".jpg"), jpg) ||
        !write(dir / (name + ".pdf"), pdf)) {
      return make_error(StatusCode::io_error, "cannot write workloads to " + dir.string());
    }
  }
  // Vector PDFs for the PDF RIP: a 20-page office document and a 20-page mixed document.
  if (!write(dir / "office-doc.pdf", make_office_pdf(20)) ||
      !write(dir / "mixed-20.pdf", make_mixed_pdf(20))) {
    return make_error(StatusCode::io_error, "cannot write workloads to " + dir.string());
  }
  return written;
}

}  // namespace mfp::bench
