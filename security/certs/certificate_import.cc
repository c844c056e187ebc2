#include "security/certs/certificate_import.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>

#include <algorithm>
#include <climits>
#include <cstring>

#include "security/certs/detail/openssl_ptr.h"
#include "security/crypto/openssl_error.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::security::certs {
namespace {

using pipeline::StatusCode;

pipeline::Status malformed(std::string message) {
  crypto::clear_openssl_errors();
  return pipeline::make_error(StatusCode::malformed_data, std::move(message));
}

bool looks_like_pem(std::span<const std::uint8_t> bytes) {
  std::size_t i = 0;
  while (i < bytes.size() &&
         (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
    ++i;
  }
  static constexpr std::string_view kBegin = "-----BEGIN";
  return bytes.size() - i >= kBegin.size() &&
         std::memcmp(bytes.data() + i, kBegin.data(), kBegin.size()) == 0;
}

pipeline::Result<ImportedCertificates> parse_pem(std::span<const std::uint8_t> bytes) {
  detail::BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  if (!bio) return crypto::openssl_error(StatusCode::resource_exhausted, "PEM");
  ImportedCertificates out;
  for (;;) {
    detail::X509Ptr x(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!x) break;
    out.certificates.push_back(Certificate::from_native(x.get()));
  }
  // The loop ends at the first block that is not a certificate or at the end of the text;
  // a certificate block that fails to decode leaves a decoding error (not "no start line").
  const unsigned long err = ERR_peek_last_error();
  const bool clean_end =
      err == 0 || (ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE);
  crypto::clear_openssl_errors();
  if (!clean_end) return malformed("X.509: a PEM certificate block is damaged");
  if (out.certificates.empty()) return malformed("X.509: no PEM certificate");
  return out;
}

pipeline::Result<ImportedCertificates> parse_x509(std::span<const std::uint8_t> bytes) {
  if (looks_like_pem(bytes)) return parse_pem(bytes);
  MFP_ASSIGN_OR_RETURN(Certificate cert, Certificate::from_der(bytes));
  ImportedCertificates out;
  out.certificates.push_back(std::move(cert));
  return out;
}

pipeline::Result<ImportedCertificates> parse_pkcs7(std::span<const std::uint8_t> bytes) {
  const unsigned char* p = bytes.data();
  detail::Pkcs7Ptr p7(d2i_PKCS7(nullptr, &p, static_cast<long>(bytes.size())));
  if (!p7 || p != bytes.data() + bytes.size()) return malformed("PKCS#7: not DER PKCS#7");
  if (!PKCS7_type_is_signed(p7.get()) || p7->d.sign == nullptr) {
    return pipeline::make_error(StatusCode::unsupported, "PKCS#7: not a certificates-only file");
  }
  if (sk_PKCS7_SIGNER_INFO_num(p7->d.sign->signer_info) > 0) {
    return pipeline::make_error(StatusCode::unsupported,
                                "PKCS#7: signed data, not a certificates-only file");
  }
  const STACK_OF(X509)* certs = p7->d.sign->cert;
  ImportedCertificates out;
  for (int i = 0; i < sk_X509_num(certs); ++i) {
    out.certificates.push_back(Certificate::from_native(sk_X509_value(certs, i)));
  }
  if (out.certificates.empty()) return malformed("PKCS#7: no certificate");
  return out;
}

pipeline::Result<ImportedCertificates> parse_pkcs12(std::span<const std::uint8_t> bytes,
                                                    std::string_view password) {
  if (password.size() > kMaxPkcs12PasswordLength) {
    return pipeline::make_error(StatusCode::invalid_argument,
                                "PKCS#12: password longer than 32 characters");
  }
  const unsigned char* p = bytes.data();
  detail::Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(bytes.size())));
  if (!p12 || p != bytes.data() + bytes.size()) return malformed("PKCS#12: not DER PKCS#12");
  if (PKCS12_mac_present(p12.get()) != 1) {
    crypto::clear_openssl_errors();
    return pipeline::make_error(StatusCode::unsupported, "PKCS#12: no integrity MAC (refused)");
  }
  // A hostile file could ask for billions of MAC iterations (minutes of CPU per attempt).
  const ASN1_INTEGER* iterations = nullptr;
  PKCS12_get0_mac(nullptr, nullptr, nullptr, &iterations, p12.get());
  std::int64_t iter = 1;
  if (iterations != nullptr && (ASN1_INTEGER_get_int64(&iter, iterations) != 1 || iter < 1 ||
                                iter > kMaxPkcs12MacIterations)) {
    crypto::clear_openssl_errors();
    return pipeline::make_error(StatusCode::unsupported,
                                "PKCS#12: MAC iteration count out of range");
  }
  // NUL-terminated copy of the password in zeroed memory.
  crypto::SecureBytes pass(password.size() + 1);
  std::copy(password.begin(), password.end(), pass.data());
  const char* pass_c = reinterpret_cast<const char*>(pass.data());
  const int pass_len = static_cast<int>(password.size());
  // An empty password may have been applied as "" or as no password at all (RFC 7292 tools
  // differ); try both.
  const char* used = pass_c;
  if (PKCS12_verify_mac(p12.get(), pass_c, pass_len) != 1) {
    if (pass_len == 0 && PKCS12_verify_mac(p12.get(), nullptr, 0) == 1) {
      used = nullptr;
    } else {
      const unsigned long err = ERR_peek_last_error();
      crypto::clear_openssl_errors();
      if (ERR_GET_REASON(err) == PKCS12_R_MAC_VERIFY_FAILURE || err == 0) {
        return pipeline::make_error(StatusCode::permission_denied, "PKCS#12: wrong password");
      }
      return pipeline::make_error(StatusCode::unsupported, "PKCS#12: MAC algorithm not supported");
    }
  }
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* ca = nullptr;
  const int ok = PKCS12_parse(p12.get(), used, &key, &cert, &ca);
  detail::EvpPkeyPtr key_owner(key);
  detail::X509Ptr cert_owner(cert);
  detail::X509StackPtr ca_owner(ca);
  if (ok != 1) {
    // The MAC matched, so the password is right: the contents use an algorithm the default
    // provider lacks (RC2, 3DES of legacy files) or are damaged.
    crypto::clear_openssl_errors();
    return pipeline::make_error(StatusCode::unsupported,
                                "PKCS#12: contents not readable (legacy encryption or damage)");
  }
  ImportedCertificates out;
  if (cert_owner) out.certificates.push_back(Certificate::from_native(cert_owner.get()));
  for (int i = 0; i < sk_X509_num(ca_owner.get()); ++i) {
    out.certificates.push_back(Certificate::from_native(sk_X509_value(ca_owner.get(), i)));
  }
  if (key_owner) out.key.emplace(PrivateKey::adopt(std::move(key_owner)));
  if (out.certificates.empty()) return malformed("PKCS#12: no certificate");
  return out;
}

}  // namespace

pipeline::Result<ImportedCertificates> parse_import(std::span<const std::uint8_t> bytes,
                                                    ImportFormat format,
                                                    std::string_view password) {
  try {
    if (bytes.size() > kMaxImportBytes) {
      return pipeline::make_error(StatusCode::limit_exceeded, "certificate file over 1 MiB");
    }
    if (bytes.empty()) return malformed("certificate file is empty");
    switch (format) {
      case ImportFormat::x509:
        return parse_x509(bytes);
      case ImportFormat::pkcs7:
        return parse_pkcs7(bytes);
      case ImportFormat::pkcs12:
        return parse_pkcs12(bytes, password);
    }
    return pipeline::make_error(StatusCode::invalid_argument, "unknown certificate format");
  } catch (...) {
    crypto::clear_openssl_errors();
    return pipeline::make_error(StatusCode::resource_exhausted, "certificate import: no memory");
  }
}

}  // namespace mfp::security::certs
