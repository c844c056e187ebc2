// Fuzz target: urlencoded form parsing in both '+' modes. Whatever parses has at most
// kMaxFormFields fields, no NUL byte, and escaping each field again and parsing that gives the
// same fields; whatever is refused is refused with invalid_argument.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "frontends/http/form_data.h"

namespace {

std::string escape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

void check(std::string_view text, mfp::frontends::http::PlusSign plus) {
  using namespace mfp::frontends::http;
  auto form = FormData::parse(text, plus);
  if (!form) {
    if (form.status().code() != mfp::pipeline::StatusCode::invalid_argument) std::abort();
    return;
  }
  if (form->fields().size() > kMaxFormFields) std::abort();
  std::string again;
  for (const auto& [name, value] : form->fields()) {
    if (name.find('\0') != std::string::npos || value.find('\0') != std::string::npos) {
      std::abort();
    }
    if (!again.empty()) again += '&';
    again += escape(name) + "=" + escape(value);
  }
  auto back = FormData::parse(again, plus);
  if (!back || back->fields().size() != form->fields().size()) std::abort();
  for (std::size_t i = 0; i < back->fields().size(); ++i) {
    // A field without '=' comes back with an empty value: compare names, then values.
    if (back->fields()[i].first != form->fields()[i].first) std::abort();
    if (back->fields()[i].second != form->fields()[i].second) std::abort();
  }
  (void)query_of(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check(text, mfp::frontends::http::PlusSign::space);
  check(text, mfp::frontends::http::PlusSign::literal);
  return 0;
}
