#include "security/certs/trust_store.h"

#include <algorithm>
#include <string>

#include "security/certs/certificate_policy.h"

namespace mfp::security::certs {

std::string fingerprint_hex(const Fingerprint& fingerprint) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (std::uint8_t b : fingerprint) {
    if (!out.empty()) out += ':';
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::optional<Fingerprint> fingerprint_from_hex(std::string_view text) {
  Fingerprint out{};
  std::size_t digits = 0;
  for (char c : text) {
    if (c == ':' || c == ' ') continue;
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    if (v < 0 || digits == 64) return std::nullopt;
    out.at(digits / 2) =
        static_cast<std::uint8_t>(out.at(digits / 2) | (digits % 2 == 0 ? v << 4 : v));
    ++digits;
  }
  if (digits != 64) return std::nullopt;
  return out;
}

using pipeline::StatusCode;

pipeline::Status TrustStore::check(const Certificate& certificate,
                                   std::chrono::system_clock::time_point now) const {
  MFP_RETURN_IF_ERROR(check_certificate(certificate, now));
  if (!certificate.is_ca()) {
    return pipeline::make_error(StatusCode::invalid_argument,
                                "trust anchor: certificate is not a CA certificate");
  }
  return pipeline::Status::ok();
}

bool TrustStore::contains(const Fingerprint& fingerprint) const noexcept {
  return std::any_of(anchors_.begin(), anchors_.end(),
                     [&](const Certificate& c) { return c.sha256_fingerprint() == fingerprint; });
}

pipeline::Status TrustStore::add(const Certificate& certificate,
                                 std::chrono::system_clock::time_point now) {
  MFP_RETURN_IF_ERROR(check(certificate, now));
  if (contains(certificate.sha256_fingerprint())) return pipeline::Status::ok();
  if (anchors_.size() >= kMaxAnchors) {
    return pipeline::make_error(StatusCode::limit_exceeded, "trust store: 256 CA certificates");
  }
  try {
    anchors_.push_back(certificate);
  } catch (...) {
    return pipeline::make_error(StatusCode::resource_exhausted, "trust store: no memory");
  }
  return pipeline::Status::ok();
}

pipeline::Result<std::size_t> TrustStore::import(std::span<const std::uint8_t> bytes,
                                                 ImportFormat format, std::string_view password,
                                                 std::chrono::system_clock::time_point now) {
  try {
    MFP_ASSIGN_OR_RETURN(ImportedCertificates imported, parse_import(bytes, format, password));
    imported.key.reset();
    std::size_t fresh = 0;
    for (std::size_t i = 0; i < imported.certificates.size(); ++i) {
      const pipeline::Status s = check(imported.certificates[i], now);
      if (!s.is_ok()) {
        return pipeline::make_error(s.code(), "certificate " + std::to_string(i + 1) + " of " +
                                                  std::to_string(imported.certificates.size()) +
                                                  ": " + s.message());
      }
      if (!contains(imported.certificates[i].sha256_fingerprint())) ++fresh;
    }
    if (anchors_.size() + fresh > kMaxAnchors) {
      return pipeline::make_error(StatusCode::limit_exceeded, "trust store: 256 CA certificates");
    }
    for (const Certificate& c : imported.certificates) {
      if (!contains(c.sha256_fingerprint())) anchors_.push_back(c);
    }
    return fresh;
  } catch (...) {
    return pipeline::make_error(StatusCode::resource_exhausted, "trust store: no memory");
  }
}

pipeline::Status TrustStore::remove(const Fingerprint& fingerprint) {
  const auto it = std::find_if(anchors_.begin(), anchors_.end(), [&](const Certificate& c) {
    return c.sha256_fingerprint() == fingerprint;
  });
  if (it == anchors_.end()) {
    return pipeline::make_error(StatusCode::not_found, "trust store: no such certificate");
  }
  anchors_.erase(it);
  return pipeline::Status::ok();
}

}  // namespace mfp::security::certs
