#pragma once
// The audit log's on-disk and NVRAM formats (all integers little-endian). Layout only: sealing
// and MACs are in record_sealer.h, the rules in audit_log.cc.
//
// File "<dir>/audit.log", exactly kFileBytes long, preallocated when created:
//   header, kHeaderBytes:
//     0   magic "MFPAUDLG"         8
//     8   format version u32 = 1
//     12  slot bytes u32 = 1024
//     16  capacity u32 = 15000
//     20  key id length u32 (<= 16)
//     24  first sequence u64       the sequence of the log's first record (Log ID origin)
//     32  key id [16]              KeyManager::key_id() of the master key the log is sealed under
//     48  zero ... up to 992
//     992 header MAC [32]          HMAC-SHA-256(chain key, "MFP-AUDIT-HDR-1" || bytes 0..992)
//   then kCapacity slots of kSlotBytes; sequence s lives in slot s % kCapacity:
//     0   magic "ALR1"             4     an all-zero slot was never written
//     4   flags u32                      bit 0: tombstone (stands in for a lost record)
//     8   sequence u64
//     16  nonce [12]                     from the DRBG
//     28  GCM tag [16]
//     44  previous record's MAC [32]
//     76  this record's MAC [32]
//     108 ciphertext [916]               AES-256-GCM of the fixed-size plaintext:
//                                        event length u16 | event (event_codec.h) | zeros
//
// NVRAM slot "audit-head", kHeadBytes:
//   0  magic "AHD1" 4 | first sequence u64 | head sequence u64 | head MAC [32] |
//   52 pending u8 (0/1) | pending sequence u64 | pending MAC [32]
// head = the newest committed record (first - 1 and the genesis MAC when the log is empty);
// pending = the record an append is writing now (see AuditLog's durability protocol).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace mfp::security::audit::detail {

inline constexpr std::uint64_t kCapacity = 15000;
inline constexpr std::size_t kSlotBytes = 1024;
inline constexpr std::size_t kHeaderBytes = 1024;
inline constexpr std::uint64_t kFileBytes = kHeaderBytes + kCapacity * kSlotBytes;
inline constexpr std::uint32_t kFormatVersion = 1;

inline constexpr std::size_t kMacBytes = 32;
using Mac = std::array<std::uint8_t, kMacBytes>;

// Header.
inline constexpr std::size_t kHeaderMacOffset = kHeaderBytes - kMacBytes;
inline constexpr std::size_t kMaxKeyIdBytes = 16;

// Slot.
inline constexpr std::size_t kSlotFlagsOffset = 4;
inline constexpr std::size_t kSlotSequenceOffset = 8;
inline constexpr std::size_t kSlotNonceOffset = 16;
inline constexpr std::size_t kSlotTagOffset = 28;
inline constexpr std::size_t kSlotPrevMacOffset = 44;
inline constexpr std::size_t kSlotMacOffset = 76;
inline constexpr std::size_t kSlotCipherOffset = 108;
inline constexpr std::size_t kSlotCipherBytes = kSlotBytes - kSlotCipherOffset;
inline constexpr std::size_t kEventCapacity = kSlotCipherBytes - 2;
inline constexpr std::uint32_t kFlagTombstone = 1;

// NVRAM.
inline constexpr std::size_t kHeadBytes = 4 + 8 + 8 + kMacBytes + 1 + 8 + kMacBytes;

[[nodiscard]] constexpr std::uint32_t slot_of(std::uint64_t sequence) noexcept {
  return static_cast<std::uint32_t>(sequence % kCapacity);
}
[[nodiscard]] constexpr std::uint64_t slot_offset(std::uint32_t slot) noexcept {
  return kHeaderBytes + std::uint64_t{slot} * kSlotBytes;
}

void put_le32(std::span<std::uint8_t> out, std::uint32_t v) noexcept;
void put_le64(std::span<std::uint8_t> out, std::uint64_t v) noexcept;
[[nodiscard]] std::uint32_t get_le32(std::span<const std::uint8_t> in) noexcept;
[[nodiscard]] std::uint64_t get_le64(std::span<const std::uint8_t> in) noexcept;

struct FileHeader {
  std::uint64_t first_sequence = 1;
  std::vector<std::uint8_t> key_id;  // at most kMaxKeyIdBytes (longer ids are cut)
};

// The header bytes without the MAC (the MAC field is left zero).
[[nodiscard]] std::array<std::uint8_t, kHeaderBytes> encode_header(const FileHeader& header);
// The header fields, or nullopt when magic, version, slot size, capacity, key id length or the
// reserved zero bytes are wrong. Does not check the MAC.
[[nodiscard]] std::optional<FileHeader> decode_header(std::span<const std::uint8_t> bytes);

struct HeadRecord {
  std::uint64_t first_sequence = 1;
  std::uint64_t head_sequence = 0;
  Mac head_mac{};
  bool pending = false;
  std::uint64_t pending_sequence = 0;
  Mac pending_mac{};
};

[[nodiscard]] std::array<std::uint8_t, kHeadBytes> encode_head(const HeadRecord& head) noexcept;
// nullopt unless exactly kHeadBytes with the magic, a valid pending flag, first >= 1,
// head >= first - 1, and (when pending) pending == head + 1.
[[nodiscard]] std::optional<HeadRecord> decode_head(std::span<const std::uint8_t> bytes) noexcept;

}  // namespace mfp::security::audit::detail
