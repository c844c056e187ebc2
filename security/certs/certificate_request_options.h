#pragma once
// CertificateRequestOptions: the guide's "Certificate Signing Request (CSR)" screen — digital
// signature algorithm (key kind and digest) and the subject (SubjectName and its limits).

#include "pipeline/status.h"
#include "security/certs/key_kind.h"
#include "security/certs/subject_name.h"

namespace mfp::security::certs {

struct CertificateRequestOptions {
  KeyKind key = KeyKind::ecdsa_p256;
  SignatureDigest digest = SignatureDigest::sha256;
  SubjectName subject;

  // ok, or invalid_argument from SubjectName::validate().
  [[nodiscard]] pipeline::Status validate() const { return subject.validate(); }
};

}  // namespace mfp::security::certs
