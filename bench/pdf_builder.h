#pragma once
// PdfBuilder: writes small, valid PDF files (objects, page tree, cross-reference table) for the
// benchmark workloads and the tests: real content streams with text in the standard fonts,
// vector art and images, optionally Flate-compressed. Not a general PDF library: it writes what
// it is told, with no checking of the content beyond the file structure.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace mfp::bench {

class PdfBuilder {
 public:
  // Adds an object with this body ("<< ... >>", "[ ... ]", ...) and returns its number.
  int add(std::string body);
  // Adds a stream object: `dict` are the dictionary entries without << >> (the builder adds
  // /Length and, when `flate`, compresses the data and adds /Filter /FlateDecode).
  int add_stream(const std::string& dict, std::span<const std::uint8_t> data, bool flate = true);
  int add_stream(const std::string& dict, const std::string& data, bool flate = true);
  // Adds a page of `width` x `height` points with this resources dictionary body and content;
  // `extra` goes into the page dictionary as is (e.g. "/Rotate 90").
  void add_page(double width, double height, const std::string& resources,
                const std::string& content, const std::string& extra = "");
  // The same with an already added content stream object.
  void add_page_with_contents(double width, double height, const std::string& resources,
                              int contents, const std::string& extra = "");
  // The whole file; `catalog_extra` goes into the catalog (e.g. /OutputIntents).
  [[nodiscard]] std::vector<std::uint8_t> finish(const std::string& catalog_extra = "");

  // A resources body naming the standard fonts used by the workloads: /F1 Helvetica,
  // /F2 Times-Roman, /F3 Helvetica-Bold, /F4 Courier (objects added on first use).
  [[nodiscard]] std::string standard_fonts();

 private:
  std::vector<std::string> objects_;  // object i+1's body (streams include their data)
  std::vector<int> pages_;
  int fonts_ = 0;  // first of the four font objects, 0 before standard_fonts()
};

// Escapes text for a PDF literal string "( ... )".
[[nodiscard]] std::string pdf_string(const std::string& text);

}  // namespace mfp::bench
