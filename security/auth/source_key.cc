#include "security/auth/source_key.h"

#include <arpa/inet.h>

#include <array>
#include <cstring>

namespace mfp::security::auth {

std::string source_key(std::string_view address) {
  try {
    std::string text(address.substr(0, address.find('%')));
    std::array<unsigned char, 16> v6{};
    if (inet_pton(AF_INET6, text.c_str(), v6.data()) != 1) return std::string(address);
    std::array<char, INET6_ADDRSTRLEN> out{};
    static constexpr std::array<unsigned char, 12> kMapped = {0, 0, 0, 0, 0,    0,
                                                              0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(v6.data(), kMapped.data(), kMapped.size()) == 0) {
      if (inet_ntop(AF_INET, v6.data() + 12, out.data(), out.size()) == nullptr) return text;
      return std::string(out.data());
    }
    std::fill(v6.begin() + 8, v6.end(), 0);
    if (inet_ntop(AF_INET6, v6.data(), out.data(), out.size()) == nullptr) return text;
    return std::string(out.data()) + "/64";
  } catch (...) {
    return {};
  }
}

}  // namespace mfp::security::auth
