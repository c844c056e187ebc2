#include "frontends/http/multipart_form.h"

#include <openssl/crypto.h>

#include "frontends/http/detail/field_text.h"
#include "frontends/http/form_data.h"
#include "pipeline/ascii_iequals.h"

namespace mfp::frontends::http {

namespace {

using detail::trim_ows;
using pipeline::make_error;
using pipeline::Result;
using pipeline::StatusCode;

constexpr std::size_t kMaxBoundary = 70;

pipeline::Status malformed(std::string what) {
  return make_error(StatusCode::invalid_argument, "multipart form: " + std::move(what));
}

// The value of parameter `name` in "type; a=b; name="v"" (quotes removed; no escapes inside,
// as browsers send them), or nullopt.
std::optional<std::string> parameter(std::string_view field, std::string_view name) {
  std::size_t at = field.find(';');
  while (at != std::string_view::npos) {
    std::string_view rest = field.substr(at + 1);
    const std::size_t next = rest.find(';');
    std::string_view pair = trim_ows(rest.substr(0, next));
    at = next == std::string_view::npos ? next : at + 1 + next;
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (!pipeline::ascii_iequals(trim_ows(pair.substr(0, eq)), name)) continue;
    std::string_view value = trim_ows(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return std::nullopt;
}

bool boundary_ok(std::string_view b) noexcept {
  if (b.empty() || b.size() > kMaxBoundary || b.back() == ' ') return false;
  for (char c : b) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// One part's header block ("Name: value" lines) into `part`.
pipeline::Status read_headers(std::string_view block, FormPart& part) {
  bool disposition = false;
  while (!block.empty()) {
    const std::size_t eol = block.find("\r\n");
    const std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view{} : block.substr(eol + 2);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return malformed("a part header without ':'");
    const std::string_view name = trim_ows(line.substr(0, colon));
    const std::string_view value = trim_ows(line.substr(colon + 1));
    if (pipeline::ascii_iequals(name, "Content-Disposition")) {
      const std::string_view type = trim_ows(value.substr(0, value.find(';')));
      if (!pipeline::ascii_iequals(type, "form-data")) return malformed("not form-data");
      auto field_name = parameter(value, "name");
      if (!field_name || field_name->empty()) return malformed("a part without a name");
      part.name = std::move(*field_name);
      part.file_name = parameter(value, "filename").value_or("");
      disposition = true;
    } else if (pipeline::ascii_iequals(name, "Content-Type")) {
      part.content_type = std::string(value);
    }
  }
  if (!disposition) return malformed("a part without Content-Disposition");
  return pipeline::Status::ok();
}

}  // namespace

MultipartForm& MultipartForm::operator=(MultipartForm&& other) noexcept {
  if (this != &other) {
    wipe();
    parts_ = std::move(other.parts_);
  }
  return *this;
}

MultipartForm::~MultipartForm() {
  wipe();
}

void MultipartForm::wipe() noexcept {
  for (auto& p : parts_) {
    if (!p.data.empty()) OPENSSL_cleanse(p.data.data(), p.data.size());
  }
  parts_.clear();
}

Result<MultipartForm> MultipartForm::parse(std::string_view content_type, std::string_view body) {
  const std::string_view media = detail::media_type_of(content_type);
  if (!pipeline::ascii_iequals(media, "multipart/form-data")) {
    return malformed("not multipart/form-data");
  }
  const auto boundary = parameter(content_type, "boundary");
  if (!boundary || !boundary_ok(*boundary)) return malformed("bad boundary");
  const std::string delimiter = "--" + *boundary;
  const std::string separator = "\r\n" + delimiter;
  // The body starts with the first delimiter line (a preamble is not sent by browsers).
  if (!body.starts_with(delimiter)) return malformed("does not start with the boundary");
  std::size_t at = delimiter.size();
  MultipartForm form;
  for (;;) {
    const std::string_view after = body.substr(at);
    if (after.starts_with("--")) break;  // the closing delimiter
    if (!after.starts_with("\r\n")) return malformed("bad delimiter line");
    at += 2;
    const std::size_t head_end = body.find("\r\n\r\n", at);
    const bool no_headers = body.substr(at).starts_with("\r\n");
    if (no_headers) return malformed("a part without headers");
    if (head_end == std::string_view::npos || head_end - at > kMaxPartHeaderBytes) {
      return malformed("part headers missing or too long");
    }
    if (form.parts_.size() == kMaxFormParts) return malformed("too many parts");
    FormPart part;
    MFP_RETURN_IF_ERROR(read_headers(body.substr(at, head_end - at), part));
    const std::size_t data_start = head_end + 4;
    const std::size_t data_end = body.find(separator, data_start);
    if (data_end == std::string_view::npos) return malformed("a part without its end");
    part.data = std::string(body.substr(data_start, data_end - data_start));
    form.parts_.push_back(std::move(part));
    at = data_end + separator.size();
  }
  return form;
}

const FormPart* MultipartForm::part(std::string_view name) const noexcept {
  for (const auto& p : parts_) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string_view MultipartForm::value(std::string_view name) const noexcept {
  const FormPart* p = part(name);
  return p == nullptr ? std::string_view{} : std::string_view(p->data);
}

Result<MultipartForm> read_multipart(HttpExchange& exchange, std::size_t limit) {
  const auto type = exchange.head().field("Content-Type");
  if (!type) return malformed("no Content-Type");
  MFP_ASSIGN_OR_RETURN(auto body, read_body_text(exchange, limit));
  auto form = MultipartForm::parse(*type, body);
  if (!body.empty()) OPENSSL_cleanse(body.data(), body.size());
  return form;
}

}  // namespace mfp::frontends::http
