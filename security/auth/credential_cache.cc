#include "security/auth/credential_cache.h"

namespace mfp::security::auth {

pipeline::Result<std::unique_ptr<CredentialCache>> CredentialCache::create(
    crypto::Drbg& drbg, engine_hw::Clock::Duration ttl, std::size_t capacity) noexcept {
  MFP_ASSIGN_OR_RETURN(crypto::SecureBytes k, drbg.bytes(32));
  MFP_ASSIGN_OR_RETURN(std::unique_ptr<crypto::HmacSha256> mac,
                       crypto::HmacSha256::create(k.span()));
  std::unique_ptr<CredentialCache> cache(new (std::nothrow)
                                             CredentialCache(std::move(mac), ttl, capacity));
  if (!cache) {
    return pipeline::make_error(pipeline::StatusCode::resource_exhausted,
                                "credential cache: out of memory");
  }
  return cache;
}

crypto::Sha256Digest CredentialCache::key(std::string_view login,
                                          std::span<const std::uint8_t> password) {
  mac_->update({reinterpret_cast<const std::uint8_t*>(login.data()), login.size()});
  const std::uint8_t sep = 0;
  mac_->update({&sep, 1});
  mac_->update(password);
  return mac_->finish();
}

void CredentialCache::insert(std::string_view login, std::span<const std::uint8_t> password,
                             std::uint64_t user_id, std::uint64_t generation,
                             engine_hw::Clock::TimePoint now) {
  if (capacity_ == 0) return;
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = now >= it->second.expires ? entries_.erase(it) : std::next(it);
  }
  while (entries_.size() >= capacity_) {
    auto soonest = entries_.begin();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->second.expires < soonest->second.expires) soonest = it;
    }
    entries_.erase(soonest);
  }
  entries_[key(login, password)] = Entry{user_id, generation, now + ttl_};
}

void CredentialCache::drop_user(std::uint64_t user_id) noexcept {
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = it->second.user_id == user_id ? entries_.erase(it) : std::next(it);
  }
}

}  // namespace mfp::security::auth
