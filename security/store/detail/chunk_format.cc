#include "security/store/detail/chunk_format.h"

#include <algorithm>
#include <string_view>

namespace mfp::security::store::detail {

namespace {

constexpr std::string_view kObjectMagic = "MFPOBJ01";
constexpr std::string_view kAadLabel = "MFP-OBJ-CHUNK-v1";

void put_le32(std::uint8_t* p, std::uint32_t v) noexcept {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
std::uint32_t get_le32(const std::uint8_t* p) noexcept {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
void put_be(std::uint8_t* p, std::uint64_t v, int bytes) noexcept {
  for (int i = bytes - 1; i >= 0; --i) {
    p[i] = static_cast<std::uint8_t>(v);
    v >>= 8;
  }
}

}  // namespace

ObjectHeader make_object_header(const ObjectId& id, std::uint32_t chunk_bytes) noexcept {
  ObjectHeader h{};
  std::copy(kObjectMagic.begin(), kObjectMagic.end(), h.begin());
  std::copy(id.bytes.begin(), id.bytes.end(), h.begin() + 8);
  put_le32(h.data() + 24, chunk_bytes);
  return h;
}

bool object_header_matches(std::span<const std::uint8_t, kObjectHeaderBytes> header,
                           const ObjectId& id, std::uint32_t chunk_bytes) noexcept {
  const ObjectHeader expected = make_object_header(id, chunk_bytes);
  return std::equal(header.begin(), header.end(), expected.begin());
}

ChunkNonce chunk_nonce(std::uint64_t index) noexcept {
  ChunkNonce n{};
  put_be(n.data() + 4, index, 8);
  return n;
}

ChunkAad chunk_aad(const ObjectId& id, const pipeline::OwnerTag& owner, std::uint64_t index,
                   RecordHeader record, std::uint64_t total) noexcept {
  ChunkAad a{};
  std::copy(kAadLabel.begin(), kAadLabel.end(), a.begin());
  std::copy(id.bytes.begin(), id.bytes.end(), a.begin() + 16);
  put_be(a.data() + 32, owner.user_id, 8);
  put_be(a.data() + 40, owner.job_id, 8);
  put_be(a.data() + 48, index, 8);
  put_be(a.data() + 56, record.length, 4);
  a[60] = record.final ? kFinalFlag : 0;
  put_be(a.data() + 64, record.final ? total : 0, 8);
  return a;
}

void put_record_header(std::span<std::uint8_t, kRecordHeaderBytes> out,
                       RecordHeader record) noexcept {
  put_le32(out.data(), record.length);
  out[4] = record.final ? kFinalFlag : 0;
  out[5] = out[6] = out[7] = 0;
}

std::optional<RecordHeader> parse_record_header(
    std::span<const std::uint8_t, kRecordHeaderBytes> in) noexcept {
  if ((in[4] & ~kFinalFlag) != 0 || in[5] != 0 || in[6] != 0 || in[7] != 0) return std::nullopt;
  return RecordHeader{get_le32(in.data()), (in[4] & kFinalFlag) != 0};
}

}  // namespace mfp::security::store::detail
