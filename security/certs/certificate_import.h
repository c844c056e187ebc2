#pragma once
// Parsing of the guide's import formats ("Import Certificate": X.509 (DER/PEM), PKCS#7 (DER),
// PKCS#12 (DER) with a password of up to 32 characters). Parsing only: the acceptance rules
// (check_certificate) and what is done with the result (DeviceCertificate::import,
// TrustStore::import) are applied by the callers. Never throws; hostile bytes give
// malformed_data.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "pipeline/status.h"
#include "security/certs/certificate.h"
#include "security/certs/private_key.h"

namespace mfp::security::certs {

enum class ImportFormat : std::uint8_t {
  x509,    // one DER certificate, or one or more PEM "CERTIFICATE" blocks
  pkcs7,   // DER SignedData holding certificates only (no signer)
  pkcs12,  // DER PFX with a MAC under the password
};

inline constexpr std::size_t kMaxPkcs12PasswordLength = 32;
inline constexpr std::size_t kMaxImportBytes = 1u << 20;  // 1 MiB: far above any real chain
// Tools use 2,048 (OpenSSL) to 600,000; more only burns CPU on a file an attacker supplies.
inline constexpr std::int64_t kMaxPkcs12MacIterations = 2'000'000;

// What a file held: its certificates in file order (for PKCS#12 the one matching the key
// first) and, from PKCS#12 only, the private key.
struct ImportedCertificates {
  std::vector<Certificate> certificates;
  std::optional<PrivateKey> key;
};

// `password` is used for PKCS#12 only (ignored otherwise) and never copied into a Status.
// Errors: limit_exceeded (file over kMaxImportBytes), invalid_argument (password over 32
// characters), malformed_data (not the format, truncated, no certificate), unsupported (PKCS#7
// that is not certificates-only; PKCS#12 without a MAC, with a MAC iteration count over
// kMaxPkcs12MacIterations, or with an algorithm the library does not offer), permission_denied
// (PKCS#12 password wrong).
[[nodiscard]] pipeline::Result<ImportedCertificates> parse_import(
    std::span<const std::uint8_t> bytes, ImportFormat format, std::string_view password);

}  // namespace mfp::security::certs
