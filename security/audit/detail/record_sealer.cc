#include "security/audit/detail/record_sealer.h"

#include <algorithm>
#include <new>
#include <string_view>

#include "security/audit/detail/event_codec.h"

namespace mfp::security::audit::detail {

using pipeline::make_error;
using pipeline::StatusCode;

namespace {

constexpr std::string_view kSlotMagic = "ALR1";
constexpr std::string_view kRecordDomain = "MFP-AUDIT-REC-1";
constexpr std::string_view kAadDomain = "MFP-AUDIT-AAD-1";
constexpr std::string_view kGenesisDomain = "MFP-AUDIT-GENESIS-1";
constexpr std::string_view kHeaderDomain = "MFP-AUDIT-HDR-1";

std::span<const std::uint8_t> bytes_of(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// AAD: domain || slot u32 || sequence u64 || flags u32.
std::array<std::uint8_t, kAadDomain.size() + 16> make_aad(std::uint32_t slot, std::uint64_t seq,
                                                          std::uint32_t flags) noexcept {
  std::array<std::uint8_t, kAadDomain.size() + 16> aad{};
  std::copy(kAadDomain.begin(), kAadDomain.end(), aad.begin());
  std::span<std::uint8_t> tail = std::span(aad).subspan(kAadDomain.size());
  put_le32(tail, slot);
  put_le64(tail.subspan(4), seq);
  put_le32(tail.subspan(12), flags);
  return aad;
}

}  // namespace

RecordSealer::RecordSealer(std::unique_ptr<crypto::Aes256Gcm> aead,
                           std::unique_ptr<crypto::HmacSha256> hmac) noexcept
    : aead_(std::move(aead)), hmac_(std::move(hmac)) {}

pipeline::Result<std::unique_ptr<RecordSealer>> RecordSealer::create(
    std::span<const std::uint8_t> aead_key, std::span<const std::uint8_t> chain_key) noexcept {
  if (chain_key.size() != 32) {
    return make_error(StatusCode::invalid_argument, "audit log: chain key must be 32 bytes");
  }
  try {
    MFP_ASSIGN_OR_RETURN(auto aead, crypto::Aes256Gcm::create(aead_key));
    MFP_ASSIGN_OR_RETURN(auto hmac, crypto::HmacSha256::create(chain_key));
    std::unique_ptr<RecordSealer> sealer(new RecordSealer(std::move(aead), std::move(hmac)));
    sealer->scratch_ = crypto::SecureBytes(kSlotCipherBytes);
    return sealer;
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "audit log: out of memory");
  }
}

Mac RecordSealer::record_mac(std::uint32_t slot, ConstSlotBytes bytes) noexcept {
  std::array<std::uint8_t, 4> slot_le{};
  put_le32(slot_le, slot);
  hmac_->update(bytes_of(kRecordDomain));
  hmac_->update(slot_le);
  hmac_->update(bytes.first(kSlotMacOffset));
  hmac_->update(bytes.subspan(kSlotCipherOffset));
  return hmac_->finish();
}

pipeline::Result<Mac> RecordSealer::seal(
    std::uint64_t sequence, std::uint32_t flags, const Mac& prev, const AuditEvent& event,
    std::span<const std::uint8_t, crypto::kAeadNonceBytes> nonce, SlotBytes out) noexcept {
  std::fill(out.begin(), out.end(), std::uint8_t{0});
  auto plain = scratch_.span();
  std::fill(plain.begin(), plain.end(), std::uint8_t{0});
  const std::size_t n = encoded_size(event);
  if (n > kEventCapacity || !encode_event(event, plain.subspan(2))) {
    crypto::secure_zero(plain);
    return make_error(StatusCode::internal, "audit log: event does not fit a record");
  }
  plain[0] = static_cast<std::uint8_t>(n);
  plain[1] = static_cast<std::uint8_t>(n >> 8);

  const std::uint32_t slot = slot_of(sequence);
  std::copy(kSlotMagic.begin(), kSlotMagic.end(), out.begin());
  put_le32(out.subspan(kSlotFlagsOffset), flags);
  put_le64(out.subspan(kSlotSequenceOffset), sequence);
  std::copy(nonce.begin(), nonce.end(), out.begin() + kSlotNonceOffset);
  std::copy(prev.begin(), prev.end(), out.begin() + kSlotPrevMacOffset);
  const auto aad = make_aad(slot, sequence, flags);
  const pipeline::Status sealed = aead_->seal(nonce, aad, plain, out.subspan(kSlotCipherOffset),
                                              out.subspan<kSlotTagOffset, crypto::kAeadTagBytes>());
  crypto::secure_zero(plain);
  if (!sealed.is_ok()) return sealed;
  const Mac mac = record_mac(slot, out);
  std::copy(mac.begin(), mac.end(), out.begin() + kSlotMacOffset);
  return mac;
}

SlotCheck RecordSealer::check(std::uint32_t slot, ConstSlotBytes bytes,
                              AuditEvent* event) noexcept {
  SlotCheck c;
  if (std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; })) {
    c.state = SlotState::empty;
    return c;
  }
  if (!std::equal(kSlotMagic.begin(), kSlotMagic.end(), bytes.begin(),
                  [](char m, std::uint8_t b) { return static_cast<std::uint8_t>(m) == b; })) {
    c.state = SlotState::garbage;
    return c;
  }
  c.flags = get_le32(bytes.subspan(kSlotFlagsOffset));
  c.sequence = get_le64(bytes.subspan(kSlotSequenceOffset));
  std::copy_n(bytes.begin() + kSlotPrevMacOffset, kMacBytes, c.prev_mac.begin());
  std::copy_n(bytes.begin() + kSlotMacOffset, kMacBytes, c.mac.begin());
  const std::uint32_t home = slot_of(c.sequence);
  const Mac expected = record_mac(home, bytes);
  if (!crypto::constant_time_equal(expected, c.mac)) {
    c.state = SlotState::altered;
    return c;
  }
  if (home != slot) {
    c.state = SlotState::misplaced;
    return c;
  }
  // The MAC proves the device wrote these bytes; the GCM tag and the payload are checked too,
  // so a record is only ever valid when it can be read.
  auto plain = scratch_.span();
  const auto aad = make_aad(slot, c.sequence, c.flags);
  const pipeline::Status opened =
      aead_->open(bytes.subspan<kSlotNonceOffset, crypto::kAeadNonceBytes>(), aad,
                  bytes.subspan(kSlotCipherOffset),
                  bytes.subspan<kSlotTagOffset, crypto::kAeadTagBytes>(), plain);
  c.state = SlotState::altered;
  if (opened.is_ok()) {
    const std::size_t n = std::size_t{plain[0]} | (std::size_t{plain[1]} << 8);
    const auto padding = plain.subspan(std::min(kSlotCipherBytes, 2 + n));
    if (n <= kEventCapacity &&
        std::all_of(padding.begin(), padding.end(), [](std::uint8_t b) { return b == 0; })) {
      try {
        auto decoded = decode_event(plain.subspan(2, n));
        if (decoded) {
          c.state = SlotState::valid;
          if (event != nullptr) *event = std::move(*decoded);
        }
      } catch (...) {
        // allocation failure: reported as unreadable
      }
    }
  }
  crypto::secure_zero(plain);
  return c;
}

Mac RecordSealer::genesis(std::uint64_t first_sequence) noexcept {
  std::array<std::uint8_t, 8> seq{};
  put_le64(seq, first_sequence);
  hmac_->update(bytes_of(kGenesisDomain));
  hmac_->update(seq);
  return hmac_->finish();
}

Mac RecordSealer::header_mac(std::span<const std::uint8_t> header) noexcept {
  hmac_->update(bytes_of(kHeaderDomain));
  hmac_->update(header.first(kHeaderMacOffset));
  return hmac_->finish();
}

}  // namespace mfp::security::audit::detail
