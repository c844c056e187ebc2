#include "security/store/detail/key_record.h"

#include <algorithm>
#include <string_view>

#include "security/crypto/digest.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::security::store::detail {

using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

constexpr std::string_view kMagic = "MFPOKEY1";

void put_le(std::vector<std::uint8_t>& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
std::uint64_t get_le(const std::uint8_t* p, int bytes) noexcept {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

Result<std::vector<std::uint8_t>> encode_key_record(
    const KeyRecord& r, std::span<const std::uint8_t> mac_key) noexcept {
  if (r.kind.empty() || r.kind.size() > kMaxKindBytes || r.master_key_id.size() > kMaxKeyIdBytes ||
      r.wrapped_key.empty() || r.wrapped_key.size() > kMaxWrappedKeyBytes) {
    return Status(StatusCode::invalid_argument, "key record: field over its limit");
  }
  try {
    std::vector<std::uint8_t> out;
    out.reserve(kMaxKeyRecordBytes);
    out.insert(out.end(), kMagic.begin(), kMagic.end());
    out.insert(out.end(), r.id.bytes.begin(), r.id.bytes.end());
    put_le(out, r.owner.user_id, 8);
    put_le(out, r.owner.job_id, 8);
    put_le(out, r.size, 8);
    put_le(out, r.chunk_bytes, 4);
    out.push_back(static_cast<std::uint8_t>(r.kind.size()));
    out.push_back(static_cast<std::uint8_t>(r.master_key_id.size()));
    put_le(out, r.wrapped_key.size(), 2);
    out.insert(out.end(), r.kind.begin(), r.kind.end());
    out.insert(out.end(), r.master_key_id.begin(), r.master_key_id.end());
    out.insert(out.end(), r.wrapped_key.begin(), r.wrapped_key.end());
    MFP_ASSIGN_OR_RETURN(const crypto::Sha256Digest mac, crypto::hmac_sha256(mac_key, out));
    out.insert(out.end(), mac.begin(), mac.end());
    return out;
  } catch (...) {
    return pipeline::current_exception_status("key record");
  }
}

Result<KeyRecord> decode_key_record(std::span<const std::uint8_t> b,
                                    std::span<const std::uint8_t> mac_key,
                                    std::span<const std::uint8_t> current_master_key_id) noexcept {
  if (b.size() < kKeyRecordFixedBytes + kKeyRecordMacBytes || b.size() > kMaxKeyRecordBytes ||
      !std::equal(kMagic.begin(), kMagic.end(), b.begin())) {
    return Status(StatusCode::integrity_error, "key file is malformed");
  }
  const std::size_t kind_len = b[52];
  const std::size_t key_id_len = b[53];
  const std::size_t wrapped_len = static_cast<std::size_t>(get_le(b.data() + 54, 2));
  if (b.size() != kKeyRecordFixedBytes + kind_len + key_id_len + wrapped_len + kKeyRecordMacBytes) {
    return Status(StatusCode::integrity_error, "key file is malformed");
  }
  const auto body = b.first(b.size() - kKeyRecordMacBytes);
  const auto mac = crypto::hmac_sha256(mac_key, body);
  if (!mac) return mac.status();
  if (!crypto::constant_time_equal(mac.value(), b.last(kKeyRecordMacBytes))) {
    const auto stored_key_id = b.subspan(kKeyRecordFixedBytes + kind_len, key_id_len);
    if (!std::equal(stored_key_id.begin(), stored_key_id.end(), current_master_key_id.begin(),
                    current_master_key_id.end())) {
      return Status(StatusCode::integrity_error,
                    "key file was made under a previous master key (factory reset)");
    }
    return Status(StatusCode::integrity_error, "key file failed authentication (altered)");
  }
  try {
    KeyRecord r;
    std::copy(b.begin() + 8, b.begin() + 24, r.id.bytes.begin());
    r.owner.user_id = get_le(b.data() + 24, 8);
    r.owner.job_id = get_le(b.data() + 32, 8);
    r.size = get_le(b.data() + 40, 8);
    r.chunk_bytes = static_cast<std::uint32_t>(get_le(b.data() + 48, 4));
    const std::uint8_t* p = b.data() + kKeyRecordFixedBytes;
    r.kind.assign(p, p + kind_len);
    p += kind_len;
    r.master_key_id.assign(p, p + key_id_len);
    p += key_id_len;
    r.wrapped_key.assign(p, p + wrapped_len);
    return r;
  } catch (...) {
    return pipeline::current_exception_status("key record");
  }
}

}  // namespace mfp::security::store::detail
