#pragma once
// TrustStore: the CA certificates imported under "Configuring Certificates", the trust anchors
// of "Verify Remote Server Certificate". Each entry is a CA certificate that passed
// check_certificate() when it was added; entries are keyed by SHA-256 fingerprint (adding the
// same certificate twice keeps one). Not thread-safe: the owner serializes access.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"
#include "security/certs/certificate.h"
#include "security/certs/certificate_import.h"

namespace mfp::security::certs {

using Fingerprint = std::array<std::uint8_t, 32>;

// "AB:CD:...": a SHA-256 fingerprint as certificate tools print it.
[[nodiscard]] std::string fingerprint_hex(const Fingerprint& fingerprint);
// The fingerprint of 64 hex digits (any ':' or spaces between them ignored); nullopt otherwise.
[[nodiscard]] std::optional<Fingerprint> fingerprint_from_hex(std::string_view text);

class TrustStore {
 public:
  inline static constexpr std::size_t kMaxAnchors = 256;

  // check_certificate() at `now`, then invalid_argument unless it is a CA (basicConstraints
  // CA:TRUE, keyCertSign when keyUsage is present); limit_exceeded past kMaxAnchors.
  [[nodiscard]] pipeline::Status add(const Certificate& certificate,
                                     std::chrono::system_clock::time_point now);

  // Every certificate of a file (parse_import(); PKCS#12 keys are ignored and discarded), all
  // or nothing: the first certificate failing add()'s checks refuses the file, naming its
  // position. Returns how many were new.
  [[nodiscard]] pipeline::Result<std::size_t> import(std::span<const std::uint8_t> bytes,
                                                     ImportFormat format, std::string_view password,
                                                     std::chrono::system_clock::time_point now);

  // not_found when no anchor has this fingerprint.
  [[nodiscard]] pipeline::Status remove(const Fingerprint& fingerprint);

  [[nodiscard]] const std::vector<Certificate>& list() const noexcept { return anchors_; }
  [[nodiscard]] bool contains(const Fingerprint& fingerprint) const noexcept;

 private:
  [[nodiscard]] pipeline::Status check(const Certificate& certificate,
                                       std::chrono::system_clock::time_point now) const;
  std::vector<Certificate> anchors_;
};

}  // namespace mfp::security::certs
