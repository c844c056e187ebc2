// Fuzz target: multipart/form-data parsing. The first line of the input is the Content-Type,
// the rest the body. Whatever parses has at most kMaxFormParts parts, each with a name, whose
// data lies inside the body; whatever is refused is refused with invalid_argument.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "frontends/http/multipart_form.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mfp::frontends::http;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nl = input.find('\n');
  const std::string_view type = input.substr(0, nl);
  const std::string_view body =
      nl == std::string_view::npos ? std::string_view{} : input.substr(nl + 1);
  auto form = MultipartForm::parse(type, body);
  if (!form) {
    if (form.status().code() != mfp::pipeline::StatusCode::invalid_argument) std::abort();
    return 0;
  }
  if (form->parts().size() > kMaxFormParts) std::abort();
  std::size_t total = 0;
  for (const auto& p : form->parts()) {
    if (p.name.empty()) std::abort();
    if (body.find(p.data) == std::string_view::npos) std::abort();
    total += p.data.size();
  }
  if (total > body.size()) std::abort();
  return 0;
}
