#include "bench/pdf_builder.h"

#include <zlib.h>

#include <cstdio>

namespace mfp::bench {

int PdfBuilder::add(std::string body) {
  objects_.push_back(std::move(body));
  return static_cast<int>(objects_.size());
}

int PdfBuilder::add_stream(const std::string& dict, std::span<const std::uint8_t> data,
                           bool flate) {
  std::string payload;
  std::string filter;
  if (flate) {
    uLongf n = compressBound(static_cast<uLong>(data.size()));
    payload.resize(n);
    if (compress2(reinterpret_cast<Bytef*>(payload.data()), &n, data.data(),
                  static_cast<uLong>(data.size()), 6) != Z_OK) {
      n = 0;
    }
    payload.resize(n);
    filter = " /Filter /FlateDecode";
  } else {
    payload.assign(reinterpret_cast<const char*>(data.data()), data.size());
  }
  return add("<< " + dict + filter + " /Length " + std::to_string(payload.size()) +
             " >>\nstream\n" + payload + "\nendstream");
}

int PdfBuilder::add_stream(const std::string& dict, const std::string& data, bool flate) {
  return add_stream(
      dict, std::span(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()), flate);
}

void PdfBuilder::add_page(double width, double height, const std::string& resources,
                          const std::string& content, const std::string& extra) {
  add_page_with_contents(width, height, resources, add_stream("", content), extra);
}

void PdfBuilder::add_page_with_contents(double width, double height, const std::string& resources,
                                        int contents, const std::string& extra) {
  char box[96];
  std::snprintf(box, sizeof box, "[0 0 %.3f %.3f]", width, height);
  // The parent is the page tree, always the object finish() adds first after the pages.
  pages_.push_back(add("<< /Type /Page /Parent PARENT /MediaBox " + std::string(box) +
                       " /Resources " + resources + " /Contents " + std::to_string(contents) +
                       " 0 R " + extra + " >>"));
}

std::string PdfBuilder::standard_fonts() {
  if (fonts_ == 0) {
    fonts_ =
        add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
    add("<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>");
    add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
    add("<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>");
  }
  std::string s = "/Font <<";
  for (int i = 0; i < 4; ++i) {
    s += " /F" + std::to_string(i + 1) + " " + std::to_string(fonts_ + i) + " 0 R";
  }
  return s + " >>";
}

std::vector<std::uint8_t> PdfBuilder::finish(const std::string& catalog_extra) {
  std::string kids;
  for (int p : pages_) kids += std::to_string(p) + " 0 R ";
  const int tree =
      add("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages_.size()) + " >>");
  const std::string parent = std::to_string(tree) + " 0 R";
  for (int p : pages_) {
    std::string& body = objects_[static_cast<std::size_t>(p - 1)];
    body.replace(body.find("PARENT"), 6, parent);
  }
  const int catalog = add("<< /Type /Catalog /Pages " + parent + " " + catalog_extra + " >>");

  std::string out = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects_.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects_[i] + "\nendobj\n";
  }
  const std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects_.size() + 1) + "\n0000000000 65535 f \n";
  char line[32];
  for (std::size_t off : offsets) {
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(objects_.size() + 1) + " /Root " +
         std::to_string(catalog) + " 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return {out.begin(), out.end()};
}

std::string pdf_string(const std::string& text) {
  std::string s = "(";
  for (char c : text) {
    if (c == '(' || c == ')' || c == '\\') s += '\\';
    s += c;
  }
  return s + ")";
}

}  // namespace mfp::bench
