#include "frontends/http/base64.h"

#include <openssl/evp.h>

namespace mfp::frontends::http {

std::optional<security::crypto::SecureBytes> decode_base64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '=') {
      // Only the last one or two characters may be padding.
      if (i + 2 < text.size()) return std::nullopt;
      ++padding;
      continue;
    }
    if (padding != 0) return std::nullopt;
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/';
    if (!ok) return std::nullopt;
  }
  if (text.empty()) return security::crypto::SecureBytes{};
  security::crypto::SecureBytes decoded(text.size() / 4 * 3 + 1);
  const int n = EVP_DecodeBlock(decoded.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0 || static_cast<std::size_t>(n) < padding) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero bytes.
  return security::crypto::SecureBytes::copy_of(
      std::span<const std::uint8_t>(decoded.data(), static_cast<std::size_t>(n) - padding));
}

}  // namespace mfp::frontends::http
