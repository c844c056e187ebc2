#pragma once
// RecordSealer: seals audit events into fixed-size log slots and checks them back: AES-256-GCM
// with the "audit-log" key (AAD = domain || slot || sequence || flags), and the HMAC-SHA-256
// chain with the "audit-chain" key: MAC = HMAC(domain || slot || slot bytes 0..76 (magic,
// flags, sequence, nonce, tag, previous MAC) || ciphertext). Also the chain's genesis value
// and the file header MAC. Not thread-safe (the log calls it under its mutex). Never throws;
// the keys are copied into the OpenSSL objects, and decrypted plaintext only ever sits in a
// secure scratch buffer that is zeroed after use.

#include <cstdint>
#include <memory>
#include <span>

#include "pipeline/status.h"
#include "security/audit/audit_event.h"
#include "security/audit/detail/log_format.h"
#include "security/crypto/aead.h"
#include "security/crypto/digest.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::security::audit::detail {

using SlotBytes = std::span<std::uint8_t, kSlotBytes>;
using ConstSlotBytes = std::span<const std::uint8_t, kSlotBytes>;

// What a slot holds, as far as the keys can tell.
enum class SlotState : std::uint8_t {
  empty,      // all zero: never written
  garbage,    // not a record (bad magic)
  altered,    // a record whose MAC or GCM tag does not verify at its home slot, or bad payload
  misplaced,  // an authentic record of another slot (moved, swapped or copied here)
  valid,      // an authentic record of this slot
};

struct SlotCheck {
  SlotState state = SlotState::empty;
  std::uint64_t sequence = 0;  // as claimed by the slot (valid/misplaced/altered)
  std::uint32_t flags = 0;
  Mac prev_mac{};
  Mac mac{};
};

class RecordSealer {
 public:
  // invalid_argument unless both keys are 32 bytes.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<RecordSealer>> create(
      std::span<const std::uint8_t> aead_key, std::span<const std::uint8_t> chain_key) noexcept;

  // Seals `event` (already fitted: encoded_size <= kEventCapacity) as the record of `sequence`
  // with `flags` and predecessor MAC `prev` into `out`; returns the record's MAC.
  [[nodiscard]] pipeline::Result<Mac> seal(
      std::uint64_t sequence, std::uint32_t flags, const Mac& prev, const AuditEvent& event,
      std::span<const std::uint8_t, crypto::kAeadNonceBytes> nonce, SlotBytes out) noexcept;

  // Checks the bytes of slot `slot`; when the record is valid and `event` is not null, decodes
  // it into *event (allocation failure makes the record count as altered).
  [[nodiscard]] SlotCheck check(std::uint32_t slot, ConstSlotBytes bytes,
                                AuditEvent* event = nullptr) noexcept;

  // The MAC that stands before the first record of a log starting at `first_sequence`.
  [[nodiscard]] Mac genesis(std::uint64_t first_sequence) noexcept;
  // The MAC of a header's first kHeaderMacOffset bytes.
  [[nodiscard]] Mac header_mac(std::span<const std::uint8_t> header) noexcept;

 private:
  RecordSealer(std::unique_ptr<crypto::Aes256Gcm> aead,
               std::unique_ptr<crypto::HmacSha256> hmac) noexcept;
  [[nodiscard]] Mac record_mac(std::uint32_t slot, ConstSlotBytes bytes) noexcept;

  std::unique_ptr<crypto::Aes256Gcm> aead_;
  std::unique_ptr<crypto::HmacSha256> hmac_;
  crypto::SecureBytes scratch_;  // kSlotCipherBytes of plaintext, zeroed after each use
};

}  // namespace mfp::security::audit::detail
