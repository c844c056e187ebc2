#include "security/crypto/aead.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <new>

#include "security/crypto/openssl_deleter.h"
#include "security/crypto/openssl_error.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::security::crypto {

using pipeline::make_error;
using pipeline::Status;
using pipeline::StatusCode;

// The key is expanded once into two contexts (one per direction); each message only sets a
// new IV. EVP_CIPHER_CTX_free cleanses the key schedule, so no other copy of the key is kept.
struct Aes256Gcm::Impl {
  EvpCipherCtxPtr enc;
  EvpCipherCtxPtr dec;
};

namespace {

// EVP update calls take an int length: feed larger buffers in pieces.
constexpr std::size_t kMaxPiece = std::size_t{1} << 30;

bool partially_overlap(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept {
  if (a.empty() || b.empty() || a.data() == b.data()) return false;
  const auto pa = reinterpret_cast<std::uintptr_t>(a.data());
  const auto pb = reinterpret_cast<std::uintptr_t>(b.data());
  return pa < pb + b.size() && pb < pa + a.size();
}

// Feeds AAD (out == nullptr) or data through `ctx`; `encrypt` picks the EVP direction.
bool update(EVP_CIPHER_CTX* ctx, bool encrypt, std::uint8_t* out,
            std::span<const std::uint8_t> in) noexcept {
  std::size_t done = 0;
  while (done < in.size()) {
    const std::size_t n = std::min(kMaxPiece, in.size() - done);
    int outl = 0;
    unsigned char* dst = out == nullptr ? nullptr : out + done;
    const int rc = encrypt
                       ? EVP_EncryptUpdate(ctx, dst, &outl, in.data() + done, static_cast<int>(n))
                       : EVP_DecryptUpdate(ctx, dst, &outl, in.data() + done, static_cast<int>(n));
    if (rc != 1) return false;
    if (out != nullptr && static_cast<std::size_t>(outl) != n) return false;
    done += n;
  }
  return true;
}

}  // namespace

pipeline::Result<std::unique_ptr<Aes256Gcm>> Aes256Gcm::create(
    std::span<const std::uint8_t> key) noexcept {
  if (key.size() != kAeadKeyBytes) {
    return make_error(StatusCode::invalid_argument, "AES-256-GCM: key must be 32 bytes");
  }
  try {
    auto impl = std::make_unique<Impl>();
    impl->enc.reset(EVP_CIPHER_CTX_new());
    impl->dec.reset(EVP_CIPHER_CTX_new());
    if (!impl->enc || !impl->dec) {
      return make_error(StatusCode::resource_exhausted, "AES-256-GCM: no memory for context");
    }
    // Fetched once per process (an implicit fetch per key setup is a locked lookup).
    static const EvpCipherPtr fetched(EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr));
    const EVP_CIPHER* cipher = fetched.get();
    if (cipher == nullptr) return openssl_error(StatusCode::internal, "AES-256-GCM: not available");
    if (EVP_EncryptInit_ex(impl->enc.get(), cipher, nullptr, key.data(), nullptr) != 1 ||
        EVP_DecryptInit_ex(impl->dec.get(), cipher, nullptr, key.data(), nullptr) != 1) {
      return openssl_error(StatusCode::internal, "AES-256-GCM: key setup failed");
    }
    return std::unique_ptr<Aes256Gcm>(new Aes256Gcm(std::move(impl)));
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "AES-256-GCM: out of memory");
  }
}

Aes256Gcm::Aes256Gcm(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}

Aes256Gcm::~Aes256Gcm() = default;

Status Aes256Gcm::seal(std::span<const std::uint8_t, kAeadNonceBytes> nonce,
                       std::span<const std::uint8_t> aad, std::span<const std::uint8_t> plaintext,
                       std::span<std::uint8_t> ciphertext,
                       std::span<std::uint8_t, kAeadTagBytes> tag) noexcept {
  if (ciphertext.size() != plaintext.size()) {
    return make_error(StatusCode::invalid_argument,
                      "AES-256-GCM seal: ciphertext and plaintext sizes differ");
  }
  if (partially_overlap(plaintext, ciphertext)) {
    return make_error(StatusCode::invalid_argument,
                      "AES-256-GCM seal: buffers overlap without being the same");
  }
  EVP_CIPHER_CTX* ctx = impl_->enc.get();
  int outl = 0;
  const bool ok =
      EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, nonce.data()) == 1 &&
      update(ctx, true, nullptr, aad) && update(ctx, true, ciphertext.data(), plaintext) &&
      EVP_EncryptFinal_ex(ctx, ciphertext.data() + ciphertext.size(), &outl) == 1 && outl == 0 &&
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, static_cast<int>(kAeadTagBytes), tag.data()) ==
          1;
  if (!ok) {
    secure_zero(ciphertext);
    secure_zero(tag);
    return openssl_error(StatusCode::internal, "AES-256-GCM seal failed");
  }
  return Status::ok();
}

Status Aes256Gcm::open(std::span<const std::uint8_t, kAeadNonceBytes> nonce,
                       std::span<const std::uint8_t> aad, std::span<const std::uint8_t> ciphertext,
                       std::span<const std::uint8_t, kAeadTagBytes> tag,
                       std::span<std::uint8_t> plaintext) noexcept {
  if (ciphertext.size() != plaintext.size()) {
    secure_zero(plaintext);
    return make_error(StatusCode::invalid_argument,
                      "AES-256-GCM open: ciphertext and plaintext sizes differ");
  }
  if (partially_overlap(plaintext, ciphertext)) {
    return make_error(StatusCode::invalid_argument,
                      "AES-256-GCM open: buffers overlap without being the same");
  }
  EVP_CIPHER_CTX* ctx = impl_->dec.get();
  // EVP_CTRL_GCM_SET_TAG takes a non-const pointer but only reads the tag.
  std::uint8_t expected_tag[kAeadTagBytes];
  std::copy(tag.begin(), tag.end(), expected_tag);
  if (EVP_DecryptInit_ex(ctx, nullptr, nullptr, nullptr, nonce.data()) != 1 ||
      !update(ctx, false, nullptr, aad) || !update(ctx, false, plaintext.data(), ciphertext) ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, static_cast<int>(kAeadTagBytes),
                          expected_tag) != 1) {
    secure_zero(plaintext);
    return openssl_error(StatusCode::internal, "AES-256-GCM open failed");
  }
  int outl = 0;
  if (EVP_DecryptFinal_ex(ctx, plaintext.data() + plaintext.size(), &outl) != 1) {
    secure_zero(plaintext);
    clear_openssl_errors();
    return make_error(StatusCode::integrity_error, "authentication failed");
  }
  return Status::ok();
}

}  // namespace mfp::security::crypto
