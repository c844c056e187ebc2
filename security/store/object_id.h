#pragma once
// ObjectId: the name of one sealed object: 16 random bytes from the DRBG, written as 32
// lowercase hex digits in file names. It carries no user data and is not secret.

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/status.h"
#include "security/crypto/drbg.h"

namespace mfp::security::store {

struct ObjectId {
  static constexpr std::size_t kBytes = 16;
  std::array<std::uint8_t, kBytes> bytes{};

  // A fresh random id; fails only when the DRBG does.
  [[nodiscard]] static pipeline::Result<ObjectId> random(crypto::Drbg& drbg) noexcept;
  // Parses exactly 32 lowercase hex digits; nullopt for anything else.
  [[nodiscard]] static std::optional<ObjectId> from_hex(std::string_view hex) noexcept;
  // 32 lowercase hex digits.
  [[nodiscard]] std::string hex() const;

  friend auto operator<=>(const ObjectId&,
                          const ObjectId&) = default;  // NOLINT(modernize-use-nullptr)
};

}  // namespace mfp::security::store

template <>
struct std::hash<mfp::security::store::ObjectId> {
  std::size_t operator()(const mfp::security::store::ObjectId& id) const noexcept {
    std::size_t h = 0;
    for (std::size_t i = 0; i < sizeof h; ++i) h = (h << 8) | id.bytes[i];  // already random
    return h;
  }
};
