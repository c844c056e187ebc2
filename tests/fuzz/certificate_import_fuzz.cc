// Fuzz target: certificate import. The input is parsed as DER X.509, as DER PKCS#7 and as DER
// PKCS#12 (fixed password "fuzz"); whatever parses is run through the acceptance rules, the
// trust store and the device-certificate checks. Nothing may crash, leak or read out of bounds.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <utility>

#include "security/certs/certificate_import.h"
#include "security/certs/certificate_policy.h"
#include "security/certs/device_certificate.h"
#include "security/certs/trust_store.h"

namespace {

using mfp::security::certs::Certificate;
using mfp::security::certs::DeviceCertificate;
using mfp::security::certs::ImportFormat;
using mfp::security::certs::TrustStore;

const auto kNow = std::chrono::sys_days(std::chrono::year(2026) / std::chrono::June / 1);

void check(bool ok) {
  if (!ok) std::abort();
}

void exercise(const Certificate& c) {
  (void)c.der();
  (void)c.pem();
  (void)c.subject_common_name();
  (void)c.issuer_common_name();
  (void)c.not_before();
  (void)c.not_after();
  (void)c.is_ca();
  (void)c.public_key();
  (void)c.signature_digest();
  (void)c.sha256_fingerprint();
  mfp::security::certs::check_certificate(c, kNow).ignore();
  // DER written back parses back to the same certificate.
  auto again = Certificate::from_der(c.der());
  check(again.is_ok() && again->sha256_fingerprint() == c.sha256_fingerprint());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  for (ImportFormat format : {ImportFormat::x509, ImportFormat::pkcs7, ImportFormat::pkcs12}) {
    auto imported = mfp::security::certs::parse_import(bytes, format, "fuzz");
    if (!imported.is_ok()) {
      check(!imported.status().message().empty());
      continue;
    }
    check(!imported->certificates.empty());
    for (const Certificate& c : imported->certificates) exercise(c);
    TrustStore store;
    store.import(bytes, format, "fuzz", kNow).status().ignore();
    if (imported->key) {
      auto device = DeviceCertificate::assemble(std::move(*imported->key),
                                                std::move(imported->certificates), kNow);
      if (device.is_ok()) {
        auto sealed = device->to_sealed_bytes();
        check(sealed.is_ok());
        check(DeviceCertificate::from_sealed_bytes(sealed->span()).is_ok());
      }
    }
  }
  return 0;
}
