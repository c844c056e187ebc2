#include "security/audit/detail/log_format.h"

#include <algorithm>
#include <string_view>

namespace mfp::security::audit::detail {

namespace {

constexpr std::string_view kHeaderMagic = "MFPAUDLG";
constexpr std::string_view kHeadMagic = "AHD1";
constexpr std::size_t kKeyIdOffset = 32;
constexpr std::size_t kHeaderUsedBytes = kKeyIdOffset + kMaxKeyIdBytes;

bool has_magic(std::span<const std::uint8_t> bytes, std::string_view magic) {
  return bytes.size() >= magic.size() &&
         std::equal(magic.begin(), magic.end(), bytes.begin(),
                    [](char c, std::uint8_t b) { return static_cast<std::uint8_t>(c) == b; });
}

}  // namespace

void put_le32(std::span<std::uint8_t> out, std::uint32_t v) noexcept {
  for (std::size_t i = 0; i < 4; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

void put_le64(std::span<std::uint8_t> out, std::uint64_t v) noexcept {
  for (std::size_t i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

std::uint32_t get_le32(std::span<const std::uint8_t> in) noexcept {
  std::uint32_t v = 0;
  for (std::size_t i = 4; i-- > 0;) v = (v << 8) | in[i];
  return v;
}

std::uint64_t get_le64(std::span<const std::uint8_t> in) noexcept {
  std::uint64_t v = 0;
  for (std::size_t i = 8; i-- > 0;) v = (v << 8) | in[i];
  return v;
}

std::array<std::uint8_t, kHeaderBytes> encode_header(const FileHeader& header) {
  std::array<std::uint8_t, kHeaderBytes> b{};
  std::copy(kHeaderMagic.begin(), kHeaderMagic.end(), b.begin());
  put_le32(std::span(b).subspan(8), kFormatVersion);
  put_le32(std::span(b).subspan(12), kSlotBytes);
  put_le32(std::span(b).subspan(16), static_cast<std::uint32_t>(kCapacity));
  const std::size_t id_len = std::min(header.key_id.size(), kMaxKeyIdBytes);
  put_le32(std::span(b).subspan(20), static_cast<std::uint32_t>(id_len));
  put_le64(std::span(b).subspan(24), header.first_sequence);
  std::copy_n(header.key_id.begin(), id_len, b.begin() + kKeyIdOffset);
  return b;
}

std::optional<FileHeader> decode_header(std::span<const std::uint8_t> b) {
  if (b.size() < kHeaderBytes || !has_magic(b, kHeaderMagic)) return std::nullopt;
  if (get_le32(b.subspan(8)) != kFormatVersion || get_le32(b.subspan(12)) != kSlotBytes ||
      get_le32(b.subspan(16)) != kCapacity) {
    return std::nullopt;
  }
  const std::uint32_t id_len = get_le32(b.subspan(20));
  if (id_len > kMaxKeyIdBytes) return std::nullopt;
  FileHeader h;
  h.first_sequence = get_le64(b.subspan(24));
  if (h.first_sequence == 0) return std::nullopt;
  h.key_id.assign(b.begin() + kKeyIdOffset, b.begin() + kKeyIdOffset + id_len);
  const auto reserved = b.subspan(kKeyIdOffset + id_len, kHeaderMacOffset - kKeyIdOffset - id_len);
  if (std::any_of(reserved.begin(), reserved.end(), [](std::uint8_t x) { return x != 0; })) {
    return std::nullopt;
  }
  static_assert(kHeaderUsedBytes <= kHeaderMacOffset);
  return h;
}

std::array<std::uint8_t, kHeadBytes> encode_head(const HeadRecord& head) noexcept {
  std::array<std::uint8_t, kHeadBytes> b{};
  std::span<std::uint8_t> s(b);
  std::copy(kHeadMagic.begin(), kHeadMagic.end(), b.begin());
  put_le64(s.subspan(4), head.first_sequence);
  put_le64(s.subspan(12), head.head_sequence);
  std::copy(head.head_mac.begin(), head.head_mac.end(), b.begin() + 20);
  b[52] = head.pending ? 1 : 0;
  if (head.pending) {
    put_le64(s.subspan(53), head.pending_sequence);
    std::copy(head.pending_mac.begin(), head.pending_mac.end(), b.begin() + 61);
  }
  return b;
}

std::optional<HeadRecord> decode_head(std::span<const std::uint8_t> b) noexcept {
  if (b.size() != kHeadBytes || !has_magic(b, kHeadMagic) || b[52] > 1) return std::nullopt;
  HeadRecord h;
  h.first_sequence = get_le64(b.subspan(4));
  h.head_sequence = get_le64(b.subspan(12));
  std::copy_n(b.begin() + 20, kMacBytes, h.head_mac.begin());
  h.pending = b[52] == 1;
  h.pending_sequence = get_le64(b.subspan(53));
  std::copy_n(b.begin() + 61, kMacBytes, h.pending_mac.begin());
  if (h.first_sequence == 0 || h.head_sequence + 1 < h.first_sequence) return std::nullopt;
  if (h.head_sequence >= (std::uint64_t{1} << 62)) return std::nullopt;
  if (h.pending && h.pending_sequence != h.head_sequence + 1) return std::nullopt;
  if (!h.pending &&
      (h.pending_sequence != 0 || std::any_of(h.pending_mac.begin(), h.pending_mac.end(),
                                              [](std::uint8_t x) { return x != 0; }))) {
    return std::nullopt;
  }
  return h;
}

}  // namespace mfp::security::audit::detail
