#include "security/store/object_id.h"

#include "security/crypto/digest.h"

namespace mfp::security::store {

pipeline::Result<ObjectId> ObjectId::random(crypto::Drbg& drbg) noexcept {
  ObjectId id;
  MFP_RETURN_IF_ERROR(drbg.generate(id.bytes));
  return id;
}

std::optional<ObjectId> ObjectId::from_hex(std::string_view hex) noexcept {
  if (hex.size() != 2 * kBytes) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  ObjectId id;
  for (std::size_t i = 0; i < kBytes; ++i) {
    const int hi = nibble(hex[2 * i]);
    const int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    id.bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return id;
}

std::string ObjectId::hex() const {
  return crypto::to_hex(bytes);
}

}  // namespace mfp::security::store
