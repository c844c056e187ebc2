#include "security/certs/certificate_policy.h"

#include <openssl/x509.h>

#include <ctime>
#include <string>

#include "security/crypto/openssl_error.h"

namespace mfp::security::certs {

pipeline::Status check_public_key(const KeyInfo& key) {
  if (key.algorithm == "RSA") {
    if (key.bits < kMinRsaBits) {
      return pipeline::make_error(
          pipeline::StatusCode::unsupported,
          "certificate: RSA key of " + std::to_string(key.bits) + " bits (at least 2048 required)");
    }
    return pipeline::Status::ok();
  }
  if (key.algorithm == "EC") {
    if (key.curve == "P-256" || key.curve == "P-384" || key.curve == "P-521") {
      return pipeline::Status::ok();
    }
    return pipeline::make_error(pipeline::StatusCode::unsupported,
                                "certificate: elliptic curve not P-256, P-384 or P-521");
  }
  return pipeline::make_error(pipeline::StatusCode::unsupported,
                              "certificate: public key algorithm not RSA or ECDSA");
}

pipeline::Status check_certificate(const Certificate& certificate,
                                   std::chrono::system_clock::time_point now) {
  MFP_RETURN_IF_ERROR(check_public_key(certificate.public_key()));
  const std::string digest = certificate.signature_digest();
  if (digest == "MD5" || digest == "SHA1" || digest == "MD5-SHA1") {
    return pipeline::make_error(
        pipeline::StatusCode::unsupported,
        "certificate: signed with " + digest + " (SHA-256 or better required)");
  }
  if (digest.empty()) {
    return pipeline::make_error(pipeline::StatusCode::unsupported,
                                "certificate: unknown signature algorithm");
  }
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  const int before = X509_cmp_time(X509_get0_notBefore(certificate.native()), &t);
  const int after = X509_cmp_time(X509_get0_notAfter(certificate.native()), &t);
  if (before == 0 || after == 0) {
    crypto::clear_openssl_errors();
    return pipeline::make_error(pipeline::StatusCode::malformed_data,
                                "certificate: unreadable validity period");
  }
  if (before > 0) {
    return pipeline::make_error(pipeline::StatusCode::invalid_argument,
                                "certificate: not yet valid");
  }
  if (after < 0) {
    return pipeline::make_error(pipeline::StatusCode::invalid_argument, "certificate: expired");
  }
  return pipeline::Status::ok();
}

}  // namespace mfp::security::certs
