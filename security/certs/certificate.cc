#include "security/certs/certificate.h"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <utility>

#include "security/certs/detail/openssl_ptr.h"
#include "security/crypto/openssl_error.h"

namespace mfp::security::certs {
namespace {

std::string common_name_of(const X509_NAME* name) {
  if (name == nullptr) return {};
  const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) return {};
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int n = ASN1_STRING_to_UTF8(&utf8, data);
  if (n < 0) return {};
  std::string out(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(n));
  OPENSSL_free(utf8);
  return out;
}

std::chrono::system_clock::time_point to_time_point(const ASN1_TIME* t) noexcept {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return {};
  using namespace std::chrono;
  const sys_days day =
      year_month_day(year(tm.tm_year + 1900), month(static_cast<unsigned>(tm.tm_mon + 1)),
                     std::chrono::day(static_cast<unsigned>(tm.tm_mday)));
  return system_clock::time_point(duration_cast<system_clock::duration>(
      day.time_since_epoch() + hours(tm.tm_hour) + minutes(tm.tm_min) + seconds(tm.tm_sec)));
}

}  // namespace

KeyInfo key_info_of(const EVP_PKEY* key) {
  KeyInfo info;
  if (key == nullptr) return info;
  info.bits = EVP_PKEY_get_bits(key);
  if (EVP_PKEY_is_a(key, "RSA")) {
    info.algorithm = "RSA";
  } else if (EVP_PKEY_is_a(key, "EC")) {
    info.algorithm = "EC";
    char group[80] = {};
    std::size_t len = 0;
    if (EVP_PKEY_get_group_name(key, group, sizeof group, &len) == 1) {
      const int nid = OBJ_sn2nid(group);
      const char* nist = nid == NID_undef ? nullptr : EC_curve_nid2nist(nid);
      info.curve = nist != nullptr ? nist : group;
    }
  } else {
    const char* name = EVP_PKEY_get0_type_name(key);
    info.algorithm = name != nullptr ? name : "unknown";
  }
  return info;
}

pipeline::Result<Certificate> Certificate::from_der(std::span<const std::uint8_t> der) {
  if (der.empty() || der.size() > 1u << 20) {
    return pipeline::make_error(pipeline::StatusCode::malformed_data,
                                "X.509: not a DER certificate");
  }
  const unsigned char* p = der.data();
  detail::X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!x || p != der.data() + der.size()) {
    crypto::clear_openssl_errors();
    return pipeline::make_error(pipeline::StatusCode::malformed_data,
                                "X.509: not a DER certificate");
  }
  return Certificate(x.release());
}

Certificate Certificate::from_native(X509* x509) noexcept {
  X509_up_ref(x509);
  return Certificate(x509);
}

Certificate::Certificate(const Certificate& other) noexcept : x509_(other.x509_) {
  if (x509_ != nullptr) X509_up_ref(x509_);
}

Certificate& Certificate::operator=(const Certificate& other) noexcept {
  if (this != &other) {
    if (other.x509_ != nullptr) X509_up_ref(other.x509_);
    X509_free(x509_);
    x509_ = other.x509_;
  }
  return *this;
}

Certificate::Certificate(Certificate&& other) noexcept
    : x509_(std::exchange(other.x509_, nullptr)) {}

Certificate& Certificate::operator=(Certificate&& other) noexcept {
  if (this != &other) {
    X509_free(x509_);
    x509_ = std::exchange(other.x509_, nullptr);
  }
  return *this;
}

Certificate::~Certificate() {
  X509_free(x509_);
}

std::vector<std::uint8_t> Certificate::der() const {
  const int n = i2d_X509(x509_, nullptr);
  if (n <= 0) return {};
  std::vector<std::uint8_t> out(static_cast<std::size_t>(n));
  unsigned char* p = out.data();
  i2d_X509(x509_, &p);
  return out;
}

std::string Certificate::pem() const {
  detail::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), x509_) != 1) {
    crypto::clear_openssl_errors();
    return {};
  }
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

std::string Certificate::subject_common_name() const {
  return common_name_of(X509_get_subject_name(x509_));
}

std::string Certificate::issuer_common_name() const {
  return common_name_of(X509_get_issuer_name(x509_));
}

std::chrono::system_clock::time_point Certificate::not_before() const noexcept {
  return to_time_point(X509_get0_notBefore(x509_));
}

std::chrono::system_clock::time_point Certificate::not_after() const noexcept {
  return to_time_point(X509_get0_notAfter(x509_));
}

bool Certificate::is_ca() const noexcept {
  const std::uint32_t flags = X509_get_extension_flags(x509_);  // also caches the extensions
  if ((flags & EXFLAG_INVALID) != 0 || (flags & EXFLAG_BCONS) == 0 || (flags & EXFLAG_CA) == 0) {
    return false;
  }
  if ((flags & EXFLAG_KUSAGE) != 0 && (X509_get_key_usage(x509_) & KU_KEY_CERT_SIGN) == 0) {
    return false;
  }
  return true;
}

KeyInfo Certificate::public_key() const {
  return key_info_of(X509_get0_pubkey(x509_));
}

std::string Certificate::signature_digest() const {
  int md_nid = NID_undef;
  if (X509_get_signature_info(x509_, &md_nid, nullptr, nullptr, nullptr) != 1 ||
      md_nid == NID_undef) {
    crypto::clear_openssl_errors();
    return {};
  }
  const char* sn = OBJ_nid2sn(md_nid);
  return sn != nullptr ? sn : "";
}

std::array<std::uint8_t, 32> Certificate::sha256_fingerprint() const noexcept {
  std::array<std::uint8_t, 32> out{};
  unsigned int len = 0;
  if (X509_digest(x509_, EVP_sha256(), out.data(), &len) != 1) {
    crypto::clear_openssl_errors();
  }
  return out;
}

}  // namespace mfp::security::certs
