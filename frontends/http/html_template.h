#pragma once
// TemplateSet: the HTML templates of a web front end, parsed once at start and rendered per
// request by the mustache engine (Debian's header-only kainjow/mustache). Every {{value}} is
// HTML-escaped (& < > " '); there is no way to insert unescaped text but a template's
// "{{{content}}}", which a layout uses for a page body this set rendered itself (a test over
// the template files keeps triple braces out of every other place). No partials: a page is
// rendered, then placed in the layout.
//
// Failure: add() returns invalid_argument naming the template and the parser's message;
// render() returns not_found for an unknown template and internal when the engine throws
// (bad_alloc). Thread-safety: add() before serving; render() concurrently afterwards (it
// reads the parsed templates only; the engine keeps its render state per call).

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "pipeline/status.h"

namespace mfp::frontends::http {

// A page's values: objects, lists, strings and booleans (kainjow's data type).
using TemplateData = kainjow::mustache::data;
using TemplateList = kainjow::mustache::list;

class TemplateSet {
 public:
  TemplateSet();
  TemplateSet(const TemplateSet&) = delete;
  TemplateSet& operator=(const TemplateSet&) = delete;
  ~TemplateSet();

  [[nodiscard]] pipeline::Status add(std::string name, std::string_view source);
  [[nodiscard]] pipeline::Result<std::string> render(std::string_view name,
                                                     const TemplateData& data) const;
  [[nodiscard]] bool contains(std::string_view name) const;

 private:
  struct Entry;
  std::map<std::string, std::unique_ptr<Entry>, std::less<>> templates_;
};

}  // namespace mfp::frontends::http
