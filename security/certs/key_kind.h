#pragma once
// KeyKind and SignatureDigest: the guide's choices for a device key ("Public Key Size" 2,048 or
// 3,072 bits for RSA; "Elliptic Curve" P-256, P-384 or P-521 for ECDSA) and for the digest of
// its signature (SHA-256, SHA-384, SHA-512). All are FIPS 140-2 approved, so the same choices
// stay valid with "FIPS140-2" on.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mfp::security::certs {

enum class KeyKind : std::uint8_t { rsa_2048, rsa_3072, ecdsa_p256, ecdsa_p384, ecdsa_p521 };

enum class SignatureDigest : std::uint8_t { sha256, sha384, sha512 };

// "RSA-2048", "ECDSA P-256", ...; "SHA-256", ... (stable names for logs and the UI).
[[nodiscard]] std::string_view to_string(KeyKind kind) noexcept;
[[nodiscard]] std::string_view to_string(SignatureDigest digest) noexcept;

// The choices' stable keywords, as forms and the maintenance tool name them: "rsa-2048",
// "rsa-3072", "ecdsa-p256", "ecdsa-p384", "ecdsa-p521"; "sha256", "sha384", "sha512".
[[nodiscard]] std::string_view keyword(KeyKind kind) noexcept;
[[nodiscard]] std::string_view keyword(SignatureDigest digest) noexcept;
// The choice a keyword names; nullopt for anything else.
[[nodiscard]] std::optional<KeyKind> key_kind_from_keyword(std::string_view keyword) noexcept;
[[nodiscard]] std::optional<SignatureDigest> digest_from_keyword(std::string_view keyword) noexcept;

inline constexpr std::array kKeyKinds = {KeyKind::ecdsa_p256, KeyKind::ecdsa_p384,
                                         KeyKind::ecdsa_p521, KeyKind::rsa_2048, KeyKind::rsa_3072};
inline constexpr std::array kSignatureDigests = {SignatureDigest::sha256, SignatureDigest::sha384,
                                                 SignatureDigest::sha512};

}  // namespace mfp::security::certs
