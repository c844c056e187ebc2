#include "security/certs/key_kind.h"

namespace mfp::security::certs {

std::string_view to_string(KeyKind kind) noexcept {
  switch (kind) {
    case KeyKind::rsa_2048:
      return "RSA-2048";
    case KeyKind::rsa_3072:
      return "RSA-3072";
    case KeyKind::ecdsa_p256:
      return "ECDSA P-256";
    case KeyKind::ecdsa_p384:
      return "ECDSA P-384";
    case KeyKind::ecdsa_p521:
      return "ECDSA P-521";
  }
  return "unknown";
}

std::string_view to_string(SignatureDigest digest) noexcept {
  switch (digest) {
    case SignatureDigest::sha256:
      return "SHA-256";
    case SignatureDigest::sha384:
      return "SHA-384";
    case SignatureDigest::sha512:
      return "SHA-512";
  }
  return "unknown";
}

std::string_view keyword(KeyKind kind) noexcept {
  switch (kind) {
    case KeyKind::rsa_2048:
      return "rsa-2048";
    case KeyKind::rsa_3072:
      return "rsa-3072";
    case KeyKind::ecdsa_p256:
      return "ecdsa-p256";
    case KeyKind::ecdsa_p384:
      return "ecdsa-p384";
    case KeyKind::ecdsa_p521:
      return "ecdsa-p521";
  }
  return "unknown";
}

std::string_view keyword(SignatureDigest digest) noexcept {
  switch (digest) {
    case SignatureDigest::sha256:
      return "sha256";
    case SignatureDigest::sha384:
      return "sha384";
    case SignatureDigest::sha512:
      return "sha512";
  }
  return "unknown";
}

std::optional<KeyKind> key_kind_from_keyword(std::string_view word) noexcept {
  for (KeyKind k : kKeyKinds) {
    if (keyword(k) == word) return k;
  }
  return std::nullopt;
}

std::optional<SignatureDigest> digest_from_keyword(std::string_view word) noexcept {
  for (SignatureDigest d : kSignatureDigests) {
    if (keyword(d) == word) return d;
  }
  return std::nullopt;
}

}  // namespace mfp::security::certs
