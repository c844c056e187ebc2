#pragma once
// CredentialCache: a short-lived in-memory memo of successful IPP Basic logins, so a CUPS
// exchange of many requests with the same credentials costs one KDF run. Keys are
// HMAC-SHA-256(per-process random key, login || 0x00 || password): neither the password nor a
// reusable hash of it is kept, and the key dies with the process. Each entry holds the user id,
// the account's credential generation (a password change, edit or delete changes it, so the
// entry stops matching) and an expiry (default 60 s). drop_user() removes a user's entries
// (lockout). At most `capacity` entries; the soonest to expire is evicted first.
//
// Failure: create() fails only if the Drbg or HMAC does. Not thread-safe (Authenticator
// serializes). Borrows nothing after create().
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "engine_hw/clock.h"
#include "pipeline/status.h"
#include "security/crypto/digest.h"
#include "security/crypto/drbg.h"

namespace mfp::security::auth {

class CredentialCache {
 public:
  [[nodiscard]] static pipeline::Result<std::unique_ptr<CredentialCache>> create(
      crypto::Drbg& drbg, engine_hw::Clock::Duration ttl, std::size_t capacity = 1024) noexcept;

  // The cached user id for these credentials if present, unexpired and of `generation_of(id)`.
  template <typename GenerationOf>
  [[nodiscard]] std::optional<std::uint64_t> lookup(std::string_view login,
                                                    std::span<const std::uint8_t> password,
                                                    engine_hw::Clock::TimePoint now,
                                                    GenerationOf generation_of) {
    auto it = entries_.find(key(login, password));
    if (it == entries_.end()) return std::nullopt;
    if (now >= it->second.expires || generation_of(it->second.user_id) != it->second.generation) {
      entries_.erase(it);
      return std::nullopt;
    }
    return it->second.user_id;
  }
  void insert(std::string_view login, std::span<const std::uint8_t> password, std::uint64_t user_id,
              std::uint64_t generation, engine_hw::Clock::TimePoint now);
  void drop_user(std::uint64_t user_id) noexcept;
  void clear() noexcept { entries_.clear(); }
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

 private:
  struct Entry {
    std::uint64_t user_id = 0;
    std::uint64_t generation = 0;
    engine_hw::Clock::TimePoint expires{};
  };
  CredentialCache(std::unique_ptr<crypto::HmacSha256> mac, engine_hw::Clock::Duration ttl,
                  std::size_t capacity) noexcept
      : mac_(std::move(mac)), ttl_(ttl), capacity_(capacity) {}
  [[nodiscard]] crypto::Sha256Digest key(std::string_view login,
                                         std::span<const std::uint8_t> password);

  std::unique_ptr<crypto::HmacSha256> mac_;
  engine_hw::Clock::Duration ttl_;
  std::size_t capacity_;
  std::map<crypto::Sha256Digest, Entry> entries_;
};

}  // namespace mfp::security::auth
