#pragma once
// The on-disk format of an object's key file (keys/<id>.key), private to the store. Not secret
// (the data key inside is wrapped), but authenticated as a whole:
//
//    0  8  "MFPOKEY1"
//    8 16  object id
//   24  8  owner user id (u64 LE)          32  8  owner job id (u64 LE)
//   40  8  plaintext length (u64 LE)       48  4  chunk bytes (u32 LE)
//   52  1  kind length K (1..64)           53  1  master key id length M (0..32)
//   54  2  wrapped key length W (u16 LE, 1..512)
//   56     kind (K) | master key id (M) | wrapped data key (W, AES-KWP under the master key)
//   end 32 HMAC-SHA-256 over everything before it, keyed by KeyManager::derive("object-keys")
//
// Any edit (owner, kind, length, id, wrapped key) fails the HMAC; a file made under an earlier
// master key (before a factory reset) fails it too and is reported as such.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "pipeline/owner_tag.h"
#include "pipeline/status.h"
#include "security/store/object_id.h"

namespace mfp::security::store::detail {

inline constexpr std::size_t kMaxKindBytes = 64;
inline constexpr std::size_t kMaxKeyIdBytes = 32;
inline constexpr std::size_t kMaxWrappedKeyBytes = 512;
inline constexpr std::size_t kKeyRecordFixedBytes = 56;
inline constexpr std::size_t kKeyRecordMacBytes = 32;
inline constexpr std::size_t kMaxKeyRecordBytes = kKeyRecordFixedBytes + kMaxKindBytes +
                                                  kMaxKeyIdBytes + kMaxWrappedKeyBytes +
                                                  kKeyRecordMacBytes;

struct KeyRecord {
  ObjectId id;
  pipeline::OwnerTag owner;
  std::string kind;
  std::uint64_t size = 0;
  std::uint32_t chunk_bytes = 0;
  std::vector<std::uint8_t> master_key_id;
  std::vector<std::uint8_t> wrapped_key;
};

// The file bytes with their HMAC; invalid_argument when a field is over its limit.
[[nodiscard]] pipeline::Result<std::vector<std::uint8_t>> encode_key_record(
    const KeyRecord& record, std::span<const std::uint8_t> mac_key) noexcept;
// Verifies the HMAC (in constant time) before trusting any field, then parses. integrity_error
// for a malformed or altered file, or one made under another master key than
// `current_master_key_id` (the message says which).
[[nodiscard]] pipeline::Result<KeyRecord> decode_key_record(
    std::span<const std::uint8_t> bytes, std::span<const std::uint8_t> mac_key,
    std::span<const std::uint8_t> current_master_key_id) noexcept;

}  // namespace mfp::security::store::detail
