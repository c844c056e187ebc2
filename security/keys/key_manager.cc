#include "security/keys/key_manager.h"

#include <algorithm>
#include <array>
#include <new>

#include "security/crypto/digest.h"
#include "security/crypto/key_wrap.h"

namespace mfp::security::keys {

using pipeline::make_error;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

constexpr std::string_view kSlot = "master-key";
constexpr std::uint8_t kRecordVersion = 1;
constexpr std::size_t kCheckBytes = 8;
// NVRAM record: [version = 1][32 key bytes][first 8 bytes of SHA-256(version || key)]. The
// check detects a torn or corrupted record; it is not a MAC (NVRAM is the root of trust).
constexpr std::size_t kRecordBytes = 1 + kMasterKeyBytes + kCheckBytes;

constexpr std::uint8_t kSalt[] = {'O', 'p', 'e', 'n', 'M', 'F', 'P', ' ', 'v', '1'};

// Wipes a vector read back from NVRAM when it goes out of scope.
struct WipeVector {
  std::vector<std::uint8_t>& bytes;
  ~WipeVector() {
    crypto::secure_zero(bytes);
    bytes.clear();
  }
};

// The check bytes of a record whose first 1 + 32 bytes are already filled in.
std::array<std::uint8_t, kCheckBytes> record_check(std::span<const std::uint8_t> head) noexcept {
  auto digest = crypto::sha256(head.first(1 + kMasterKeyBytes));
  std::array<std::uint8_t, kCheckBytes> check{};
  std::copy_n(digest.begin(), kCheckBytes, check.begin());
  crypto::secure_zero(digest);  // a hash of the key: not the key, but no need to leave it around
  return check;
}

crypto::SecureBytes make_record(std::span<const std::uint8_t> key) {
  crypto::SecureBytes record(kRecordBytes);
  record.data()[0] = kRecordVersion;
  std::copy(key.begin(), key.end(), record.data() + 1);
  const auto check = record_check(record.span());
  std::copy(check.begin(), check.end(), record.data() + 1 + kMasterKeyBytes);
  return record;
}

// The key inside a stored record, or integrity_error. Never echoes any byte of the record.
pipeline::Result<crypto::SecureBytes> parse_record(std::span<const std::uint8_t> record) {
  if (record.size() != kRecordBytes) {
    return make_error(StatusCode::integrity_error, "master key record malformed: wrong length");
  }
  if (record[0] != kRecordVersion) {
    return make_error(StatusCode::integrity_error, "master key record malformed: unknown version");
  }
  const auto check = record_check(record);
  if (!crypto::constant_time_equal(check, record.subspan(1 + kMasterKeyBytes))) {
    return make_error(StatusCode::integrity_error, "master key record malformed: check failed");
  }
  return crypto::SecureBytes::copy_of(record.subspan(1, kMasterKeyBytes));
}

// A fresh master key, persisted. The NVRAM write (atomic) is the commit point.
pipeline::Result<crypto::SecureBytes> mint_and_store(engine_hw::Nvram& nvram, crypto::Drbg& drbg) {
  MFP_ASSIGN_OR_RETURN(auto key, drbg.bytes(kMasterKeyBytes));
  const auto record = make_record(key.span());
  MFP_RETURN_IF_ERROR(nvram.write(kSlot, record.span()));
  return key;
}

Status out_of_memory() {
  return Status(StatusCode::resource_exhausted, "keys: out of memory");
}

}  // namespace

pipeline::Result<std::unique_ptr<KeyManager>> KeyManager::open(engine_hw::Nvram& nvram,
                                                               crypto::Drbg& drbg) noexcept {
  try {
    std::unique_ptr<KeyManager> km(new KeyManager(nvram, drbg));
    MFP_ASSIGN_OR_RETURN(auto stored, nvram.read(kSlot));
    if (stored) {
      WipeVector wipe{*stored};
      MFP_ASSIGN_OR_RETURN(km->master_, parse_record(*stored));
    } else {
      MFP_ASSIGN_OR_RETURN(km->master_, mint_and_store(nvram, drbg));
      km->created_ = true;
    }
    return km;
  } catch (const std::bad_alloc&) {
    return out_of_memory();
  }
}

KeyManager::~KeyManager() = default;  // master_ zeroes itself

Status KeyManager::regenerate() noexcept {
  try {
    // The new key is written first: the NVRAM slot is replaced atomically (and FileNvram zeroes
    // the replaced bytes), so a failure before the write returns leaves the old key in force and
    // a crash after it leaves the new one. Only then is the old key erased from memory.
    MFP_ASSIGN_OR_RETURN(auto fresh, mint_and_store(nvram_, drbg_));
    master_ = std::move(fresh);  // move assignment zeroes and frees the old key
    return Status::ok();
  } catch (const std::bad_alloc&) {
    return out_of_memory();
  }
}

pipeline::Result<crypto::SecureBytes> KeyManager::new_data_key() noexcept {
  return drbg_.bytes(kDataKeyBytes);
}

pipeline::Result<std::vector<std::uint8_t>> KeyManager::wrap(
    std::span<const std::uint8_t> data_key) const noexcept {
  return crypto::wrap_key(master_.span(), data_key);
}

pipeline::Result<crypto::SecureBytes> KeyManager::unwrap(
    std::span<const std::uint8_t> wrapped) const noexcept {
  return crypto::unwrap_key(master_.span(), wrapped);
}

pipeline::Result<crypto::SecureBytes> KeyManager::derive(std::string_view purpose) const noexcept {
  if (purpose.empty()) return make_error(StatusCode::invalid_argument, "keys: empty purpose");
  return crypto::hkdf_sha256(master_.span(), kSalt, purpose, 32);
}

std::vector<std::uint8_t> KeyManager::key_id() const {
  auto derived = derive("key-id");
  if (!derived) return {};
  auto digest = crypto::sha256(derived->span());
  return std::vector<std::uint8_t>(digest.begin(), digest.begin() + 8);
}

}  // namespace mfp::security::keys
