#include "frontends/http/form_data.h"

#include <openssl/crypto.h>

#include <array>

#include "frontends/http/detail/field_text.h"
#include "pipeline/ascii_iequals.h"

namespace mfp::frontends::http {

namespace {

using pipeline::make_error;
using pipeline::Result;
using pipeline::StatusCode;

int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> decode(std::string_view text, PlusSign plus) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus == PlusSign::space) {
      c = ' ';
    } else if (c == '%') {
      if (i + 2 >= text.size()) {
        return make_error(StatusCode::invalid_argument, "form: truncated escape");
      }
      const int hi = hex_digit(text[i + 1]);
      const int lo = hex_digit(text[i + 2]);
      if (hi < 0 || lo < 0) return make_error(StatusCode::invalid_argument, "form: bad escape");
      c = static_cast<char>((hi << 4) | lo);
      i += 2;
    }
    if (c == '\0') return make_error(StatusCode::invalid_argument, "form: NUL byte");
    out.push_back(c);
  }
  return out;
}

void cleanse(std::string& s) noexcept {
  if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
}

}  // namespace

FormData& FormData::operator=(FormData&& other) noexcept {
  if (this != &other) {
    wipe();
    fields_ = std::move(other.fields_);
  }
  return *this;
}

FormData::~FormData() {
  wipe();
}

void FormData::wipe() noexcept {
  for (auto& [name, value] : fields_) {
    cleanse(name);
    cleanse(value);
  }
  fields_.clear();
}

Result<FormData> FormData::parse(std::string_view text, PlusSign plus) {
  FormData form;
  while (!text.empty()) {
    const std::size_t amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (pair.empty()) continue;
    if (form.fields_.size() == kMaxFormFields) {
      return make_error(StatusCode::invalid_argument, "form: too many fields");
    }
    const std::size_t eq = pair.find('=');
    MFP_ASSIGN_OR_RETURN(auto name, decode(pair.substr(0, eq), plus));
    std::string value;
    if (eq != std::string_view::npos) {
      MFP_ASSIGN_OR_RETURN(value, decode(pair.substr(eq + 1), plus));
    }
    form.fields_.emplace_back(std::move(name), std::move(value));
  }
  return form;
}

std::optional<std::string_view> FormData::get(std::string_view name) const noexcept {
  for (const auto& [key, value] : fields_) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::string_view FormData::value(std::string_view name) const noexcept {
  return get(name).value_or(std::string_view{});
}

std::span<const std::uint8_t> FormData::bytes(std::string_view name) const noexcept {
  const std::string_view v = value(name);
  return {reinterpret_cast<const std::uint8_t*>(v.data()), v.size()};
}

Result<FormData> query_of(std::string_view target) {
  const std::size_t q = target.find('?');
  if (q == std::string_view::npos) return FormData{};
  return FormData::parse(target.substr(q + 1));
}

Result<std::string> read_body_text(HttpExchange& exchange, std::size_t limit) {
  std::string body;
  if (auto length = exchange.head().content_length; length && *length > limit) {
    return make_error(StatusCode::limit_exceeded, "request body too large");
  }
  std::array<std::uint8_t, 4096> chunk{};
  while (!exchange.body_complete()) {
    auto n = exchange.read_body(chunk);
    if (!n.is_ok()) {
      cleanse(body);
      return n.status();
    }
    if (*n == 0) break;
    if (body.size() + *n > limit) {
      cleanse(body);
      OPENSSL_cleanse(chunk.data(), chunk.size());
      return make_error(StatusCode::limit_exceeded, "request body too large");
    }
    body.append(reinterpret_cast<const char*>(chunk.data()), *n);
  }
  OPENSSL_cleanse(chunk.data(), chunk.size());
  return body;
}

Result<FormData> read_form(HttpExchange& exchange, PlusSign plus, std::size_t limit) {
  if (auto type = exchange.head().field("Content-Type")) {
    if (!pipeline::ascii_iequals(detail::media_type_of(*type),
                                 "application/x-www-form-urlencoded")) {
      return make_error(StatusCode::invalid_argument, "the body is not a form");
    }
  }
  MFP_ASSIGN_OR_RETURN(auto body, read_body_text(exchange, limit));
  auto form = FormData::parse(body, plus);
  cleanse(body);
  return form;
}

}  // namespace mfp::frontends::http
