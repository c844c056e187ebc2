// Fuzz target: what the browser interface reads of a request head besides the Host field:
// cookies (find_cookie), the request's origin (Origin, Sec-Fetch-Site, Referer) and base64
// credentials (decode_base64). The input is split at newlines into fields; nothing may crash,
// a found cookie value has no ';', and whatever decodes as base64 encodes back to text of the
// same length that decodes to the same bytes (non-zero bits in the last group are ignored).
#include <openssl/evp.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/http/base64.h"
#include "frontends/http/cookie.h"
#include "frontends/http/request_origin.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mfp::frontends::http;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const char* const kNames[] = {"Cookie", "Origin", "Sec-Fetch-Site", "Referer", "Host"};
  HttpRequestHead head;
  std::size_t start = 0;
  for (std::size_t i = 0; start <= text.size(); ++i) {
    const std::size_t nl = text.find('\n', start);
    const std::string_view line =
        text.substr(start, nl == std::string_view::npos ? nl : nl - start);
    head.fields.emplace_back(kNames[i % 5], std::string(line));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  for (const char* name : {"__Host-mfp-session", "a", ""}) {
    if (auto c = find_cookie(head, name); c && c->find(';') != std::string::npos) std::abort();
  }
  (void)request_origin(head, true);
  (void)request_origin(head, false);
  if (auto bytes = decode_base64(text)) {
    std::string back(4 * ((bytes->size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(back.data()), bytes->data(),
                                  static_cast<int>(bytes->size()));
    back.resize(static_cast<std::size_t>(n));
    if (back.size() != text.size()) std::abort();
    auto again = decode_base64(back);
    if (!again || again->size() != bytes->size() ||
        !std::equal(again->data(), again->data() + again->size(), bytes->data())) {
      std::abort();
    }
  }
  return 0;
}
