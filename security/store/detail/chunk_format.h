#pragma once
// The on-disk format of a sealed object file (objects/<id>.obj), private to the store.
//
//   header  32 bytes: "MFPOBJ01" | object id (16) | chunk bytes (u32 LE) | reserved (u32, 0)
//   record  per chunk: length (u32 LE) | flags (u8; bit 0 = final) | 3 zero bytes
//           | ciphertext (length bytes) | GCM tag (16)
//
// Every record but the last holds exactly `chunk bytes` of plaintext; the last one (flag
// final) holds 0..chunk bytes, so an object always ends in exactly one final record.
//
// Nonce of chunk i: 4 zero bytes | i (u64 BE). A counter is safe here because every object is
// sealed under its own fresh random data key and each chunk index is sealed once: no
// (key, nonce) pair can repeat. The writer never reseals an index (it fails instead).
//
// AAD of chunk i (72 bytes): "MFP-OBJ-CHUNK-v1" | object id (16) | owner user id (u64 BE) |
// owner job id (u64 BE) | i (u64 BE) | length (u32 BE) | flags (u8) | 3 zero bytes |
// total plaintext length of the object (u64 BE) in the final record, 0 in the others.
// So a chunk fails to open when it is moved to another index, another object or another owner,
// when its length or final flag is altered, and when the final record does not match the
// object's authenticated length; truncation shows as a missing final record.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "pipeline/owner_tag.h"
#include "security/crypto/aead.h"
#include "security/store/object_id.h"

namespace mfp::security::store::detail {

inline constexpr std::size_t kObjectHeaderBytes = 32;
inline constexpr std::size_t kRecordHeaderBytes = 8;
inline constexpr std::size_t kRecordOverheadBytes = kRecordHeaderBytes + crypto::kAeadTagBytes;
inline constexpr std::size_t kAadBytes = 72;
inline constexpr std::uint8_t kFinalFlag = 0x01;
inline constexpr std::size_t kMinChunkBytes = 1024;
inline constexpr std::size_t kMaxChunkBytes = 16u << 20;

using ObjectHeader = std::array<std::uint8_t, kObjectHeaderBytes>;
using ChunkNonce = std::array<std::uint8_t, crypto::kAeadNonceBytes>;
using ChunkAad = std::array<std::uint8_t, kAadBytes>;

struct RecordHeader {
  std::uint32_t length = 0;
  bool final = false;
};

[[nodiscard]] ObjectHeader make_object_header(const ObjectId& id,
                                              std::uint32_t chunk_bytes) noexcept;
// True when `header` is a version-1 header for object `id` with `chunk_bytes`.
[[nodiscard]] bool object_header_matches(std::span<const std::uint8_t, kObjectHeaderBytes> header,
                                         const ObjectId& id, std::uint32_t chunk_bytes) noexcept;

[[nodiscard]] ChunkNonce chunk_nonce(std::uint64_t index) noexcept;
[[nodiscard]] ChunkAad chunk_aad(const ObjectId& id, const pipeline::OwnerTag& owner,
                                 std::uint64_t index, RecordHeader record,
                                 std::uint64_t total) noexcept;

void put_record_header(std::span<std::uint8_t, kRecordHeaderBytes> out,
                       RecordHeader record) noexcept;
// nullopt when flags or reserved bytes are not valid.
[[nodiscard]] std::optional<RecordHeader> parse_record_header(
    std::span<const std::uint8_t, kRecordHeaderBytes> in) noexcept;

}  // namespace mfp::security::store::detail
