#pragma once
// KeyKind and SignatureDigest: the guide's choices for a device key ("Public Key Size" 2,048 or
// 3,072 bits for RSA; "Elliptic Curve" P-256, P-384 or P-521 for ECDSA) and for the digest of
// its signature (SHA-256, SHA-384, SHA-512). All are FIPS 140-2 approved, so the same choices
// stay valid with "FIPS140-2" on.

#include <cstdint>
#include <string_view>

namespace mfp::security::certs {

enum class KeyKind : std::uint8_t { rsa_2048, rsa_3072, ecdsa_p256, ecdsa_p384, ecdsa_p521 };

enum class SignatureDigest : std::uint8_t { sha256, sha384, sha512 };

// "RSA-2048", "ECDSA P-256", ...; "SHA-256", ... (stable names for logs and the UI).
[[nodiscard]] std::string_view to_string(KeyKind kind) noexcept;
[[nodiscard]] std::string_view to_string(SignatureDigest digest) noexcept;

}  // namespace mfp::security::certs
