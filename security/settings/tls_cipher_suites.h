#pragma once
// secure_tls_cipher_suites(): the TLS cipher suites the guide allows for every TLS peer of the
// device ("For Optimal Performance of the Security Features" / "TLS"), IANA names in the
// guide's order: the list the TLS service offers and accepts. Static data; never throws.

#include <span>
#include <string_view>

namespace mfp::security::settings {

[[nodiscard]] std::span<const std::string_view> secure_tls_cipher_suites() noexcept;

}  // namespace mfp::security::settings
