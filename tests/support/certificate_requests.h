#pragma once
// A certificate signing request's options with every subject field filled validly (the device
// requires them all), for tests that need a request the device accepts. Test code only.

#include "security/certs/certificate_request_options.h"

namespace mfp::testing {

[[nodiscard]] inline security::certs::CertificateRequestOptions valid_csr_options() {
  security::certs::CertificateRequestOptions o;
  o.subject = {"JP", "Kanagawa",         "Yokohama",        "Example Corp.",
               "IT", "mfp1.example.com", "mfp1@example.com"};
  return o;
}

}  // namespace mfp::testing
