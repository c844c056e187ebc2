// Fuzz target: "Authorization: Basic" field parsing. Whatever parses must have a non-empty user
// without ':' or control characters and a password without control characters, and must come
// from a field within the length limit that names the Basic scheme.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "frontends/http/basic_credentials.h"
#include "pipeline/ascii_iequals.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mfp::frontends::http;
  const std::string_view field(reinterpret_cast<const char*>(data), size);
  auto parsed = BasicCredentials::parse(field);
  if (!parsed) return 0;
  if (size > BasicCredentials::kMaxFieldLength) std::abort();
  if (size < 6 || !mfp::pipeline::ascii_iequals(field.substr(0, 6), "basic ")) std::abort();
  if (parsed->user.empty()) std::abort();
  for (char c : parsed->user) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7f || c == ':') std::abort();
  }
  for (std::size_t i = 0; i < parsed->password.size(); ++i) {
    const std::uint8_t b = parsed->password.data()[i];
    if (b < 0x20 || b == 0x7f) std::abort();
  }
  // user ':' password is what was encoded: 4 base64 characters per 3 bytes at most.
  if ((parsed->user.size() + 1 + parsed->password.size() + 2) / 3 * 4 > size) std::abort();
  return 0;
}
