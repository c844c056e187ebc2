#pragma once
// Test helper: a tiny PKI built with OpenSSL calls inside the tests (keys, certificates with any
// digest, validity and CA flag, PKCS#7 certificates-only and PKCS#12 files), so no fixture file
// is checked in. Helpers throw std::runtime_error on an OpenSSL failure (tests only).

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <stdexcept>
#include <string>
#include <vector>

#include "security/certs/detail/openssl_ptr.h"

namespace mfp::security::certs::testing {

using detail::EvpPkeyPtr;
using detail::X509Ptr;
using Bytes = std::vector<std::uint8_t>;

// A fixed "now" so every validity check is reproducible: 2026-06-01T12:00:00Z.
inline std::chrono::system_clock::time_point fixed_now() {
  using namespace std::chrono;
  return sys_days(year(2026) / June / 1) + hours(12);
}

inline void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(what);
}

inline EvpPkeyPtr rsa_key(std::size_t bits) {
  EvpPkeyPtr k(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", bits));
  require(k != nullptr, "RSA keygen");
  return k;
}

inline EvpPkeyPtr ec_key(const char* curve = "P-256") {
  EvpPkeyPtr k(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
  require(k != nullptr, "EC keygen");
  return k;
}

struct CertSpec {
  std::string cn = "Test";
  const EVP_MD* md = EVP_sha256();
  long not_before_days = -1;  // relative to fixed_now()
  long not_after_days = 365;
  bool ca = false;
};

// A certificate for `subject_key`, signed by `issuer_key` with issuer name from `issuer` (null:
// self-signed).
inline X509Ptr make_cert(EVP_PKEY* subject_key, EVP_PKEY* issuer_key, X509* issuer,
                         const CertSpec& spec) {
  X509Ptr x(X509_new());
  require(x && X509_set_version(x.get(), X509_VERSION_3) == 1, "X509_new");
  unsigned char serial[8];
  require(RAND_bytes(serial, sizeof serial) == 1, "serial");
  serial[0] &= 0x7f;
  detail::BignumPtr bn(BN_bin2bn(serial, sizeof serial, nullptr));
  require(BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(x.get())) != nullptr, "serial");
  std::time_t t = std::chrono::system_clock::to_time_t(fixed_now());
  require(X509_time_adj_ex(X509_getm_notBefore(x.get()), static_cast<int>(spec.not_before_days), 0,
                           &t) != nullptr &&
              X509_time_adj_ex(X509_getm_notAfter(x.get()), static_cast<int>(spec.not_after_days),
                               0, &t) != nullptr,
          "validity");
  X509_NAME* name = X509_get_subject_name(x.get());
  require(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(spec.cn.c_str()), -1,
                                     -1, 0) == 1,
          "name");
  require(
      X509_set_issuer_name(x.get(), issuer != nullptr ? X509_get_subject_name(issuer) : name) == 1,
      "issuer");
  require(X509_set_pubkey(x.get(), subject_key) == 1, "pubkey");
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer != nullptr ? issuer : x.get(), x.get(), nullptr, nullptr, 0);
  detail::X509ExtensionPtr bc(X509V3_EXT_conf_nid(
      nullptr, &ctx, NID_basic_constraints, spec.ca ? "critical,CA:TRUE" : "critical,CA:FALSE"));
  require(bc && X509_add_ext(x.get(), bc.get(), -1) == 1, "basicConstraints");
  if (spec.ca) {
    detail::X509ExtensionPtr ku(
        X509V3_EXT_conf_nid(nullptr, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign"));
    require(ku && X509_add_ext(x.get(), ku.get(), -1) == 1, "keyUsage");
  }
  require(X509_sign(x.get(), issuer_key, spec.md) > 0, "X509_sign");
  return x;
}

inline X509Ptr self_signed(EVP_PKEY* key, const CertSpec& spec) {
  return make_cert(key, key, nullptr, spec);
}

inline Bytes der_of(X509* x) {
  const int n = i2d_X509(x, nullptr);
  require(n > 0, "i2d_X509");
  Bytes out(static_cast<std::size_t>(n));
  unsigned char* p = out.data();
  i2d_X509(x, &p);
  return out;
}

inline Bytes pem_of(X509* x) {
  detail::BioPtr bio(BIO_new(BIO_s_mem()));
  require(bio && PEM_write_bio_X509(bio.get(), x) == 1, "PEM");
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return Bytes(data, data + n);
}

// DER PKCS#7 SignedData holding `certs` and nothing else (a ".p7b").
inline Bytes pkcs7_of(const std::vector<X509*>& certs) {
  detail::Pkcs7Ptr p7(PKCS7_new());
  require(p7 && PKCS7_set_type(p7.get(), NID_pkcs7_signed) == 1 &&
              PKCS7_content_new(p7.get(), NID_pkcs7_data) == 1,
          "PKCS7");
  for (X509* x : certs) require(PKCS7_add_certificate(p7.get(), x) == 1, "PKCS7 cert");
  const int n = i2d_PKCS7(p7.get(), nullptr);
  require(n > 0, "i2d_PKCS7");
  Bytes out(static_cast<std::size_t>(n));
  unsigned char* p = out.data();
  i2d_PKCS7(p7.get(), &p);
  return out;
}

// DER PKCS#12 (OpenSSL 3 defaults: AES-256-CBC, PBKDF2, HMAC-SHA-256 MAC) with `key` and
// `cert` (either may be null) and `extra` certificates.
inline Bytes pkcs12_of(const char* password, EVP_PKEY* key, X509* cert,
                       const std::vector<X509*>& extra = {}, int mac_iter = 0) {
  detail::X509StackPtr ca(sk_X509_new_null());
  require(ca != nullptr, "stack");
  for (X509* x : extra) {
    require(X509_up_ref(x) == 1 && sk_X509_push(ca.get(), x) > 0, "stack push");
  }
  detail::Pkcs12Ptr p12(PKCS12_create(password, "device", key, cert,
                                      extra.empty() ? nullptr : ca.get(), 0, 0, 0, mac_iter, 0));
  require(p12 != nullptr, "PKCS12_create");
  const int n = i2d_PKCS12(p12.get(), nullptr);
  require(n > 0, "i2d_PKCS12");
  Bytes out(static_cast<std::size_t>(n));
  unsigned char* p = out.data();
  i2d_PKCS12(p12.get(), &p);
  return out;
}

}  // namespace mfp::security::certs::testing
