#pragma once
// Certificate: one parsed X.509 certificate (immutable; copies share the OpenSSL object by
// reference count) and what the device needs to know about it: DER and PEM, names, validity,
// CA flag, public key and signature digest, SHA-256 fingerprint.

#include <openssl/types.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "pipeline/status.h"

namespace mfp::security::certs {

// A public or private key's algorithm and size: "RSA" with bits, or "EC" with its curve
// ("P-256", "P-384", "P-521", or OpenSSL's short name of another curve); others by name.
struct KeyInfo {
  std::string algorithm;
  int bits = 0;
  std::string curve;
};

class Certificate {
 public:
  // Exactly one DER certificate (no trailing bytes), or malformed_data.
  [[nodiscard]] static pipeline::Result<Certificate> from_der(std::span<const std::uint8_t> der);
  // Takes a reference to `x509` (the caller keeps its own).
  [[nodiscard]] static Certificate from_native(X509* x509) noexcept;

  Certificate(const Certificate& other) noexcept;
  Certificate& operator=(const Certificate& other) noexcept;
  Certificate(Certificate&& other) noexcept;
  Certificate& operator=(Certificate&& other) noexcept;
  ~Certificate();

  [[nodiscard]] std::vector<std::uint8_t> der() const;
  [[nodiscard]] std::string pem() const;
  [[nodiscard]] std::string subject_common_name() const;  // "" when there is none
  [[nodiscard]] std::string issuer_common_name() const;
  [[nodiscard]] std::chrono::system_clock::time_point not_before() const noexcept;
  [[nodiscard]] std::chrono::system_clock::time_point not_after() const noexcept;
  // basicConstraints CA:TRUE, and keyCertSign when a keyUsage extension is present.
  [[nodiscard]] bool is_ca() const noexcept;
  [[nodiscard]] KeyInfo public_key() const;
  // The signature's digest as OpenSSL's short name ("SHA256", "SHA1", "MD5"), "" when unknown.
  [[nodiscard]] std::string signature_digest() const;
  [[nodiscard]] std::array<std::uint8_t, 32> sha256_fingerprint() const noexcept;
  // Borrowed; valid while this object lives.
  [[nodiscard]] X509* native() const noexcept { return x509_; }

 private:
  explicit Certificate(X509* owned) noexcept : x509_(owned) {}
  X509* x509_ = nullptr;  // owned reference (X509_free)
};

// Key facts of an OpenSSL key (public or private).
[[nodiscard]] KeyInfo key_info_of(const EVP_PKEY* key);

}  // namespace mfp::security::certs
