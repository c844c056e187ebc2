#pragma once
// SealedContainer: the plaintext layout of a DeviceCertificate before the caller seals it in the
// ObjectStore. Big-endian, length-prefixed:
//   "MFPDCRT1"  8 bytes magic and version
//   u32 n, n bytes    DER PKCS#8 private key
//   u16 count (1..kMaxChain), then count times: u32 n, n bytes  DER certificate (leaf first)
// Nothing may follow. decode() checks every length against the bytes left before reading.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "pipeline/status.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::security::certs::detail {

struct SealedContainer {
  static constexpr std::size_t kMaxChain = 16;

  crypto::SecureBytes key_pkcs8;
  std::vector<std::vector<std::uint8_t>> certificates_der;

  // invalid_argument when empty or over kMaxChain certificates.
  [[nodiscard]] pipeline::Result<crypto::SecureBytes> encode() const;
  // malformed_data on any layout violation (the bytes were authenticated by the store, so this
  // means a bug or an older format).
  [[nodiscard]] static pipeline::Result<SealedContainer> decode(
      std::span<const std::uint8_t> bytes);
};

}  // namespace mfp::security::certs::detail
