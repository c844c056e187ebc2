#include "security/certs/device_certificate.h"

#include <openssl/bn.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <utility>

#include "security/certs/certificate_import.h"
#include "security/certs/certificate_policy.h"
#include "security/certs/detail/openssl_ptr.h"
#include "security/certs/detail/sealed_container.h"
#include "security/certs/detail/signature_md.h"
#include "security/crypto/openssl_error.h"

namespace mfp::security::certs {
namespace {

using pipeline::StatusCode;

pipeline::Status fail(std::string_view what) {
  return crypto::openssl_error(StatusCode::internal, what);
}

pipeline::Status add_extension(X509* x, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
  detail::X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  if (!ext || X509_add_ext(x, ext.get(), -1) != 1) return fail("self-signed: extension");
  return pipeline::Status::ok();
}

pipeline::Status set_random_serial(X509* x) {
  unsigned char bytes[20];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return fail("self-signed: serial");
  bytes[0] = static_cast<unsigned char>((bytes[0] & 0x7f) | 0x40);  // positive, 159 bits
  detail::BignumPtr bn(BN_bin2bn(bytes, sizeof bytes, nullptr));
  if (!bn || BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(x)) == nullptr) {
    return fail("self-signed: serial");
  }
  return pipeline::Status::ok();
}

pipeline::Result<Certificate> build_self_signed(const SelfSignedOptions& options,
                                                const PrivateKey& key,
                                                std::chrono::system_clock::time_point now) {
  detail::X509Ptr x(X509_new());
  if (!x || X509_set_version(x.get(), X509_VERSION_3) != 1) return fail("self-signed: new");
  MFP_RETURN_IF_ERROR(set_random_serial(x.get()));
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  if (X509_time_adj_ex(X509_getm_notBefore(x.get()), 0, 0, &t) == nullptr ||
      X509_time_adj_ex(X509_getm_notAfter(x.get()), options.validity_days, 0, &t) == nullptr) {
    return fail("self-signed: validity");
  }
  X509_NAME* name = X509_get_subject_name(x.get());  // owned by x
  if (X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(options.common_name.data()),
                                 static_cast<int>(options.common_name.size()), -1, 0) != 1 ||
      X509_set_issuer_name(x.get(), name) != 1) {
    return fail("self-signed: name");
  }
  if (X509_set_pubkey(x.get(), key.native()) != 1) return fail("self-signed: public key");
  const bool rsa = key.info().algorithm == "RSA";
  MFP_RETURN_IF_ERROR(add_extension(x.get(), NID_basic_constraints, "critical,CA:FALSE"));
  MFP_RETURN_IF_ERROR(add_extension(
      x.get(), NID_key_usage,
      rsa ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature"));
  MFP_RETURN_IF_ERROR(add_extension(x.get(), NID_ext_key_usage, "serverAuth"));
  MFP_RETURN_IF_ERROR(add_extension(x.get(), NID_subject_key_identifier, "hash"));
  // validate() admitted only host-name characters and IP literals: no ',' can reach the text.
  std::string names;
  for (const auto& dns : options.dns_names) names += (names.empty() ? "DNS:" : ",DNS:") + dns;
  for (const auto& ip : options.ip_addresses) names += (names.empty() ? "IP:" : ",IP:") + ip;
  if (!names.empty()) {
    MFP_RETURN_IF_ERROR(add_extension(x.get(), NID_subject_alt_name, names.c_str()));
  }
  if (X509_sign(x.get(), key.native(), detail::signature_md(options.digest)) <= 0) {
    return fail("self-signed: sign");
  }
  return Certificate::from_native(x.get());
}

}  // namespace

pipeline::Status DeviceCertificate::check(const PrivateKey& key,
                                          const std::vector<Certificate>& chain,
                                          std::chrono::system_clock::time_point now) {
  if (chain.empty() || chain.size() > detail::SealedContainer::kMaxChain) {
    return pipeline::make_error(StatusCode::invalid_argument,
                                "device certificate: needs 1 to 16 certificates");
  }
  MFP_RETURN_IF_ERROR(check_public_key(key.info()));
  if (!key.matches(chain.front())) {
    return pipeline::make_error(StatusCode::invalid_argument,
                                "device certificate: private key does not match the certificate");
  }
  for (const Certificate& c : chain) MFP_RETURN_IF_ERROR(check_certificate(c, now));
  return pipeline::Status::ok();
}

pipeline::Result<DeviceCertificate> DeviceCertificate::assemble(
    PrivateKey key, std::vector<Certificate> chain, std::chrono::system_clock::time_point now) {
  MFP_RETURN_IF_ERROR(check(key, chain, now));
  return DeviceCertificate(std::move(key), std::move(chain));
}

pipeline::Result<DeviceCertificate> DeviceCertificate::import_pkcs12(
    std::span<const std::uint8_t> bytes, std::string_view password,
    std::chrono::system_clock::time_point now) {
  MFP_ASSIGN_OR_RETURN(ImportedCertificates imported,
                       parse_import(bytes, ImportFormat::pkcs12, password));
  if (!imported.key) {
    return pipeline::make_error(StatusCode::invalid_argument,
                                "PKCS#12: holds no private key for the device certificate");
  }
  return assemble(std::move(*imported.key), std::move(imported.certificates), now);
}

pipeline::Result<DeviceCertificate> DeviceCertificate::from_sealed_bytes(
    std::span<const std::uint8_t> bytes) {
  try {
    MFP_ASSIGN_OR_RETURN(detail::SealedContainer parts, detail::SealedContainer::decode(bytes));
    MFP_ASSIGN_OR_RETURN(PrivateKey key, PrivateKey::from_pkcs8_der(parts.key_pkcs8.span()));
    std::vector<Certificate> chain;
    for (const auto& der : parts.certificates_der) {
      MFP_ASSIGN_OR_RETURN(Certificate c, Certificate::from_der(der));
      chain.push_back(std::move(c));
    }
    if (!key.matches(chain.front())) {
      return pipeline::make_error(StatusCode::invalid_argument,
                                  "device certificate: private key does not match the certificate");
    }
    return DeviceCertificate(std::move(key), std::move(chain));
  } catch (...) {
    return pipeline::make_error(StatusCode::resource_exhausted, "device certificate: no memory");
  }
}

pipeline::Result<crypto::SecureBytes> DeviceCertificate::to_sealed_bytes() const {
  try {
    detail::SealedContainer parts;
    MFP_ASSIGN_OR_RETURN(parts.key_pkcs8, key_.to_pkcs8_der());
    for (const Certificate& c : chain_) parts.certificates_der.push_back(c.der());
    return parts.encode();
  } catch (...) {
    return pipeline::make_error(StatusCode::resource_exhausted, "device certificate: no memory");
  }
}

std::string DeviceCertificate::chain_pem() const {
  std::string out;
  for (const Certificate& c : chain_) out += c.pem();
  return out;
}

pipeline::Result<DeviceCertificate> make_self_signed(const SelfSignedOptions& options,
                                                     std::chrono::system_clock::time_point now) {
  try {
    MFP_RETURN_IF_ERROR(options.validate());
    MFP_ASSIGN_OR_RETURN(PrivateKey key, PrivateKey::generate(options.key));
    MFP_ASSIGN_OR_RETURN(Certificate cert, build_self_signed(options, key, now));
    std::vector<Certificate> chain;
    chain.push_back(std::move(cert));
    return DeviceCertificate::assemble(std::move(key), std::move(chain), now);
  } catch (...) {
    crypto::clear_openssl_errors();
    return pipeline::make_error(StatusCode::resource_exhausted, "self-signed: no memory");
  }
}

}  // namespace mfp::security::certs
