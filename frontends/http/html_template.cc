#include "frontends/http/html_template.h"

#include <exception>

namespace mfp::frontends::http {

using pipeline::make_error;
using pipeline::StatusCode;

struct TemplateSet::Entry {
  std::string source;
  // Rendering is a non-const call in the engine's API but only reads the parsed tree.
  mutable kainjow::mustache::mustache parsed;
  explicit Entry(std::string s) : source(std::move(s)), parsed(source) {}
};

TemplateSet::TemplateSet() = default;
TemplateSet::~TemplateSet() = default;

pipeline::Status TemplateSet::add(std::string name, std::string_view source) {
  try {
    auto entry = std::make_unique<Entry>(std::string(source));
    if (!entry->parsed.is_valid()) {
      return make_error(StatusCode::invalid_argument,
                        "template " + name + ": " + entry->parsed.error_message());
    }
    templates_[std::move(name)] = std::move(entry);
    return pipeline::Status::ok();
  } catch (const std::exception& e) {
    return make_error(StatusCode::internal, std::string("template ") + name + ": " + e.what());
  }
}

bool TemplateSet::contains(std::string_view name) const {
  return templates_.find(name) != templates_.end();
}

pipeline::Result<std::string> TemplateSet::render(std::string_view name,
                                                  const TemplateData& data) const {
  const auto it = templates_.find(name);
  if (it == templates_.end()) {
    return make_error(StatusCode::not_found, "no template " + std::string(name));
  }
  try {
    std::string out = it->second->parsed.render(data);
    return out;
  } catch (const std::exception& e) {
    return make_error(StatusCode::internal,
                      "template " + std::string(name) + ": " + std::string(e.what()));
  }
}

}  // namespace mfp::frontends::http
