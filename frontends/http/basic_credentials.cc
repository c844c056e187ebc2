#include "frontends/http/basic_credentials.h"

#include "frontends/http/base64.h"
#include "pipeline/ascii_iequals.h"

namespace mfp::frontends::http {

std::optional<BasicCredentials> BasicCredentials::parse(std::string_view field) {
  if (field.size() > kMaxFieldLength) return std::nullopt;
  const std::size_t space = field.find(' ');
  if (space == std::string_view::npos ||
      !pipeline::ascii_iequals(field.substr(0, space), "basic")) {
    return std::nullopt;
  }
  std::string_view token = field.substr(space + 1);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  auto decoded = decode_base64(token);
  if (!decoded) return std::nullopt;
  const std::size_t length = decoded->size();
  std::size_t colon = length;
  for (std::size_t i = 0; i < length; ++i) {
    const std::uint8_t b = decoded->data()[i];
    if (b < 0x20 || b == 0x7f) return std::nullopt;
    if (b == ':' && colon == length) colon = i;
  }
  if (colon == length || colon == 0) return std::nullopt;
  BasicCredentials out;
  out.user.assign(reinterpret_cast<const char*>(decoded->data()), colon);
  out.password = security::crypto::SecureBytes::copy_of(
      std::span<const std::uint8_t>(decoded->data() + colon + 1, length - colon - 1));
  return out;
}

}  // namespace mfp::frontends::http
