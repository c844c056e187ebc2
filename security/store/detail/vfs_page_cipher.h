#pragma once
// VfsPageCipher: the on-disk page format of the encrypting SQLite VFS (EncryptedVfs). It seals a
// 4096-byte plaintext page into a 4096-byte disk page with AES-256-GCM, opens it again, and
// masks the rollback journal's per-record checksums. Private to security/store.
//
// Disk page layout (the last 32 bytes are the page's SQLite "reserved bytes", which SQLite never
// uses for data because MetadataDb creates the database with 32 reserve bytes):
//
//   [0, 4064)     AES-256-GCM ciphertext of plaintext bytes [0, 4064)
//   [4064, 4076)  12-byte nonce, fresh from the DRBG for every write
//   [4076, 4092)  16-byte GCM tag
//   [4092, 4096)  format bytes: {kVfsFormatVersion, 0, 0, 0}
//
// The AAD is the 4 format bytes, the file kind (main database or rollback journal) and the
// page's position (the 1-based page number in the database, the byte offset in the journal),
// so a page cannot be moved to another position or into another file kind unnoticed. What the
// format cannot detect is a page replaced by an older version of itself at the same position
// (no per-page version counter): that needs a Merkle tree or counter, out of scope here.
//
// Keys: the 32-byte database key is never used directly; HKDF-SHA-256 derives the page key and
// the checksum-mask key from it (separate purposes). Thread-safe: one mutex guards the
// AES-GCM and HMAC contexts, which are not thread-safe themselves.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>

#include "pipeline/status.h"
#include "security/crypto/aead.h"
#include "security/crypto/digest.h"
#include "security/crypto/drbg.h"

namespace mfp::security::store::detail {

inline constexpr std::size_t kVfsPageBytes = 4096;
inline constexpr std::size_t kVfsReserveBytes = 32;
inline constexpr std::size_t kVfsPayloadBytes = kVfsPageBytes - kVfsReserveBytes;        // 4064
inline constexpr std::size_t kVfsNonceOffset = kVfsPayloadBytes;                         // 4064
inline constexpr std::size_t kVfsTagOffset = kVfsNonceOffset + crypto::kAeadNonceBytes;  // 4076
inline constexpr std::size_t kVfsFormatOffset = kVfsTagOffset + crypto::kAeadTagBytes;   // 4092
inline constexpr std::size_t kVfsFormatBytes = 4;
inline constexpr std::uint8_t kVfsFormatVersion = 1;
static_assert(kVfsFormatOffset + kVfsFormatBytes == kVfsPageBytes);

// Which file a page lives in; bound into every page's AAD.
enum class VfsFileKind : std::uint8_t {
  main_db = 1,
  main_journal = 2,
};

using VfsPage = std::span<std::uint8_t, kVfsPageBytes>;
using ConstVfsPage = std::span<const std::uint8_t, kVfsPageBytes>;

class VfsPageCipher {
 public:
  // Derives the page and mask keys from `key` (32 bytes; invalid_argument otherwise). `drbg`
  // supplies the nonces and must outlive the cipher. The caller keeps and zeroes its own key.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<VfsPageCipher>> create(
      std::span<const std::uint8_t> key, crypto::Drbg& drbg) noexcept;
  VfsPageCipher(const VfsPageCipher&) = delete;
  VfsPageCipher& operator=(const VfsPageCipher&) = delete;
  ~VfsPageCipher();

  // Encrypts plaintext bytes [0, 4064) of `plaintext` into `disk` with a fresh nonce (the
  // plaintext's reserved bytes are ignored). `nonce_out`, when given, receives the nonce.
  // internal when the DRBG or the cipher fails; `disk` is then zeroed.
  [[nodiscard]] pipeline::Status seal(
      VfsFileKind kind, std::uint64_t position, ConstVfsPage plaintext, VfsPage disk,
      std::array<std::uint8_t, crypto::kAeadNonceBytes>* nonce_out = nullptr) noexcept;
  // Authenticates and decrypts `disk` into `plaintext` (its reserved bytes become zero).
  // integrity_error on a wrong key, a tampered or moved page, or an unknown format; the
  // plaintext is then all zero. `plaintext` and `disk` may be the same buffer.
  [[nodiscard]] pipeline::Status open(VfsFileKind kind, std::uint64_t position, ConstVfsPage disk,
                                      VfsPage plaintext) noexcept;
  // The 32-bit mask XORed onto the journal checksum that follows the journal page at byte
  // `position` whose nonce is `nonce` (HMAC-SHA-256 of both under the mask key, truncated).
  [[nodiscard]] std::uint32_t journal_checksum_mask(
      std::uint64_t position,
      std::span<const std::uint8_t, crypto::kAeadNonceBytes> nonce) noexcept;
  // Destroys the keys now; every later seal/open fails (used when a connection cannot be
  // closed and its VFS must be kept alive without keys).
  void revoke() noexcept;

 private:
  VfsPageCipher(std::unique_ptr<crypto::Aes256Gcm> aead, std::unique_ptr<crypto::HmacSha256> mask,
                crypto::Drbg& drbg) noexcept;

  std::mutex mutex_;
  std::unique_ptr<crypto::Aes256Gcm> aead_;   // guarded by mutex_
  std::unique_ptr<crypto::HmacSha256> mask_;  // guarded by mutex_
  crypto::Drbg& drbg_;
};

}  // namespace mfp::security::store::detail
