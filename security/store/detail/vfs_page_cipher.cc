#include "security/store/detail/vfs_page_cipher.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <utility>

#include "security/crypto/secure_bytes.h"

namespace mfp::security::store::detail {

using pipeline::make_error;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

// HKDF "info" labels: one purpose per derived key.
constexpr std::string_view kPageKeyInfo = "openmfp metadata-db vfs page key v1";
constexpr std::string_view kMaskKeyInfo = "openmfp metadata-db vfs journal checksum mask v1";

// AAD: the 4 format bytes as stored, the file kind and the position (big-endian).
constexpr std::size_t kAadBytes = kVfsFormatBytes + 1 + 8;

std::array<std::uint8_t, kAadBytes> make_aad(std::span<const std::uint8_t, kVfsFormatBytes> format,
                                             VfsFileKind kind, std::uint64_t position) noexcept {
  std::array<std::uint8_t, kAadBytes> aad{};
  std::copy(format.begin(), format.end(), aad.begin());
  aad[kVfsFormatBytes] = static_cast<std::uint8_t>(kind);
  for (int i = 0; i < 8; ++i) {
    aad[kVfsFormatBytes + 1 + i] = static_cast<std::uint8_t>(position >> (56 - 8 * i));
  }
  return aad;
}

constexpr std::array<std::uint8_t, kVfsFormatBytes> kFormatBytes = {kVfsFormatVersion, 0, 0, 0};

}  // namespace

pipeline::Result<std::unique_ptr<VfsPageCipher>> VfsPageCipher::create(
    std::span<const std::uint8_t> key, crypto::Drbg& drbg) noexcept {
  if (key.size() != crypto::kAeadKeyBytes) {
    return make_error(StatusCode::invalid_argument, "metadata db: key must be 32 bytes");
  }
  MFP_ASSIGN_OR_RETURN(crypto::SecureBytes page_key,
                       crypto::hkdf_sha256(key, {}, kPageKeyInfo, crypto::kAeadKeyBytes));
  MFP_ASSIGN_OR_RETURN(crypto::SecureBytes mask_key,
                       crypto::hkdf_sha256(key, {}, kMaskKeyInfo, 32));
  MFP_ASSIGN_OR_RETURN(std::unique_ptr<crypto::Aes256Gcm> aead,
                       crypto::Aes256Gcm::create(page_key.span()));
  MFP_ASSIGN_OR_RETURN(std::unique_ptr<crypto::HmacSha256> mask,
                       crypto::HmacSha256::create(mask_key.span()));
  // page_key and mask_key are zeroed by SecureBytes on return.
  auto* cipher = new (std::nothrow) VfsPageCipher(std::move(aead), std::move(mask), drbg);
  if (cipher == nullptr) {
    return make_error(StatusCode::resource_exhausted, "metadata db: out of memory");
  }
  return std::unique_ptr<VfsPageCipher>(cipher);
}

VfsPageCipher::VfsPageCipher(std::unique_ptr<crypto::Aes256Gcm> aead,
                             std::unique_ptr<crypto::HmacSha256> mask, crypto::Drbg& drbg) noexcept
    : aead_(std::move(aead)), mask_(std::move(mask)), drbg_(drbg) {}

VfsPageCipher::~VfsPageCipher() = default;

Status VfsPageCipher::seal(VfsFileKind kind, std::uint64_t position, ConstVfsPage plaintext,
                           VfsPage disk,
                           std::array<std::uint8_t, crypto::kAeadNonceBytes>* nonce_out) noexcept {
  auto nonce = disk.subspan<kVfsNonceOffset, crypto::kAeadNonceBytes>();
  auto tag = disk.subspan<kVfsTagOffset, crypto::kAeadTagBytes>();
  auto format = disk.subspan<kVfsFormatOffset, kVfsFormatBytes>();
  Status status = drbg_.generate(nonce);
  if (status.is_ok()) {
    std::copy(kFormatBytes.begin(), kFormatBytes.end(), format.begin());
    const auto aad = make_aad(kFormatBytes, kind, position);
    std::lock_guard<std::mutex> lock(mutex_);
    if (!aead_) {
      status = make_error(StatusCode::internal, "metadata db: keys revoked");
    } else {
      status = aead_->seal(nonce, aad, plaintext.first<kVfsPayloadBytes>(),
                           disk.first<kVfsPayloadBytes>(), tag);
    }
  }
  if (!status.is_ok()) {
    crypto::secure_zero(disk);
    return make_error(StatusCode::internal, "metadata db: page encryption failed");
  }
  if (nonce_out != nullptr) std::copy(nonce.begin(), nonce.end(), nonce_out->begin());
  return Status::ok();
}

Status VfsPageCipher::open(VfsFileKind kind, std::uint64_t position, ConstVfsPage disk,
                           VfsPage plaintext) noexcept {
  // Copy the trailer first: `plaintext` may alias `disk`.
  std::array<std::uint8_t, crypto::kAeadNonceBytes> nonce;
  std::array<std::uint8_t, crypto::kAeadTagBytes> tag;
  std::array<std::uint8_t, kVfsFormatBytes> format;
  std::memcpy(nonce.data(), disk.data() + kVfsNonceOffset, nonce.size());
  std::memcpy(tag.data(), disk.data() + kVfsTagOffset, tag.size());
  std::memcpy(format.data(), disk.data() + kVfsFormatOffset, format.size());
  Status status;
  if (format[0] != kVfsFormatVersion) {
    status = make_error(StatusCode::integrity_error, "metadata db: unknown page format");
  } else {
    const auto aad = make_aad(format, kind, position);
    std::lock_guard<std::mutex> lock(mutex_);
    if (!aead_) {
      status = make_error(StatusCode::integrity_error, "metadata db: keys revoked");
    } else {
      status = aead_->open(nonce, aad, disk.first<kVfsPayloadBytes>(), tag,
                           plaintext.first<kVfsPayloadBytes>());
    }
  }
  if (!status.is_ok()) {
    crypto::secure_zero(plaintext);
    return make_error(StatusCode::integrity_error,
                      "metadata db: page authentication failed (wrong key or tampered storage)");
  }
  std::fill(plaintext.begin() + kVfsPayloadBytes, plaintext.end(), std::uint8_t{0});
  return Status::ok();
}

std::uint32_t VfsPageCipher::journal_checksum_mask(
    std::uint64_t position, std::span<const std::uint8_t, crypto::kAeadNonceBytes> nonce) noexcept {
  std::array<std::uint8_t, 8> pos;
  for (int i = 0; i < 8; ++i) pos[i] = static_cast<std::uint8_t>(position >> (56 - 8 * i));
  crypto::Sha256Digest mac{};
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!mask_) return 0;
    mask_->update(pos);
    mask_->update(nonce);
    mac = mask_->finish();
  }
  const std::uint32_t mask = (std::uint32_t{mac[0]} << 24) | (std::uint32_t{mac[1]} << 16) |
                             (std::uint32_t{mac[2]} << 8) | std::uint32_t{mac[3]};
  crypto::secure_zero(mac);
  return mask;
}

void VfsPageCipher::revoke() noexcept {
  std::lock_guard<std::mutex> lock(mutex_);
  aead_.reset();
  mask_.reset();
}

}  // namespace mfp::security::store::detail
